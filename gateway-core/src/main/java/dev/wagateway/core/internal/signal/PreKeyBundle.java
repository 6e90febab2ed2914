package dev.wagateway.core.internal.signal;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.crypto.Curve;
import java.util.OptionalInt;

/**
 * A peer device's prekey bundle, as fetched with {@code <iq xmlns="encrypt" type="get">}. Keys may
 * be given raw (32 bytes, as on the wire) or 0x05-prefixed (33 bytes); they are kept prefixed.
 *
 * @param registrationId the peer's registration id
 * @param identityKey the peer device's identity public key
 * @param signedPreKeyId id of the signed prekey
 * @param signedPreKey the signed prekey's public key
 * @param signedPreKeySignature XEdDSA signature by the identity key over 0x05 ‖ signedPreKey
 * @param preKeyId id of the one-time prekey, empty when the server had none left
 * @param preKey the one-time prekey's public key, null exactly when {@code preKeyId} is empty
 */
public record PreKeyBundle(
    int registrationId,
    byte[] identityKey,
    int signedPreKeyId,
    byte[] signedPreKey,
    byte[] signedPreKeySignature,
    OptionalInt preKeyId,
    byte[] preKey) {

  public PreKeyBundle {
    identityKey = key(identityKey, "identity key");
    signedPreKey = key(signedPreKey, "signed prekey");
    if (signedPreKeySignature == null || signedPreKeySignature.length != 64) {
      throw new ValidationException("signed prekey signature must be 64 bytes");
    }
    signedPreKeySignature = signedPreKeySignature.clone();
    if (preKeyId == null) {
      preKeyId = OptionalInt.empty();
    }
    if (preKeyId.isPresent() != (preKey != null)) {
      throw new ValidationException("one-time prekey id and key must be given together");
    }
    preKey = preKey == null ? null : key(preKey, "one-time prekey");
  }

  /** A bundle without a one-time prekey. */
  public PreKeyBundle(
      int registrationId,
      byte[] identityKey,
      int signedPreKeyId,
      byte[] signedPreKey,
      byte[] signedPreKeySignature) {
    this(
        registrationId,
        identityKey,
        signedPreKeyId,
        signedPreKey,
        signedPreKeySignature,
        OptionalInt.empty(),
        null);
  }

  private static byte[] key(byte[] key, String what) {
    if (key == null || !(key.length == 32 || (key.length == 33 && key[0] == Curve.DJB_TYPE))) {
      throw new ValidationException(what + " must be 32 bytes, or 33 with the 0x05 prefix");
    }
    return Curve.withPrefix(key);
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }

  @Override
  public byte[] signedPreKey() {
    return signedPreKey.clone();
  }

  @Override
  public byte[] signedPreKeySignature() {
    return signedPreKeySignature.clone();
  }

  @Override
  public byte[] preKey() {
    return preKey == null ? null : preKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreKeyBundle b
        && registrationId == b.registrationId
        && signedPreKeyId == b.signedPreKeyId
        && preKeyId.equals(b.preKeyId)
        && java.util.Arrays.equals(identityKey, b.identityKey)
        && java.util.Arrays.equals(signedPreKey, b.signedPreKey)
        && java.util.Arrays.equals(signedPreKeySignature, b.signedPreKeySignature)
        && java.util.Arrays.equals(preKey, b.preKey);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(identityKey) * 31 + signedPreKeyId;
  }

  @Override
  public String toString() {
    return "PreKeyBundle[registrationId="
        + registrationId
        + ", signedPreKeyId="
        + signedPreKeyId
        + ", preKeyId="
        + preKeyId
        + "]";
  }
}
