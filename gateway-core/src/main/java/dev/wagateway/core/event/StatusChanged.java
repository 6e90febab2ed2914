package dev.wagateway.core.event;

import dev.wagateway.core.Identity;
import dev.wagateway.core.SessionStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code session.status}: the session's status changed.
 *
 * @param lastError the error that came with it (stable prefix), or null
 * @param identity the linked account, or null
 */
public record StatusChanged(
    String sessionId, Instant at, SessionStatus status, String lastError, Identity identity)
    implements SessionEvent {
  public StatusChanged {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(status, "status");
  }
}
