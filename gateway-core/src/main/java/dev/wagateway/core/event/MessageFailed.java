package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code message.failed}: a send failed; {@code reason} is a stable code such as {@code
 * server_error_479}, {@code no_devices}, {@code not_connected}, {@code timeout}.
 */
public record MessageFailed(
    String sessionId, Instant at, String messageId, String chat, String reason)
    implements SessionEvent {
  public MessageFailed {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
  }
}
