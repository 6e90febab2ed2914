package dev.wagateway.testkit;

import java.time.Instant;

/**
 * A companion device linked to a {@link SimulatedPhone}, as the server knows it.
 *
 * @param jid the device JID, e.g. {@code 15551234567:1@s.whatsapp.net}
 * @param lid the LID device JID
 * @param deviceId the device number
 * @param keyIndex the ADV key index
 * @param phoneDigits the account's phone number
 * @param noiseKey the companion's Noise static public key (authenticates its logins)
 * @param identityKey the companion's Signal identity public key
 * @param registrationId the companion's Signal registration id
 * @param os what the phone lists ({@code DeviceProps.os}), or null
 * @param linkedAt when pair-device-sign was verified
 * @param preKeyCount one-time prekeys the server holds for the device
 */
public record LinkedDevice(
    String jid,
    String lid,
    int deviceId,
    int keyIndex,
    String phoneDigits,
    byte[] noiseKey,
    byte[] identityKey,
    int registrationId,
    String os,
    Instant linkedAt,
    int preKeyCount) {
  public LinkedDevice {
    noiseKey = noiseKey.clone();
    identityKey = identityKey.clone();
  }

  @Override
  public byte[] noiseKey() {
    return noiseKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinkedDevice other
        && jid.equals(other.jid)
        && java.util.Objects.equals(lid, other.lid)
        && deviceId == other.deviceId
        && keyIndex == other.keyIndex
        && phoneDigits.equals(other.phoneDigits)
        && java.util.Arrays.equals(noiseKey, other.noiseKey)
        && java.util.Arrays.equals(identityKey, other.identityKey)
        && registrationId == other.registrationId
        && java.util.Objects.equals(os, other.os)
        && linkedAt.equals(other.linkedAt)
        && preKeyCount == other.preKeyCount;
  }

  @Override
  public int hashCode() {
    return jid.hashCode() * 31 + keyIndex;
  }

  @Override
  public String toString() {
    return "LinkedDevice[" + jid + ", keyIndex=" + keyIndex + "]";
  }
}
