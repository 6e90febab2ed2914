package dev.wagateway.server.internal.session;

import dev.wagateway.core.store.StoredSession.EgressChoice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the server needs from the session layer, in the names of the core's {@code SessionHost}
 * (create, get, list, start, stop, logout, delete, currentQr, requestPairingCode, me,
 * subscribe). The server never talks to a session's connection directly; org scoping happens in
 * the server before any of these calls.
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
   * Queues a text message to {@code toJid} (a full JID) and returns it in status {@code pending}
   * (or further along, when the server already acknowledged it).
   */
  MessageView sendText(String id, String toJid, String text);

  /** A message this session sent, while it is remembered; empty when unknown. */
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

  /** An outgoing message; {@code type} and {@code status} are the API's lower-case names. */
  record MessageView(
      String id,
      String sessionId,
      String to,
      String type,
      String status,
      Instant createdAt,
      Instant updatedAt) {}

  /** A pairing QR. */
  record QrView(String code, Instant expiresAt) {}

  /**
   * An event from the core: its type ({@code auth.qr}, ...), session, time and the type's fields
   * in the API's vocabulary (for session.status: the core status wire name under {@code
   * coreStatus}, plus {@code desiredStarted} and {@code lastError}).
   */
  record ServerEvent(String type, String sessionId, Instant at, Map<String, Object> fields) {}
}
