package dev.wagateway.core.host;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.Identity;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.QrCode;
import dev.wagateway.core.ReceivedMessage;
import dev.wagateway.core.SentMessage;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.Subscription;
import dev.wagateway.core.event.EventType;
import dev.wagateway.core.event.SessionEventListener;
import dev.wagateway.core.message.FetchedMedia;
import dev.wagateway.core.message.MediaFile;
import dev.wagateway.core.message.MediaUpload;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.Quote;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Hosts many WhatsApp linked-device sessions in one process: create, pair (QR or phone code),
 * start, stop, log out, delete, and listen to their events.
 *
 * <pre>{@code
 * try (SessionHost host = SessionHost.open(SessionHostConfig.builder()
 *     .store(Stores.sqlite(dataDir))
 *     .egressResolver(session -> myEgress)
 *     .build())) {
 *   host.subscribe(event -> System.out.println(SessionEvents.toJson(event)));
 *   SessionInfo s = host.create(NewSession.builder("acme").startImmediately(true).build());
 * }
 * }</pre>
 *
 * <p>Each session's desired state (started or stopped) is stored; {@link #open} resumes the started
 * ones with their stored credentials (no QR). Sessions have no thread of their own: their work runs
 * on a shared executor (virtual threads on Java 21+) and their timers on one shared scheduler.
 * Operations on an unknown id throw {@link GatewayException.NotFoundException}.
 *
 * <p>This interface is the one list of session operations: {@link #open} returns the library's
 * implementation, embedders (the HTTP server) call it directly, and tests may stand in for it.
 */
public interface SessionHost extends AutoCloseable {
  /** Opens a host over {@code config}'s store and resumes every session that should run. */
  static SessionHost open(SessionHostConfig config) {
    HostEngine engine = new HostEngine(Objects.requireNonNull(config, "config"));
    engine.resume();
    return engine;
  }

  /** Creates (and stores) a session; starts it when {@code spec.startImmediately()}. */
  SessionInfo create(NewSession spec);

  Optional<SessionInfo> get(String id);

  /** The organisation's sessions, oldest first; every session when {@code orgId} is null. */
  List<SessionInfo> list(String orgId);

  /** Connects: logs in when paired, else shows QR codes. Stores the desired state STARTED. */
  SessionInfo start(String id);

  /** Disconnects and stores the desired state STOPPED; the pairing is kept. */
  SessionInfo stop(String id);

  /**
   * Unlinks the device (remove-companion-device, connecting first if needed), then replaces the
   * credentials with a fresh device so the session can be paired again. Idempotent.
   */
  SessionInfo logout(String id);

  /** Stops, logs out if paired, and removes every stored row of the session. */
  void delete(String id);

  /** The QR code to show, while the session is {@link SessionStatus#QR_READY}. */
  Optional<QrCode> currentQr(String id);

  /**
   * Starts phone-number pairing and returns the code to type on the phone (also sent as an {@code
   * auth.pairing_code} event). Starts the session when it is stopped.
   *
   * @param phoneDigits the account's number in international format (digits, optional +)
   * @throws GatewayException.ValidationException when the number is not plausible or the session is
   *     already paired
   */
  PairingCode requestPairingCode(String id, String phoneDigits);

  /** The linked account, when paired. */
  Optional<Identity> me(String id);

  /**
   * Accepts {@code content} for {@code to} (a user JID such as {@code 15551234567@s.whatsapp.net},
   * or a group {@code …@g.us}) into the ready session's send queue and returns the message id at
   * once, without waiting on the network: the message is stored (status pending) before this
   * returns, survives a restart, and is encrypted and sent in order by the session's own worker
   * (docs/architecture.md, Send path). The server's ack follows as {@code message.sent}, a failure
   * ({@code no_devices}, {@code timeout}, …) as {@code message.failed}, receipts as {@code
   * message.delivered} and {@code message.read}.
   *
   * @throws GatewayException.ValidationException for a bad recipient or content
   * @throws GatewayException {@code not_connected} when the session is not ready, {@code
   *     queue_full} when its send queue holds {@link SessionHostConfig#sendQueueCapacity()}
   *     messages
   */
  String send(String sessionId, String to, MessageContent content);

  /** Sends plain text; see {@link #send}. */
  default String sendText(String sessionId, String to, String text) {
    return send(sessionId, to, new MessageContent.Text(Objects.requireNonNull(text, "text")));
  }

  /**
   * Encrypts and uploads {@code media} (fresh media key, AES-CBC + HMAC, through the session's
   * egress) and sends it as an image, video, audio, document or sticker message; see {@link #send}.
   */
  String sendMedia(String sessionId, String to, MediaUpload media);

  /**
   * Downloads, verifies and decrypts the file of a received media message.
   *
   * @throws GatewayException.CryptoException {@code media_hash_mismatch}, {@code
   *     media_mac_mismatch}, {@code media_truncated} when the blob was corrupted or tampered with
   * @throws GatewayException {@code media_expired}, {@code media_download_failed}, …
   */
  byte[] downloadMedia(String sessionId, MessageContent.Media media);

  /** The status of a message this session sent (kept 30 days, across restarts). */
  default Optional<MessageStatus> messageStatus(String sessionId, String messageId) {
    return sentMessage(sessionId, messageId).map(SentMessage::status);
  }

  /**
   * The record of a message this session sent: chat, type, status, failure, times. Records are
   * written before the message is encrypted and kept 30 days, across restarts.
   */
  Optional<SentMessage> sentMessage(String sessionId, String messageId);

  /**
   * Who sent message {@code messageId} that this session received in {@code chatJid} (a group, or
   * the other user of a 1:1 chat): the author a reply or reaction to it must name. Only the key is
   * kept (no content), from the moment the message was decrypted, for 30 days, across restarts; it
   * goes with a logout.
   */
  Optional<ReceivedMessage> receivedMessage(String sessionId, String chatJid, String messageId);

  /**
   * Records a message in status pending under a fresh id before its content exists, for callers
   * that answer at once and produce the content later (media still being downloaded). Send it with
   * {@link #sendMedia(String, String, MediaFile, Quote, String)} under that id, or mark it failed
   * with {@link #failMessage}.
   *
   * @param to the chat JID, as for {@link #send}
   * @param type {@code text}, {@code reaction}, {@code image}, {@code video}, {@code audio}, {@code
   *     document} or {@code sticker}
   * @throws GatewayException {@code not_paired} when the session has no account yet
   */
  SentMessage reserveMessage(String sessionId, String to, String type);

  /**
   * Uploads {@code media} from its file (streamed, through the session's egress) and sends it,
   * quoting {@code replyTo} when not null, under {@code reservedId} when the message was
   * {@linkplain #reserveMessage reserved} (else under a fresh id). A reserved message whose upload
   * or send fails is marked failed and announced with {@code message.failed}.
   *
   * @return the message id once the stanza went out
   */
  String sendMedia(String sessionId, String to, MediaFile media, Quote replyTo, String reservedId);

  /**
   * Marks a pending message failed with {@code code} (e.g. {@code media_download_failed}) and
   * publishes {@code message.failed}; false when the message is unknown or no longer pending.
   */
  boolean failMessage(String sessionId, String messageId, String code, String description);

  /**
   * Downloads {@code url} (http or https) into {@code target} through the session's egress, the
   * same way the session reaches WhatsApp's media hosts: never from this host's own address. Stops
   * at the first byte over {@code maxBytes}.
   *
   * @throws GatewayException {@code media_too_large}, {@code media_download_failed}, {@code
   *     egress_unavailable}; {@link GatewayException.ValidationException} for a bad URL
   */
  FetchedMedia fetchMedia(String sessionId, URI url, long maxBytes, Path target);

  /** Every event of every session. */
  default Subscription subscribe(SessionEventListener listener) {
    return subscribe(null, Set.of(), listener);
  }

  /** Events of one session (or all when null) and of the given types (or all when empty). */
  Subscription subscribe(String sessionId, Set<EventType> types, SessionEventListener listener);

  /** Disconnects every session (their desired states stay stored) and stops event delivery. */
  @Override
  void close();
}
