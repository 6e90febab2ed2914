package dev.wagateway.testkit;

/**
 * How a pairing driven by a {@link SimulatedPhone} ended.
 *
 * @param outcome what happened
 * @param deviceJid the device JID offered in pair-success, e.g. {@code
 *     15551234567:1@s.whatsapp.net}
 * @param lid the LID device JID offered, e.g. {@code 123456789012345:1@lid}
 * @param deviceId the device number
 * @param keyIndex the ADV key index
 * @param errorCode the companion's pair-error code (401, 500), or 0
 * @param errorText the companion's pair-error text ({@code hmac-mismatch}...), or a reason the
 *     phone refused the companion's reply, or null
 * @param connection the registration connection the pairing ran on
 */
public record Paired(
    Outcome outcome,
    String deviceJid,
    String lid,
    int deviceId,
    int keyIndex,
    int errorCode,
    String errorText,
    SimulatedConnection connection) {

  /** How the pairing ended. */
  public enum Outcome {
    /** pair-device-sign verified; the device is linked and the server sent 515. */
    LINKED,
    /** The companion answered with pair-error ({@link #errorCode()}, {@link #errorText()}). */
    REJECTED,
    /** The companion's pair-device-sign did not verify; nothing was linked. */
    BAD_DEVICE_SIGN,
    /**
     * The companion signed a pair-success carrying a {@link PairingFault}: it should have refused.
     */
    SIGNED_FAULTY,
    /** The socket was dropped after pair-success ({@link PairingFault#DROP_AFTER_PAIR_SUCCESS}). */
    DROPPED,
    /** No answer to pair-success in time. */
    NO_REPLY
  }

  /** True when the device is now linked. */
  public boolean linked() {
    return outcome == Outcome.LINKED;
  }
}
