package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code message.undecryptable}: an incoming message could not be decrypted; a retry receipt was
 * sent. {@code reason} is the Signal error code.
 */
public record UndecryptableMessage(
    String sessionId, Instant at, String messageId, String chat, String sender, String reason)
    implements SessionEvent {
  public UndecryptableMessage {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
  }
}
