package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/** {@code message.read}: {@code by} read (or played) a message we sent. */
public record MessageRead(String sessionId, Instant at, String messageId, String chat, String by)
    implements SessionEvent {
  public static final String TYPE = "message.read";

  public MessageRead {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
