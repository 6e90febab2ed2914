package dev.wagateway.server.internal.session;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.Identity;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.QrCode;
import dev.wagateway.core.SentMessage;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.Subscription;
import dev.wagateway.core.event.LoggedOut;
import dev.wagateway.core.event.MessageDelivered;
import dev.wagateway.core.event.MessageFailed;
import dev.wagateway.core.event.MessageRead;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.MessageSent;
import dev.wagateway.core.event.Paired;
import dev.wagateway.core.event.PairingCodeIssued;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.store.Ids;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.store.SessionEgressStore.SessionEgress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The server's {@link SessionService} on the core's {@link SessionHost}. The egress the API chose
 * is kept in the server's {@code session_egress} table (a proxy URL's credentials never reach the
 * core's rows) and read by the egress resolver on every connect; events are translated to the API's
 * field names.
 */
public final class HostSessionService implements SessionService {
  private final SessionHost host;
  private final SessionEgressStore egressStore;
  private final ServerEgressResolver router;
  private final Clock clock;
  private final Map<String, String> pairingPhones = new ConcurrentHashMap<>();
  private final OutgoingMessages outgoing;

  public HostSessionService(SessionHost host, SessionEgressStore egressStore, Clock clock) {
    this(host, egressStore, null, clock);
  }

  /** {@code router} is the host's egress resolver, or null when it has none of the server's. */
  HostSessionService(
      SessionHost host, SessionEgressStore egressStore, ServerEgressResolver router, Clock clock) {
    this.host = host;
    this.egressStore = egressStore;
    this.router = router;
    this.clock = clock;
    this.outgoing = new OutgoingMessages(host, clock);
  }

  /** The session host this layer runs on. */
  public SessionHost host() {
    return host;
  }

  @Override
  public SessionView create(NewSessionSpec spec) {
    String id = Ids.next("sess");
    EgressChoice requested = spec.egress();
    String proxyUrl = null;
    EgressChoice core = requested;
    if (requested != null
        && requested.kind() == EgressKind.EXTERNAL
        && requested.nodeId() != null
        && requested.nodeId().contains("://")) {
      proxyUrl = requested.nodeId();
      core = new EgressChoice(EgressKind.EXTERNAL, null, requested.country());
    }
    if (core != null) {
      egressStore.put(id, new SessionEgress(core, proxyUrl), clock.millis());
    }
    SessionInfo info =
        host.create(
            NewSession.builder(spec.orgId())
                .id(id)
                .senderId(spec.senderId())
                .displayName(spec.displayName())
                .egress(core)
                .startImmediately(spec.start())
                .build());
    return view(info);
  }

  @Override
  public Optional<SessionView> get(String id) {
    return host.get(id).map(this::view);
  }

  @Override
  public List<SessionView> list(String orgId) {
    return host.list(orgId).stream().map(this::view).toList();
  }

  @Override
  public SessionView start(String id) {
    return view(host.start(id));
  }

  @Override
  public SessionView stop(String id) {
    return view(host.stop(id));
  }

  @Override
  public SessionView logout(String id) {
    return view(host.logout(id));
  }

  @Override
  public void delete(String id) {
    host.delete(id);
    egressStore.delete(id);
    if (router != null) {
      router.release(id);
    }
    pairingPhones.remove(id);
  }

  @Override
  public SessionView changeEgress(String id, EgressChoice egress) {
    SessionInfo before =
        host.get(id)
            .orElseThrow(
                () ->
                    new dev.wagateway.core.GatewayException.NotFoundException("no session " + id));
    egressStore.put(id, new SessionEgress(egress, null), clock.millis());
    if (router != null && egress.kind() != EgressKind.EXTERNAL) {
      // off the pool: forget the proxy; back on it later, the session is matched afresh
      router.release(id);
    }
    if (before.desiredState() == DesiredState.STARTED) {
      // reconnect through the new egress
      host.stop(id);
      return view(host.start(id));
    }
    return view(host.get(id).orElse(before));
  }

  @Override
  public Optional<QrView> currentQr(String id) {
    return host.currentQr(id).map(q -> new QrView(q.code(), q.expiresAt()));
  }

  @Override
  public String requestPairingCode(String id, String phoneDigits) {
    pairingPhones.put(id, phoneDigits);
    return host.requestPairingCode(id, phoneDigits).code();
  }

  @Override
  public MessageView send(String id, OutgoingMessage message) {
    return outgoing.send(id, message);
  }

  @Override
  public Optional<MessageView> message(String id, String messageId) {
    return outgoing.message(id, messageId);
  }

  @Override
  public AutoCloseable subscribe(Consumer<ServerEvent> listener) {
    Subscription subscription =
        host.subscribe(
            event -> {
              ServerEvent translated = translate(event);
              if (translated != null) {
                listener.accept(translated);
              }
            });
    return subscription::close;
  }

  @Override
  public void close() {
    outgoing.close();
    host.close();
  }

