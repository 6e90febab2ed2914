package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/** {@code message.read}: {@code by} read (or played) a message we sent. */
public record MessageRead(String sessionId, Instant at, String messageId, String chat, String by)
    implements SessionEvent {
  public MessageRead {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
  }
}
