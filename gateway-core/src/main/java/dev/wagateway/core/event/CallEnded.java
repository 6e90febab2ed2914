package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code call.ended}: a call reported by {@link CallReceived} is over.
 *
 * @param callId the call's id
 * @param caller who started the call
 * @param reason why: the {@code reason} of the caller's {@code <terminate/>} (e.g. {@code
 *     timeout}), {@code terminated} when it gave none, {@code rejected} when this gateway or
 *     another device of the account rejected it
 */
public record CallEnded(String sessionId, Instant at, String callId, String caller, String reason)
    implements SessionEvent {
  public CallEnded {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(reason, "reason");
  }
}
