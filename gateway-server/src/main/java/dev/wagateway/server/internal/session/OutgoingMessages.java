package dev.wagateway.server.internal.session;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.Identity;
import dev.wagateway.core.ReceivedMessage;
import dev.wagateway.core.SentMessage;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.message.FetchedMedia;
import dev.wagateway.core.message.MediaFile;
import dev.wagateway.core.message.MediaUpload;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.MessageKey;
import dev.wagateway.core.message.Quote;
import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.session.SessionService.MediaMessage;
import dev.wagateway.server.internal.session.SessionService.MessageView;
import dev.wagateway.server.internal.session.SessionService.OutgoingMessage;
import dev.wagateway.server.internal.session.SessionService.ReactionMessage;
import dev.wagateway.server.internal.session.SessionService.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of {@link HostSessionService}: text and reactions straight through the core;
 * media reserved under its id at once, then fetched through the session's egress (or taken from an
 * upload), checked, uploaded and sent on a small pool, a failure ending as {@code message.failed}.
 * Message records and statuses are the core's.
 */
final class OutgoingMessages {
  private static final Logger log = LoggerFactory.getLogger(OutgoingMessages.class);
  private static final int MEDIA_THREADS = 4;
  private static final int MEDIA_IN_FLIGHT = 32;

  private final SessionHost host;
  private final Clock clock;

  /** Media messages being fetched, uploaded and sent, at most {@link #MEDIA_IN_FLIGHT}. */
  private final ExecutorService mediaPool =
      Executors.newFixedThreadPool(
          MEDIA_THREADS,
          r -> {
            Thread t = new Thread(r, "wagateway-media-send");
            t.setDaemon(true);
            return t;
          });

  private final Semaphore mediaSlots = new Semaphore(MEDIA_IN_FLIGHT);

  /** Media messages reserved and not yet sent or failed: message id to session id. */
  private final Map<String, String> preparing = new ConcurrentHashMap<>();

  OutgoingMessages(SessionHost host, Clock clock) {
    this.host = host;
    this.clock = clock;
  }

  MessageView send(String id, OutgoingMessage message) {
    if (message instanceof TextMessage t) {
      Quote quote = quote(id, t.to(), t.replyTo());
      MessageContent content =
          quote == null
              ? new MessageContent.Text(t.text())
              : MessageContent.Text.reply(t.text(), quote);
      return sent(id, host.send(id, t.to(), content));
    }
    if (message instanceof ReactionMessage r) {
      MessageKey target = author(id, r.to(), r.messageId(), "messageId");
      return sent(
          id,
          host.send(id, r.to(), new MessageContent.Reaction(target, r.emoji(), clock.millis())));
    }
    return sendMedia(id, (MediaMessage) message);
  }

  private MessageView sent(String id, String messageId) {
    return message(id, messageId)
        .orElseThrow(
            () -> new GatewayException(ErrorCode.INTERNAL, "the sent message has no record"));
  }

  /**
   * Reserves the message, answers with it, and fetches, uploads and sends on the media pool; a
   * failure there marks the message failed ({@code media_download_failed} for the download).
   */
  private MessageView sendMedia(String id, MediaMessage m) {
    MediaUpload.Kind kind = MediaRules.kind(m.type());
    if (!mediaSlots.tryAcquire()) {
      deleteQuietly(m.file());
      throw new GatewayException(
          ErrorCode.SERVICE_UNAVAILABLE, "too many media messages are being prepared; retry later");
    }
    SentMessage reserved;
    try {
      reserved = host.reserveMessage(id, m.to(), m.type());
    } catch (RuntimeException e) {
      mediaSlots.release();
      deleteQuietly(m.file());
      throw e;
    }
    Quote quote = quote(id, m.to(), m.replyTo());
    preparing.put(reserved.id(), id);
    try {
      mediaPool.execute(
          () -> {
            try {
              prepareAndSend(id, m, kind, quote, reserved.id());
            } finally {
              preparing.remove(reserved.id());
              mediaSlots.release();
            }
          });
    } catch (RuntimeException e) {
      preparing.remove(reserved.id());
      mediaSlots.release();
      deleteQuietly(m.file());
      host.failMessage(
          id,
          reserved.id(),
          ErrorCode.SERVICE_UNAVAILABLE.wireName(),
          "the gateway is shutting down");
      throw e;
    }
    return view(reserved);
  }

