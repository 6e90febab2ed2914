package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code message.sent}: the server acknowledged a message we sent; {@code serverTimestamp} is its
 * authoritative time.
 */
public record MessageSent(
    String sessionId, Instant at, String messageId, String chat, Instant serverTimestamp)
    implements SessionEvent {
  public MessageSent {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
  }
}
