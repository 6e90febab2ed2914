package dev.wagateway.server.internal.session;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.server.internal.events.ApiEventType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the server needs from the session layer, in the names of the core's {@code SessionHost}
 * (create, get, list, start, stop, logout, delete, currentQr, requestPairingCode, me, subscribe).
 * The server never talks to a session's connection directly; org scoping happens in the server
 * before any of these calls.
 */
public interface SessionService extends AutoCloseable {
  SessionView create(NewSessionSpec spec);

  Optional<SessionView> get(String id);

  List<SessionView> list(String orgId);

  SessionView start(String id);

  SessionView stop(String id);

  SessionView logout(String id);

  void delete(String id);

  SessionView changeEgress(String id, EgressChoice egress);

  Optional<QrView> currentQr(String id);

  String requestPairingCode(String id, String phoneDigits);

  /**
   * Sends {@code message} and returns it in status {@code pending} (or further along, when the
   * server already acknowledged it). Text and reactions go out before this returns; media is
   * reserved under its id at once and fetched, uploaded and sent afterwards, a failure there ending
   * as {@code message.failed}. A media {@code file} becomes this layer's to delete.
   */
  MessageView send(String id, OutgoingMessage message);

  /** A message this session sent (kept 30 days, across restarts); empty when unknown. */
  Optional<MessageView> message(String id, String messageId);

  /** Every session event, in order per session, on a thread that is not a connection's. */
  AutoCloseable subscribe(Consumer<ServerEvent> listener);

  @Override
  void close();

  /** What to create. */
  record NewSessionSpec(
      String orgId, String senderId, String displayName, EgressChoice egress, boolean start) {}

  /** A session as the API shows it. {@code status} is the core's wire name (qr_ready, ...). */
  record SessionView(
      String id,
      String orgId,
      String senderId,
      String displayName,
      String status,
      boolean desiredStarted,
      String lastError,
      EgressChoice egress,
      IdentityView identity,
      QrView qr,
      Instant createdAt,
      Instant updatedAt,
      Instant lastConnectedAt) {}

  /** The linked account. {@code phone} is digits without '+'. */
  record IdentityView(String jid, String lid, int deviceId, String phone, String pushName) {}

  /**
   * An outgoing message; {@code type} and {@code status} are the API's lower-case names, {@code
   * errorCode} and {@code errorMessage} are set when it failed.
   */
  record MessageView(
      String id,
      String sessionId,
      String to,
      String type,
      String status,
      String errorCode,
      String errorMessage,
      Instant createdAt,
      Instant updatedAt) {}

  /** A message to send; {@code to} is a full JID. */
  sealed interface OutgoingMessage {
    String to();

    /** The API's type name. */
    String type();
  }

  /** Text, quoting {@code replyTo} (a message id in the chat) when not null. */
  record TextMessage(String to, String text, String replyTo) implements OutgoingMessage {
    @Override
    public String type() {
      return "text";
    }
  }

  /** A reaction to {@code messageId} in the chat; an empty {@code emoji} removes it. */
  record ReactionMessage(String to, String messageId, String emoji) implements OutgoingMessage {
    @Override
    public String type() {
      return "reaction";
    }
  }

  /**
   * Media of {@code type} (image, video, audio, document, sticker) from {@code url} (fetched
   * through the session's egress) or from {@code file} (an upload spooled to disk); exactly one of
   * them. {@code mimeType} null means the download's Content-Type.
   */
  record MediaMessage(
      String to,
      String type,
      URI url,
      Path file,
      String mimeType,
      String caption,
      String filename,
      boolean voiceNote,
      String replyTo)
      implements OutgoingMessage {}

  /** A pairing QR. */
  record QrView(String code, Instant expiresAt) {}

  /**
   * An event from the core: its type ({@code auth.qr}, ...), session, time and the type's fields in
   * the API's vocabulary (for session.status: the core status wire name under {@code coreStatus},
   * plus {@code desiredStarted} and {@code lastError}).
   */
  record ServerEvent(ApiEventType type, String sessionId, Instant at, Map<String, Object> fields) {}
}
