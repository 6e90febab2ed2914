package dev.wagateway.core.internal.pairing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.internal.proto.AdvProtos.ADVDeviceIdentity;
import dev.wagateway.core.internal.proto.AdvProtos.ADVEncryptionType;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentity;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.wire.Jid;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Checks a {@code pair-success} and signs our side of it (docs/protocol/pairing.md §3.4), in
 * whatsmeow's order:
 *
 * <ol>
 *   <li>HMAC-SHA256 with the ADV secret over {@code [06 05 if HOSTED] || details}, compared in
 *       constant time;
 *   <li>the account signature: made by {@code accountSignatureKey} over {@code 06 00 || details ||
 *       our identity public key}, verified (never merely "well-formed": a 64-byte signature by
 *       another key is refused);
 *   <li>our device signature over {@code 06 01 || details || our identity public key || account
 *       key}, made with our identity private key.
 * </ol>
 *
 * <p>For a HOSTED device identity the account signature prefix is {@code 06 05} (whatsmeow and
 * current Baileys). The recorded interop exchange (a mock primary driving Baileys 6.7.24) signs its
 * hosted identity under {@code 06 00}, so that prefix is accepted too for hosted identities. Both
 * forms bind the same account key, the same details (which carry the device type) and our identity
 * key, so accepting either gives nothing to a sender without the account key. The device signature
 * always uses {@code 06 01}: the hosted device prefix {@code 06 06} is used by neither current
 * library.
 */
public final class PairSuccessVerifier {
  static final byte[] ACCOUNT_SIGNATURE_PREFIX = {6, 0};
  static final byte[] DEVICE_SIGNATURE_PREFIX = {6, 1};
  static final byte[] HOSTED_ACCOUNT_SIGNATURE_PREFIX = {6, 5};

  private PairSuccessVerifier() {}

  /**
   * Verifies {@code stanza} for the companion with identity key pair {@code identity} and ADV
   * secret {@code advSecret} (the registration secret, or the one derived in phone-code pairing),
   * and signs it with 64 bytes drawn from {@code random}. Never throws for bad stanza content:
   * every failure is a {@link PairOutcome.Rejected}.
   */
  public static PairOutcome verify(
      PairSuccess stanza, KeyPair identity, byte[] advSecret, SecureRandom random) {
    if (advSecret == null || advSecret.length != 32) {
      throw new IllegalArgumentException("ADV secret must be 32 bytes");
    }
    String id = stanza.iqId();
    byte[] container = stanza.deviceIdentity();
    if (container == null || container.length == 0) {
      return reject(id, PairingError.MALFORMED_IDENTITY, "no device-identity");
    }
    Jid deviceJid = parseJid(stanza.deviceJid());
    if (deviceJid == null || !deviceJid.isUser()) {
      return reject(id, PairingError.MISSING_DEVICE, "no device jid, or not a user JID");
    }
    Jid deviceLid = parseJid(stanza.deviceLid());
    if (stanza.deviceLid() != null && deviceLid == null) {
      return reject(id, PairingError.MISSING_DEVICE, "device lid is not a JID");
    }

    ADVSignedDeviceIdentityHMAC hmacContainer;
    try {
      hmacContainer = ADVSignedDeviceIdentityHMAC.parseFrom(container);
    } catch (InvalidProtocolBufferException e) {
      return reject(id, PairingError.MALFORMED_IDENTITY, "device-identity does not parse");
    }
    if (!hmacContainer.hasDetails()) {
      return reject(id, PairingError.MALFORMED_IDENTITY, "device-identity has no details");
    }
    byte[] details = hmacContainer.getDetails().toByteArray();
    boolean hostedAccount = hmacContainer.getAccountType() == ADVEncryptionType.HOSTED;
    byte[] expected =
        hostedAccount
            ? Hkdf.hmacSha256(advSecret, HOSTED_ACCOUNT_SIGNATURE_PREFIX, details)
            : Hkdf.hmacSha256(advSecret, details);
    if (!MessageDigest.isEqual(expected, hmacContainer.getHmac().toByteArray())) {
      return reject(id, PairingError.BAD_HMAC, "HMAC does not match the ADV secret");
    }

    ADVSignedDeviceIdentity signed;
    ADVDeviceIdentity device;
    try {
      signed = ADVSignedDeviceIdentity.parseFrom(details);
      device = ADVDeviceIdentity.parseFrom(signed.getDetails());
    } catch (InvalidProtocolBufferException e) {
      return reject(id, PairingError.MALFORMED_IDENTITY, "signed device identity does not parse");
    }
    if (!signed.hasDetails()) {
      return reject(id, PairingError.MALFORMED_IDENTITY, "signed device identity has no details");
    }

    byte[] deviceDetails = signed.getDetails().toByteArray();
    byte[] accountKey = signed.getAccountSignatureKey().toByteArray();
    byte[] accountSignature = signed.getAccountSignature().toByteArray();
    byte[] ownPublic = identity.publicKey();
    boolean hostedDevice = device.getDeviceType() == ADVEncryptionType.HOSTED;
    if (accountKey.length != 32 || accountSignature.length != 64) {
      return reject(
          id, PairingError.BAD_ACCOUNT_SIGNATURE, "account key or signature has the wrong size");
    }
    if (!accountSignatureValid(
        accountKey, accountSignature, deviceDetails, ownPublic, hostedDevice)) {
      return reject(id, PairingError.BAD_ACCOUNT_SIGNATURE, "account signature does not verify");
    }
    if (!device.hasKeyIndex()) {
      return reject(id, PairingError.BAD_KEY_INDEX, "device identity has no key index");
    }

    byte[] deviceSignature =
        Curve.sign(
            identity.privateKey(),
            PairingCodeCrypto.concat(DEVICE_SIGNATURE_PREFIX, deviceDetails, ownPublic, accountKey),
            random);
    ADVSignedDeviceIdentity account =
        signed.toBuilder().setDeviceSignature(ByteString.copyFrom(deviceSignature)).build();
    ADVSignedDeviceIdentity reply = account.toBuilder().clearAccountSignatureKey().build();
    return new PairOutcome.Paired(
        id,
        deviceJid,
        deviceLid,
        stanza.platform(),
        stanza.businessName(),
        stanza.serverTime(),
        account.toByteArray(),
        reply.toByteArray(),
        device.getKeyIndex(),
        accountKey,
        hostedDevice);
  }

  /** The message our device signature covers, for checking a stored account record. */
  public static byte[] deviceSignatureMessage(
      byte[] deviceDetails, byte[] ownIdentityPublicKey, byte[] accountSignatureKey) {
    return PairingCodeCrypto.concat(
        DEVICE_SIGNATURE_PREFIX, deviceDetails, ownIdentityPublicKey, accountSignatureKey);
  }

  private static boolean accountSignatureValid(
      byte[] accountKey, byte[] signature, byte[] details, byte[] ownPublic, boolean hosted) {
    if (hosted
        && Curve.verify(
            accountKey,
            PairingCodeCrypto.concat(HOSTED_ACCOUNT_SIGNATURE_PREFIX, details, ownPublic),
            signature)) {
      return true;
    }
    return Curve.verify(
        accountKey,
        PairingCodeCrypto.concat(ACCOUNT_SIGNATURE_PREFIX, details, ownPublic),
        signature);
  }

  private static Jid parseJid(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Jid.parse(text);
    } catch (GatewayException e) {
      return null;
    }
  }

  private static PairOutcome.Rejected reject(String id, PairingError error, String detail) {
    return new PairOutcome.Rejected(id, error, detail);
  }
}
