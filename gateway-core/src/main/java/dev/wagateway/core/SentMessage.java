package dev.wagateway.core;

import dev.wagateway.core.GatewayException.ValidationException;
import java.time.Instant;
import java.util.Objects;

/**
 * The durable record of a message a session sent: kept in the session's store from before its
 * Signal encryption until pruned (30 days after it was accepted), so its status survives a restart.
 *
 * @param id the WhatsApp message id
 * @param sessionId the session that sent it
 * @param to the chat JID (user without device, or group)
 * @param type {@code text}, {@code reaction}, {@code image}, {@code video}, {@code audio}, {@code
 *     document}, {@code sticker} or {@code other}
 * @param status where it stands; only moves forward (see {@link MessageStatus#canAdvanceTo})
 * @param errorCode why it failed ({@code media_download_failed}, {@code server_error_479}, …); null
 *     unless {@code status} is {@link MessageStatus#FAILED}
 * @param errorMessage a description of the failure without message content; null unless failed
 * @param createdAt when it was accepted
 * @param updatedAt when its status last changed
 */
public record SentMessage(
    String id,
    String sessionId,
    String to,
    String type,
    MessageStatus status,
    String errorCode,
    String errorMessage,
    Instant createdAt,
    Instant updatedAt) {
  public SentMessage {
    if (id == null || id.isBlank()) {
      throw new ValidationException("a sent message needs its id");
    }
    if (sessionId == null || sessionId.isBlank()) {
      throw new ValidationException("a sent message needs its session id");
    }
    if (to == null || to.isBlank()) {
      throw new ValidationException("a sent message needs its chat");
    }
    if (type == null || type.isBlank()) {
      throw new ValidationException("a sent message needs its type");
    }
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A freshly accepted message in status {@link MessageStatus#PENDING}. */
  public static SentMessage pending(
      String id, String sessionId, String to, String type, Instant at) {
    return new SentMessage(id, sessionId, to, type, MessageStatus.PENDING, null, null, at, at);
  }

  /** This record moved to {@code next} at {@code at}, with the failure's code and message. */
  public SentMessage advancedTo(MessageStatus next, String code, String message, Instant at) {
    boolean failed = next == MessageStatus.FAILED;
    return new SentMessage(
        id,
        sessionId,
        to,
        type,
        next,
        failed ? (code == null ? ErrorCode.SEND_FAILED.wireName() : code) : null,
        failed ? message : null,
        createdAt,
        at);
  }
}
