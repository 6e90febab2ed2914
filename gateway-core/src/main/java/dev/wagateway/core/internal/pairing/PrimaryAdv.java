package dev.wagateway.core.internal.pairing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.internal.proto.AdvProtos.ADVDeviceIdentity;
import dev.wagateway.core.internal.proto.AdvProtos.ADVEncryptionType;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentity;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.core.store.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The primary phone's side of the ADV identity exchange (docs/protocol/pairing.md §3.2-3.5), the
 * mirror of {@link PairSuccessVerifier}: build the {@code ADVDeviceIdentity} of a new companion,
 * sign it with the account identity key, wrap it in the HMAC container keyed by the companion's ADV
 * secret, and later check the companion's {@code pair-device-sign} reply. Used by the simulated
 * phones of the testkit; it shares the prefixes and the signature scheme with the verifier so the
 * two cannot drift apart.
 */
public final class PrimaryAdv {
  private PrimaryAdv() {}

  /**
   * The serialized {@code ADVDeviceIdentity} the primary issues for a companion.
   *
   * @param rawId the account's raw id (uint32)
   * @param timestamp Unix seconds of the link
   * @param keyIndex the companion's key index (the reply's {@code key-index})
   * @param hosted true for a HOSTED account and device type
   */
  public static byte[] deviceIdentity(int rawId, long timestamp, int keyIndex, boolean hosted) {
    ADVEncryptionType type = hosted ? ADVEncryptionType.HOSTED : ADVEncryptionType.E2EE;
    return ADVDeviceIdentity.newBuilder()
        .setRawId(rawId)
        .setTimestamp(timestamp)
        .setKeyIndex(keyIndex)
        .setAccountType(type)
        .setDeviceType(type)
        .build()
        .toByteArray();
  }

  /**
   * The account signature over {@code 06 00 || details || companionIdentityPublicKey} ({@code 06
   * 05} for a HOSTED device identity), made with {@code accountKey}.
   */
  public static byte[] accountSignature(
      KeyPair accountKey, byte[] details, byte[] companionIdentityPublicKey, SecureRandom random) {
    return Curve.sign(
        accountKey.privateKey(),
        accountSignatureMessage(details, companionIdentityPublicKey),
        random);
  }

  /**
   * The {@code <device-identity>} content of {@code pair-success}: an ADVSignedDeviceIdentityHMAC
   * holding the ADVSignedDeviceIdentity {details, accountSignatureKey, accountSignature} and
   * HMAC-SHA256(advSecret, [06 05 if hosted] || that).
   *
   * @param accountSignatureKey the account identity public key placed in the identity (32 bytes)
   * @param accountSignature from {@link #accountSignature} (64 bytes)
   * @param advSecret the companion's ADV secret (from its QR, or derived in phone-code pairing)
   */
  public static byte[] hmacContainer(
      byte[] details,
      byte[] accountSignatureKey,
      byte[] accountSignature,
      byte[] advSecret,
      boolean hostedAccount) {
    if (advSecret == null || advSecret.length != 32) {
      throw new IllegalArgumentException("ADV secret must be 32 bytes");
    }
    byte[] signed =
        ADVSignedDeviceIdentity.newBuilder()
            .setDetails(ByteString.copyFrom(details))
            .setAccountSignatureKey(ByteString.copyFrom(accountSignatureKey))
            .setAccountSignature(ByteString.copyFrom(accountSignature))
            .build()
            .toByteArray();
    byte[] hmac =
        hostedAccount
            ? Hkdf.hmacSha256(
                advSecret, PairSuccessVerifier.HOSTED_ACCOUNT_SIGNATURE_PREFIX, signed)
            : Hkdf.hmacSha256(advSecret, signed);
    ADVSignedDeviceIdentityHMAC.Builder container =
        ADVSignedDeviceIdentityHMAC.newBuilder()
            .setDetails(ByteString.copyFrom(signed))
            .setHmac(ByteString.copyFrom(hmac));
    if (hostedAccount) {
      container.setAccountType(ADVEncryptionType.HOSTED);
    }
    return container.build().toByteArray();
  }

  /**
   * Checks the companion's {@code pair-device-sign} identity as the primary would: the details and
   * account signature are the ones issued, the account key was left out, and the device signature
   * over {@code 06 01 || details || companion identity || account key} verifies under the
   * companion's identity key.
   *
   * @return the full account record (the reply with {@code accountSignatureKey} put back)
   * @throws CryptoException {@code bad_device_identity} when it does not parse or differs from what
   *     was issued; {@code bad_device_signature} when the signature does not verify
   */
  public static byte[] checkDeviceSign(
      byte[] replyIdentity,
      byte[] issuedDetails,
      byte[] issuedAccountSignature,
      byte[] accountSignatureKey,
      byte[] companionIdentityPublicKey) {
    ADVSignedDeviceIdentity reply;
    try {
      reply = ADVSignedDeviceIdentity.parseFrom(replyIdentity);
    } catch (InvalidProtocolBufferException e) {
      throw new CryptoException(
          ErrorCode.BAD_DEVICE_IDENTITY, "pair-device-sign identity does not parse");
    }
    if (!MessageDigest.isEqual(reply.getDetails().toByteArray(), issuedDetails)) {
      throw new CryptoException(
          ErrorCode.BAD_DEVICE_IDENTITY, "pair-device-sign details were changed");
    }
    if (!MessageDigest.isEqual(reply.getAccountSignature().toByteArray(), issuedAccountSignature)) {
      throw new CryptoException(
          ErrorCode.BAD_DEVICE_IDENTITY, "pair-device-sign account signature was changed");
    }
    if (reply.hasAccountSignatureKey()) {
      throw new CryptoException(
          ErrorCode.BAD_DEVICE_IDENTITY, "pair-device-sign must leave the account key out");
    }
    byte[] message =
        PairSuccessVerifier.deviceSignatureMessage(
            issuedDetails, companionIdentityPublicKey, accountSignatureKey);
    byte[] signature = reply.getDeviceSignature().toByteArray();
    if (signature.length != 64 || !Curve.verify(companionIdentityPublicKey, message, signature)) {
      throw new CryptoException(
          ErrorCode.BAD_DEVICE_SIGNATURE,
          "device signature does not verify under the companion key");
    }
    return reply.toBuilder()
        .setAccountSignatureKey(ByteString.copyFrom(accountSignatureKey))
        .build()
        .toByteArray();
  }

  private static byte[] accountSignatureMessage(byte[] details, byte[] companionIdentity) {
    boolean hostedDevice;
    try {
      hostedDevice =
          ADVDeviceIdentity.parseFrom(details).getDeviceType() == ADVEncryptionType.HOSTED;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("details are not an ADVDeviceIdentity", e);
    }
    byte[] prefix =
        hostedDevice
            ? PairSuccessVerifier.HOSTED_ACCOUNT_SIGNATURE_PREFIX
            : PairSuccessVerifier.ACCOUNT_SIGNATURE_PREFIX;
    return PairingCodeCrypto.concat(prefix, details, companionIdentity);
  }
}
