package dev.wagateway.core.event;

import dev.wagateway.core.Identity;
import java.time.Instant;
import java.util.Objects;

/** {@code auth.paired}: the phone linked this session to its account. */
public record Paired(String sessionId, Instant at, Identity identity) implements SessionEvent {
  public Paired {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(identity, "identity");
  }
}
