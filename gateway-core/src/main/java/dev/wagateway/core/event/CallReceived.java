package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code call.received}: a contact is calling this account (a {@code <call><offer/></call>} stanza;
 * the gateway cannot answer calls).
 *
 * @param callId the call's id
 * @param caller who started the call (its {@code call-creator}), e.g. {@code 1555…@s.whatsapp.net}
 * @param group the group JID of a group call, or null
 * @param video whether the offer is a video call
 * @param rejected whether the gateway rejected it (the session's {@code rejectCalls} setting)
 */
public record CallReceived(
    String sessionId,
    Instant at,
    String callId,
    String caller,
    String group,
    boolean video,
    boolean rejected)
    implements SessionEvent {
  public CallReceived {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(caller, "caller");
  }
}
