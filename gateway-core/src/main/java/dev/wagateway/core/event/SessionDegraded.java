package dev.wagateway.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code session.degraded}: the session keeps reconnecting without becoming ready (more reconnects
 * inside the loop window than the host allows). Published once per degraded period; the session
 * goes on retrying with capped backoff, and the period ends when it is ready again.
 *
 * @param reconnects the reconnects counted inside the window when the period began
 * @param window the loop-detection window
 * @param lastReason the reason of the last disconnect, e.g. {@code failure_503}
 */
public record SessionDegraded(
    String sessionId, Instant at, int reconnects, Duration window, String lastReason)
    implements SessionEvent {
  public SessionDegraded {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(lastReason, "lastReason");
  }
}
