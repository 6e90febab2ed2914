package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/** {@code message.delivered}: a device of {@code by} received a message we sent. */
public record MessageDelivered(
    String sessionId, Instant at, String messageId, String chat, String by)
    implements SessionEvent {
  public MessageDelivered {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
  }
}
