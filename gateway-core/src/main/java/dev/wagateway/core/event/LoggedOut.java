package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code auth.logged_out}: the link is gone; the session must be paired again.
 *
 * @param reason {@link #PHONE_UNLINKED} (the phone or server removed the device), {@link
 *     #LOGOUT_REQUESTED} (our own logout), or {@code failure_<code>} for a login refused with a
 *     logged-out reason
 */
public record LoggedOut(String sessionId, Instant at, String reason) implements SessionEvent {
  public static final String PHONE_UNLINKED = "phone_unlinked";
  public static final String LOGOUT_REQUESTED = "logout_requested";

  public LoggedOut {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}
