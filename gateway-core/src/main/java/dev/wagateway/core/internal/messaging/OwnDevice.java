package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.wire.Jid;
import java.util.Objects;

/**
 * This session's own addresses: the phone-number device JID and, when known, the LID device JID.
 * Messages are never encrypted for these exact devices; the account's other devices get the {@code
 * deviceSentMessage} copy.
 */
public record OwnDevice(Jid jid, Jid lid) {
  public OwnDevice {
    Objects.requireNonNull(jid, "jid");
    if (!jid.isUser() || (lid != null && !lid.isLid())) {
      throw new ValidationException("own device needs a user JID and, optionally, a LID");
    }
  }

  /** Whether {@code device} is this very device (under either address). */
  public boolean isThisDevice(Jid device) {
    return sameDevice(device, jid) || (lid != null && sameDevice(device, lid));
  }

  /** Whether {@code jid} belongs to our account (any of its devices, PN or LID). */
  public boolean isOwnAccount(Jid other) {
    return sameUser(other, jid) || (lid != null && sameUser(other, lid));
  }

  /**
   * The device our group sender key goes under: the LID device in LID-addressed groups (when we
   * know our LID), else the phone-number device, so that it matches the {@code participant}
   * receivers see.
   */
  public Jid senderKeyIdentity(boolean lidAddressing) {
    return lidAddressing && lid != null ? lid : jid;
  }

  private static boolean sameUser(Jid a, Jid b) {
    return a.user().equals(b.user()) && a.server().equals(b.server());
  }

  private static boolean sameDevice(Jid a, Jid b) {
    return sameUser(a, b) && a.device() == b.device();
  }
}
