package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/** {@code auth.pairing_code}: the code ({@code XXXX-XXXX}) to type on the phone. */
public record PairingCodeIssued(String sessionId, Instant at, String code) implements SessionEvent {
  public PairingCodeIssued {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(code, "code");
  }

  @Override
  public String toString() {
    return "PairingCodeIssued[sessionId=" + sessionId + "]";
  }
}
