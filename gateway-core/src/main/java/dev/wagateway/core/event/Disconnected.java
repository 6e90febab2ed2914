package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code session.disconnected}: a connection ended.
 *
 * @param reason a stable short reason, e.g. {@code restart_required}, {@code stream_error_503},
 *     {@code remote_closed}, {@code keepalive_timeout}, {@code stopped}
 * @param willReconnect whether the session reconnects by itself
 */
public record Disconnected(String sessionId, Instant at, String reason, boolean willReconnect)
    implements SessionEvent {
  public Disconnected {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}
