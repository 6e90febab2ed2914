package dev.wagateway.core.host;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.NotFoundException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.Identity;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.QrCode;
import dev.wagateway.core.ReceivedMessage;
import dev.wagateway.core.SentMessage;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.Subscription;
import dev.wagateway.core.event.EventType;
import dev.wagateway.core.event.SessionEventFilter;
import dev.wagateway.core.event.SessionEventListener;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.pairing.PhoneNumbers;
import dev.wagateway.core.message.FetchedMedia;
import dev.wagateway.core.message.MediaFile;
import dev.wagateway.core.message.MediaUpload;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.Quote;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.StoredSession;
import dev.wagateway.core.wire.Jid;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's {@link SessionHost}: the table of hosted sessions and the operations on them,
 * delegating to the package-private {@link Session} and its collaborators. Package-private: {@link
 * SessionHost#open} creates it; callers see the interface.
 */
final class HostEngine implements SessionHost {
  private static final Logger log = LoggerFactory.getLogger(HostEngine.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> RESERVABLE_TYPES =
      Set.of("text", "reaction", "image", "video", "audio", "document", "sticker");

  private final HostContext host;
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final CreateBatcher creates;
  private volatile boolean closed;

  public HostEngine(SessionHostConfig config) {
    this.host = new HostContext(config, new EventBus(config.eventQueueCapacity()));
    this.creates = new CreateBatcher(config.store());
  }

  /** Loads every stored session and starts those whose desired state is STARTED. */
  @SuppressWarnings("FutureReturnValueIgnored") // the whenComplete callback handles each outcome
  public void resume() {
    List<Session> toStart = new ArrayList<>();
    for (StoredSession stored : host.store.sessionMeta().listAll()) {
      Session s = new Session(host, stored, true);
      sessions.put(s.id, s);
      if (stored.desiredState() == DesiredState.STARTED) {
        toStart.add(s);
      }
    }
    for (Session s : toStart) {
      s.call(s::start)
          .whenComplete(
              (info, error) -> {
                if (error != null) {
                  log.warn("could not resume session {}: {}", s.id, error.toString());
                }
              });
    }
    log.info("loaded {} sessions, resuming {}", sessions.size(), toStart.size());
  }

  @Override
  public SessionInfo create(NewSession spec) {
    Objects.requireNonNull(spec, "spec");
    requireOpen();
    String id =
        spec.id() != null ? spec.id() : SessionIds.generate(host.now(), host.config.random());
    if (sessions.containsKey(id)) {
      throw new ValidationException("a session with id " + id + " already exists");
    }
    long now = host.now().toEpochMilli();
    StoredSession row =
        new StoredSession(
            id,
            spec.orgId(),
            spec.senderId(),
            spec.displayName(),
            spec.startImmediately() ? DesiredState.STARTED : DesiredState.STOPPED,
            StoredSession.STATUS_INITIALIZING,
            null,
            spec.egress(),
            null,
            null,
            null,
            null,
            now,
            now,
            null);
    DeviceCredentials credentials = DeviceKeys.credentials(host.config.random());
    await(creates.store(row, credentials));
    Session s = new Session(host, row, false);
    // committed above; the session's first start need not read them back (before any task of
    // its executor, so the executor sees the field)
    s.creds = credentials;
    if (sessions.putIfAbsent(id, s) != null) {
      throw new ValidationException("a session with id " + id + " already exists");
    }
    if (spec.startImmediately()) {
      return await(s.call(s::start));
    }
    return s.snapshot();
  }

  @Override
  public Optional<SessionInfo> get(String id) {
    Session s = id == null ? null : sessions.get(id);
    return s == null ? Optional.empty() : Optional.of(s.snapshot());
  }

  @Override
  public List<SessionInfo> list(String orgId) {
    List<SessionInfo> out = new ArrayList<>();
    for (Session s : sessions.values()) {
      SessionInfo info = s.snapshot();
      if (orgId == null || orgId.equals(info.orgId())) {
        out.add(info);
      }
    }
    out.sort(Comparator.comparing(SessionInfo::createdAt).thenComparing(SessionInfo::id));
    return out;
  }

  @Override
  public SessionInfo start(String id) {
    Session s = require(id);
    return await(s.call(s::start));
  }

  @Override
  public SessionInfo stop(String id) {
    Session s = require(id);
    return await(s.call(s::stop));
  }

  @Override
  @SuppressWarnings(
      "FutureReturnValueIgnored") // call() yields a future of a future, flattened by thenCompose
  // and awaited
  public SessionInfo logout(String id) {
    Session s = require(id);
    return await(s.call(s::logout).thenCompose(f -> f));
  }

  @Override
  public void delete(String id) {
    Session s = require(id);
    boolean paired =
        s.snapshot().identity() != null
            || await(
                s.call(
                    () -> {
                      s.loadCredentials();
                      return s.creds != null && s.creds.paired();
                    }));
    if (paired) {
      try {
        logout(id);
      } catch (GatewayException e) {
        log.warn("logout before delete failed: {}", e.getMessage());
      }
    }
    await(
        s.call(
            () -> {
              s.markDeleted();
              return Boolean.TRUE;
            }));
    host.store.deleteSession(id);
    sessions.remove(id);
  }

  @Override
  public Optional<QrCode> currentQr(String id) {
    return Optional.ofNullable(require(id).snapshot().currentQr());
  }

  @Override
  @SuppressWarnings(
      "FutureReturnValueIgnored") // call() yields a future of a future, flattened by thenCompose
  // and awaited
  public PairingCode requestPairingCode(String id, String phone) {
    Session s = require(id);
    String digits = PhoneNumbers.normalize(phone);
    return await(s.call(() -> s.requestPairingCode(digits)).thenCompose(f -> f));
  }

  @Override
  public Optional<Identity> me(String id) {
    return Optional.ofNullable(require(id).snapshot().identity());
  }

  @Override
  public String send(String id, String to, MessageContent content) {
    Session s = require(id);
    Jid jid = recipient(to);
    if (content == null) {
      throw new GatewayException.ValidationException("message content is required");
    }
    return s.sender.send(jid, content);
  }

  private static Jid recipient(String to) {
    if (to == null || to.isBlank()) {
      throw new GatewayException.ValidationException("recipient JID is required");
    }
    try {
      return Jid.parse(to.trim());
    } catch (GatewayException e) {
      throw new GatewayException.ValidationException("not a JID: " + to);
    }
  }

  @Override
  public SentMessage reserveMessage(String id, String to, String type) {
    Session s = require(id);
    Jid jid = recipient(to);
    if (type == null || !RESERVABLE_TYPES.contains(type)) {
      throw new GatewayException.ValidationException(
          "message type must be one of " + RESERVABLE_TYPES);
    }
    return s.sender.reserve(jid, type);
  }

  @Override
  public String sendMedia(String id, String to, MediaFile file, Quote quote, String reservedId) {
    Session s = require(id);
    Jid jid = recipient(to);
    if (file == null) {
      throw new GatewayException.ValidationException("media is required");
    }
    if (reservedId != null) {
      SentMessage reserved =
          s.messaging
              .record(reservedId)
              .orElseThrow(() -> new NotFoundException("no reserved message " + reservedId));
      if (reserved.status() != MessageStatus.PENDING) {
        throw new GatewayException(ErrorCode.CONFLICT, "the reserved message is no longer pending");
      }
    }
    MessageContent.Media content;
    try {
      content = s.media.upload(file);
    } catch (GatewayException e) {
      if (reservedId != null) {
        s.sender.fail(reservedId, e.code(), e.getMessage());
      }
      throw e;
    }
    return s.sender.send(jid, content, quote, reservedId);
  }

  @Override
  public boolean failMessage(String id, String messageId, String code, String description) {
    if (code == null || code.isBlank()) {
      throw new GatewayException.ValidationException("a failure needs a code");
    }
    return require(id).sender.fail(messageId, code, description);
  }

  @Override
  public Optional<SentMessage> sentMessage(String id, String messageId) {
    if (messageId == null || messageId.isBlank()) {
      return Optional.empty();
    }
    return require(id).messaging.record(messageId);
  }

  @Override
  public Optional<ReceivedMessage> receivedMessage(String id, String chat, String messageId) {
    Session s = require(id);
    if (chat == null || chat.isBlank() || messageId == null || messageId.isBlank()) {
      return Optional.empty();
    }
    return host.store.device(s.id).receivedMessages().load(chat, messageId);
  }

  @Override
  public FetchedMedia fetchMedia(String id, URI url, long maxBytes, Path target) {
    if (maxBytes <= 0) {
      throw new GatewayException.ValidationException("the size limit must be positive");
    }
    return require(id).media.fetch(url, maxBytes, target);
  }

  @Override
  public String sendMedia(String id, String to, MediaUpload upload) {
    Session s = require(id);
    if (upload == null) {
      throw new GatewayException.ValidationException("media is required");
    }
    return send(id, to, s.media.upload(upload));
  }

  @Override
  public byte[] downloadMedia(String id, MessageContent.Media media) {
    Session s = require(id);
    if (media == null) {
      throw new GatewayException.ValidationException("media is required");
    }
    return s.media.download(media);
  }

  @Override
  public Subscription subscribe(
      String sessionId, Set<EventType> types, SessionEventListener listener) {
    return host.events.subscribe(listener, new SessionEventFilter(sessionId, types));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<CompletableFuture<Object>> closing = new ArrayList<>();
    for (Session s : sessions.values()) {
      closing.add(
          s.call(
              () -> {
                s.markDeleted();
                return null;
              }));
    }
    try {
      CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
          .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("sessions did not all close in time: {}", e.toString());
    }
    sessions.clear();
    host.events.close();
  }

  private Session require(String id) {
    requireOpen();
    Session s = id == null ? null : sessions.get(id);
    if (s == null) {
      throw new NotFoundException("no session " + id);
    }
    return s;
  }

  private void requireOpen() {
    if (closed) {
      throw new GatewayException(ErrorCode.HOST_CLOSED, "the session host is closed");
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(
          ErrorCode.INTERRUPTED, "interrupted while waiting for the session");
    } catch (TimeoutException e) {
      throw new GatewayException(ErrorCode.TIMEOUT, "the session did not answer in time");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GatewayException g) {
        throw g;
      }
      throw new GatewayException(ErrorCode.SESSION_ERROR, String.valueOf(cause), cause);
    }
  }
}