  private void prepareAndSend(
      String id, MediaMessage m, MediaUpload.Kind kind, Quote quote, String messageId) {
    Path file = m.file();
    try {
      String mime = m.mimeType();
      if (file == null) {
        file = Files.createTempFile("wagateway-fetch", ".media");
        FetchedMedia fetched;
        try {
          fetched = host.fetchMedia(id, m.url(), MediaRules.limitBytes(m.type()), file);
        } catch (GatewayException e) {
          ErrorCode code =
              e.errorCode() == ErrorCode.EGRESS_UNAVAILABLE
                  ? ErrorCode.EGRESS_UNAVAILABLE
                  : ErrorCode.MEDIA_DOWNLOAD_FAILED;
          host.failMessage(id, messageId, code.wireName(), e.getMessage());
          return;
        }
        if (mime == null) {
          mime = fetched.contentType();
        }
        String mismatch = MediaRules.mismatch(m.type(), mime, m.voiceNote());
        if (mismatch != null) {
          host.failMessage(
              id,
              messageId,
              ErrorCode.MEDIA_DOWNLOAD_FAILED.wireName(),
              "the download's Content-Type does not fit: " + mismatch);
          return;
        }
      }
      host.sendMedia(
          id,
          m.to(),
          new MediaFile(
              kind, file, MediaRules.normalized(mime), m.caption(), m.filename(), m.voiceNote()),
          quote,
          messageId);
    } catch (IOException e) {
      host.failMessage(
          id, messageId, ErrorCode.INTERNAL_ERROR.wireName(), "the media could not be staged");
    } catch (RuntimeException e) {
      // sendMedia marked the reserved message failed and published message.failed
      log.warn("media message of session {} failed: {}", id, e.getMessage());
      String code =
          e instanceof GatewayException g ? g.code() : ErrorCode.INTERNAL_ERROR.wireName();
      host.failMessage(id, messageId, code, "the media message could not be sent");
    } finally {
      deleteQuietly(file);
    }
  }

  /** The quote of a reply to {@code replyTo}, naming its author (see {@link #author}). */
  private Quote quote(String id, String chat, String replyTo) {
    if (replyTo == null) {
      return null;
    }
    MessageKey key = author(id, chat, replyTo, "replyTo");
    String participant =
        key.participant() != null ? key.participant() : key.fromMe() ? ownJid(id) : chat;
    return new Quote(replyTo, participant, null, null);
  }

  /**
   * The key of message {@code messageId} in {@code chat}, as a reply or reaction names it: sent by
   * this session (ours); else received by it (its recorded sender, ours when it came from one of
   * our own devices); else, in a 1:1 chat, the other user's. In a group WhatsApp needs the author
   * of a message that is not ours, so an unknown id there is a validation error on {@code field}.
   */
  private MessageKey author(String id, String chat, String messageId, String field) {
    if (host.sentMessage(id, messageId).isPresent()) {
      return MessageKey.of(chat, true, messageId);
    }
    Optional<ReceivedMessage> received = host.receivedMessage(id, chat, messageId);
    boolean group = chat.endsWith("@g.us");
    if (received.isPresent()) {
      ReceivedMessage r = received.get();
      return new MessageKey(chat, r.fromMe(), messageId, group && !r.fromMe() ? r.sender() : null);
    }
    if (!group) {
      return MessageKey.of(chat, false, messageId);
    }
    throw new ApiException(
        ApiError.VALIDATION_ERROR,
        field + " names no message this session sent or received in the group",
        Map.of("field", field, "reason", "unknown_message"));
  }

  private String ownJid(String id) {
    return host.me(id).map(OutgoingMessages::userJid).orElse(null);
  }

  /** {@code 15551234567:7@s.whatsapp.net} becomes {@code 15551234567@s.whatsapp.net}. */
  private static String userJid(Identity identity) {
    String jid = identity.jid();
    int colon = jid.indexOf(':');
    int at = jid.indexOf('@');
    return colon > 0 && at > colon ? jid.substring(0, colon) + jid.substring(at) : jid;
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete a staged media file: {}", e.getClass().getSimpleName());
    }
  }

  Optional<MessageView> message(String id, String messageId) {
    if (host.get(id).isEmpty()) {
      return Optional.empty();
    }
    return host.sentMessage(id, messageId).map(OutgoingMessages::view);
  }

  static MessageView view(SentMessage m) {
    return new MessageView(
        m.id(),
        m.sessionId(),
        m.to(),
        m.type(),
        m.status().wireName(),
        m.errorCode(),
        m.errorMessage(),
        m.createdAt(),
        m.updatedAt());
  }

  /**
   * Stops preparing media; a message whose preparation did not finish is marked failed ({@code
   * interrupted}), so none stays pending forever.
   */
  void close() {
    mediaPool.shutdownNow();
    try {
      mediaPool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    preparing.forEach(
        (messageId, sessionId) -> {
          try {
            host.failMessage(
                sessionId,
                messageId,
                ErrorCode.INTERRUPTED.wireName(),
                "the gateway stopped before the media was sent");
          } catch (RuntimeException e) {
            log.warn("could not mark an unsent media message failed: {}", e.getMessage());
          }
        });
    preparing.clear();
  }
}