  /** The API's form of a core event, or null for events the API does not carry. */
  ServerEvent translate(SessionEvent event) {
    Optional<ApiEventType> type = ApiEventType.of(event.eventType());
    if (type.isEmpty()) {
      return null;
    }
    Map<String, Object> f = new LinkedHashMap<>();
    if (event instanceof StatusChanged e) {
      f.put("coreStatus", e.status().wireName());
      f.put(
          "desiredStarted",
          host.get(e.sessionId()).map(s -> s.desiredState() == DesiredState.STARTED).orElse(false));
      f.put("paired", e.identity() != null);
      f.put("lastError", e.lastError());
    } else if (event instanceof QrCodeIssued e) {
      f.put("code", e.code());
      f.put("expiresAt", e.expiresAt().toEpochMilli());
    } else if (event instanceof PairingCodeIssued e) {
      f.put("code", e.code());
      f.put("phone", pairingPhones.getOrDefault(e.sessionId(), ""));
    } else if (event instanceof Paired e) {
      IdentityView id = identity(e.identity());
      f.put("jid", id.jid());
      f.put("lid", id.lid());
      f.put("phone", id.phone());
      f.put("pushName", id.pushName());
      f.put("deviceId", id.deviceId());
    } else if (event instanceof LoggedOut e) {
      f.put("reason", e.reason());
    } else if (event instanceof MessageSent e) {
      f.put("messageId", e.messageId());
      f.put("to", e.chat());
    } else if (event instanceof MessageDelivered e) {
      receipt(e.messageId(), e.chat(), e.by(), f);
    } else if (event instanceof MessageRead e) {
      receipt(e.messageId(), e.chat(), e.by(), f);
    } else if (event instanceof MessageFailed e) {
      f.put("messageId", e.messageId());
      f.put("to", e.chat());
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", e.reason() == null ? ErrorCode.SEND_FAILED.wireName() : e.reason());
      error.put("message", failureMessage(e.sessionId(), e.messageId()));
      f.put("error", error);
    } else if (event instanceof MessageReceived e) {
      received(e, f);
    }
    return new ServerEvent(type.get(), event.sessionId(), event.at(), f);
  }

  /**
   * The stored description of a failure, without message content; a generic one when the record
   * cannot be read (translation also runs without a host, and never fails over a description).
   */
  private String failureMessage(String sessionId, String messageId) {
    if (host == null || sessionId == null || messageId == null) {
      return "the message could not be sent";
    }
    try {
      return host.sentMessage(sessionId, messageId)
          .map(SentMessage::errorMessage)
          .filter(m -> !m.isBlank())
          .orElse("the message could not be sent");
    } catch (GatewayException e) {
      return "the message could not be sent";
    }
  }

  private SessionView view(SessionInfo s) {
    Optional<SessionEgress> stored = egressStore.get(s.id());
    EgressChoice egress = s.egress();
    if (stored.isPresent()) {
      SessionEgress e = stored.get();
      egress =
          e.proxyUrl() != null
              ? new EgressChoice(EgressKind.EXTERNAL, e.proxyUrl(), e.choice().country())
              : e.choice();
    }
    QrCode qr = s.currentQr();
    return new SessionView(
        s.id(),
        s.orgId(),
        s.senderId(),
        s.displayName(),
        s.status().wireName(),
        s.desiredState() == DesiredState.STARTED,
        s.lastError(),
        egress,
        s.identity() == null ? null : identity(s.identity()),
        qr == null ? null : new QrView(qr.code(), qr.expiresAt()),
        s.createdAt(),
        s.updatedAt(),
        s.lastConnectedAt());
  }

  static IdentityView identity(Identity i) {
    String phone = i.phone().startsWith("+") ? i.phone().substring(1) : i.phone();
    return new IdentityView(i.jid(), i.lid(), i.deviceId(), phone, i.pushName());
  }

  /** A delivery or read receipt; {@code participant} only for groups. */
  private static void receipt(String messageId, String chat, String by, Map<String, Object> f) {
    f.put("messageId", messageId);
    f.put("to", chat);
    if (by != null && chat != null && chat.endsWith("@g.us")) {
      f.put("participant", by);
    }
  }

  /** A received message in the API's {@code MessageReceivedEvent} fields. */
  private static void received(MessageReceived e, Map<String, Object> f) {
    f.put("messageId", e.key().id());
    f.put("chat", e.chat());
    f.put("from", e.sender() != null ? e.sender() : e.chat());
    f.put("fromMe", e.fromMe());
    if (e.pushName() != null) {
      f.put("pushName", e.pushName());
    }
    MessageContent c = e.content();
    String type = "unknown";
    if (c instanceof MessageContent.Text t) {
      type = "text";
      f.put("text", t.text());
      if (t.quoted() != null) {
        f.put("replyTo", t.quoted().stanzaId());
      }
    } else if (c instanceof MessageContent.Reaction r) {
      type = "reaction";
      f.put("reactionTo", r.target().id());
      f.put("emoji", r.emoji() == null ? "" : r.emoji());
    } else if (c instanceof MessageContent.Media m) {
      type =
          m instanceof MessageContent.Audio
              ? "audio"
              : m instanceof MessageContent.Video ? "video" : m.mediaType();
      if (m instanceof MessageContent.Image i && i.caption() != null) {
        f.put("text", i.caption());
      } else if (m instanceof MessageContent.Video v && v.caption() != null) {
        f.put("text", v.caption());
      } else if (m instanceof MessageContent.Document d) {
        if (d.caption() != null) {
          f.put("text", d.caption());
        }
        if (d.fileName() != null) {
          f.put("filename", d.fileName());
        }
      }
    } else if (c instanceof MessageContent.Location) {
      type = "location";
    } else if (c instanceof MessageContent.Contact) {
      type = "contact";
    }
    f.put("messageType", type);
    f.put("timestamp", (e.timestamp() != null ? e.timestamp() : e.at()).toString());
  }
}
