package dev.wagateway.server;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.GatewayException.NotFoundException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.session.SessionService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory session layer for HTTP tests: it keeps sessions and emits the events the real host
 * would, and lets a test drive the protocol side (a QR appears, the phone scans it).
 */
final class FakeSessionService implements SessionService {
  private final Map<String, SessionView> sessions = new ConcurrentHashMap<>();
  private final List<Consumer<ServerEvent>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, MessageView> messages = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public synchronized SessionView create(NewSessionSpec spec) {
    Instant now = Instant.now();
    String id = "sess_test" + ids.incrementAndGet();
    SessionView v =
        new SessionView(
            id,
            spec.orgId(),
            spec.senderId(),
            spec.displayName(),
            "initializing",
            spec.start(),
            null,
            spec.egress(),
            null,
            null,
            now,
            now,
            null);
    sessions.put(id, v);
    calls.add("create " + id);
    status(v);
    return v;
  }

  @Override
  public Optional<SessionView> get(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  @Override
  public List<SessionView> list(String orgId) {
    List<SessionView> out = new ArrayList<>();
    for (SessionView v : sessions.values()) {
      if (v.orgId().equals(orgId)) {
        out.add(v);
      }
    }
    return out;
  }

  private SessionView require(String id) {
    SessionView v = sessions.get(id);
    if (v == null) {
      throw new NotFoundException("no session " + id);
    }
    return v;
  }

  @Override
  public synchronized SessionView start(String id) {
    calls.add("start " + id);
    SessionView v = require(id);
    return update(with(v, v.status(), true, v.lastError(), v.identity(), v.qr()));
  }

  @Override
  public synchronized SessionView stop(String id) {
    calls.add("stop " + id);
    SessionView v = require(id);
    return update(with(v, "disconnected", false, null, v.identity(), null));
  }

  @Override
  public synchronized SessionView logout(String id) {
    calls.add("logout " + id);
    SessionView v = require(id);
    if (v.identity() == null) {
      return v;
    }
    SessionView out =
        update(with(v, "disconnected", false, "logged_out: logout_requested", null, null));
    emit(ApiEventType.AUTH_LOGGED_OUT, id, Map.of("reason", "logout_requested"));
    return out;
  }

  @Override
  public synchronized void delete(String id) {
    calls.add("delete " + id);
    require(id);
    sessions.remove(id);
  }

  @Override
  public synchronized SessionView changeEgress(String id, EgressChoice egress) {
    SessionView v = require(id);
    SessionView out =
        new SessionView(
            v.id(),
            v.orgId(),
            v.senderId(),
            v.displayName(),
            v.status(),
            v.desiredStarted(),
            v.lastError(),
            egress,
            v.identity(),
            v.qr(),
            v.createdAt(),
            Instant.now(),
            v.lastConnectedAt());
    sessions.put(id, out);
    return out;
  }

  @Override
  public Optional<QrView> currentQr(String id) {
    return Optional.ofNullable(require(id).qr());
  }

  @Override
  public String requestPairingCode(String id, String phoneDigits) {
    SessionView v = require(id);
    if (v.identity() != null) {
      throw new ValidationException("already paired");
    }
    emit(ApiEventType.AUTH_PAIRING_CODE, id, Map.of("code", "ABCD-EFGH", "phone", phoneDigits));
    return "ABCD-EFGH";
  }

  /** Media messages handed to {@link #send}, in order (their files are kept for inspection). */
  final List<MediaMessage> media = new CopyOnWriteArrayList<>();

  /** When set, {@link #send} throws it (e.g. the core's queue_full). */
  volatile RuntimeException sendFailure;

  @Override
  public synchronized MessageView send(String id, OutgoingMessage message) {
    require(id);
    RuntimeException failure = sendFailure;
    if (failure != null) {
      throw failure;
    }
    Instant now = Instant.now();
    String messageId = "3EBTEST" + ids.incrementAndGet();
    MessageView m =
        new MessageView(
            messageId, id, message.to(), message.type(), "pending", null, null, now, now);
    messages.put(id + "/" + messageId, m);
    if (message instanceof TextMessage t) {
      calls.add(
          "sendText "
              + id
              + " "
              + t.to()
              + " "
              + t.text()
              + (t.replyTo() == null ? "" : " replyTo=" + t.replyTo()));
    } else if (message instanceof ReactionMessage r) {
      calls.add("sendReaction " + id + " " + r.to() + " " + r.messageId() + " " + r.emoji());
    } else if (message instanceof MediaMessage md) {
      media.add(md);
      calls.add("sendMedia " + id + " " + md.to() + " " + md.type());
    }
    return m;
  }

  @Override
  public Optional<MessageView> message(String id, String messageId) {
    return Optional.ofNullable(messages.get(id + "/" + messageId));
  }

  /** The server acknowledged a sent message: its status becomes sent. */
  synchronized void acknowledge(String id, String messageId) {
    MessageView m = messages.get(id + "/" + messageId);
    messages.put(
        id + "/" + messageId,
        new MessageView(
            m.id(), id, m.to(), m.type(), "sent", null, null, m.createdAt(), Instant.now()));
  }

  @Override
  public AutoCloseable subscribe(Consumer<ServerEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    calls.add("close");
  }

  // ---- what the protocol side does ----

  synchronized void issueQr(String id, String code, Instant expiresAt) {
    SessionView v = require(id);
    update(with(v, "qr_ready", true, null, null, new QrView(code, expiresAt)));
    emit(ApiEventType.AUTH_QR, id, Map.of("code", code, "expiresAt", expiresAt.toEpochMilli()));
  }

  synchronized void pair(String id, IdentityView identity) {
    SessionView v = require(id);
    Map<String, Object> paired = new LinkedHashMap<>();
    paired.put("jid", identity.jid());
    paired.put("lid", identity.lid());
    paired.put("phone", identity.phone());
    paired.put("pushName", identity.pushName());
    paired.put("deviceId", identity.deviceId());
    emit(ApiEventType.AUTH_PAIRED, id, paired);
    update(with(v, "ready", true, null, identity, null));
  }

  private SessionView with(
      SessionView v,
      String status,
      boolean started,
      String error,
      IdentityView identity,
      QrView qr) {
    Instant now = Instant.now();
    return new SessionView(
        v.id(),
        v.orgId(),
        v.senderId(),
        v.displayName(),
        status,
        started,
        error,
        v.egress(),
        identity,
        qr,
        v.createdAt(),
        now,
        "ready".equals(status) ? now : v.lastConnectedAt());
  }

  private SessionView update(SessionView v) {
    SessionView old = sessions.put(v.id(), v);
    if (old == null
        || !old.status().equals(v.status())
        || old.desiredStarted() != v.desiredStarted()) {
      status(v);
    }
    return v;
  }

  private void status(SessionView v) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("coreStatus", v.status());
    fields.put("desiredStarted", v.desiredStarted());
    fields.put("paired", v.identity() != null);
    fields.put("lastError", v.lastError());
    emit(ApiEventType.SESSION_STATUS, v.id(), fields);
  }

  private void emit(ApiEventType type, String sessionId, Map<String, Object> fields) {
    ServerEvent e = new ServerEvent(type, sessionId, Instant.now(), new LinkedHashMap<>(fields));
    for (Consumer<ServerEvent> l : listeners) {
      l.accept(e);
    }
  }
}
