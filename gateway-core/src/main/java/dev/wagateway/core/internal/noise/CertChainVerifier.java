package dev.wagateway.core.internal.noise;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain.NoiseCertificate;
import dev.wagateway.core.wire.WireException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies the server's Noise certificate chain (docs/protocol/transport.md §3.6), in whatsmeow's
 * order: both certificates present, 64-byte signatures, intermediate signed by the trusted root,
 * intermediate issuer serial 0, 32-byte intermediate key, leaf signed by the intermediate,
 * intermediate validity, leaf issuer serial = intermediate serial, leaf key = the server's static
 * key, leaf validity. Every failure is a {@link WireException} with code {@code handshake_failed}
 * and a message naming the check.
 *
 * <p>A server presents the same chain on every connection, so the signatures that verified are
 * remembered (process-wide, a few dozen at most, by their exact bytes: key, signed details and
 * signature) and not verified again; every other check, the validity windows and the leaf key
 * included, runs on every connection. Only successes are remembered.
 */
final class CertChainVerifier {
  /** The most remembered signatures; the set is emptied when full (chains rarely change). */
  static final int MAX_REMEMBERED = 64;

  private static final Set<SignedBytes> VERIFIED = ConcurrentHashMap.newKeySet();

  /**
   * The issuer serial the intermediate certificate must carry (whatsmeow {@code
   * WACertIssuerSerial}).
   */
  static final int ROOT_ISSUER_SERIAL = 0;

  private static final String PREFIX = "certificate chain: ";

  private final byte[] trustedRootPublicKey;
  private final Clock clock;

  /**
   * @param trustedRootPublicKey the 32-byte Curve25519 root key (e.g. the production root from
   *     {@link dev.wagateway.core.transport.Endpoints#productionRootKey()})
   * @param clock the source of "now" for the validity windows
   */
  public CertChainVerifier(byte[] trustedRootPublicKey, Clock clock) {
    Objects.requireNonNull(trustedRootPublicKey, "trustedRootPublicKey");
    if (trustedRootPublicKey.length != 32) {
      throw new IllegalArgumentException("trusted root public key must be 32 bytes");
    }
    this.trustedRootPublicKey = trustedRootPublicKey.clone();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks the serialized {@code CertChain} against the trusted root and the server static key that
   * the handshake decrypted.
   *
   * @throws WireException code {@code handshake_failed}, message naming the failed check
   */
  public void verify(byte[] certChainBytes, byte[] serverStaticKey) throws WireException {
    CertChain chain;
    try {
      chain = CertChain.parseFrom(certChainBytes);
    } catch (InvalidProtocolBufferException e) {
      throw fail("malformed CertChain protobuf");
    }
    NoiseCertificate leaf = chain.getLeaf();
    NoiseCertificate intermediate = chain.getIntermediate();
    if (!chain.hasIntermediate() || !intermediate.hasDetails() || !intermediate.hasSignature()) {
      throw fail("intermediate certificate missing");
    }
    if (!chain.hasLeaf() || !leaf.hasDetails() || !leaf.hasSignature()) {
      throw fail("leaf certificate missing");
    }
    if (intermediate.getSignature().size() != 64) {
      throw fail("intermediate signature is not 64 bytes");
    }
    if (leaf.getSignature().size() != 64) {
      throw fail("leaf signature is not 64 bytes");
    }

    byte[] intermediateDetailsBytes = intermediate.getDetails().toByteArray();
    if (!verifySignature(
        trustedRootPublicKey,
        intermediateDetailsBytes,
        intermediate.getSignature().toByteArray())) {
      throw fail("intermediate not signed by the trusted root");
    }
    NoiseCertificate.Details intermediateDetails = parse(intermediateDetailsBytes, "intermediate");
    if (!intermediateDetails.hasIssuerSerial()
        || intermediateDetails.getIssuerSerial() != ROOT_ISSUER_SERIAL) {
      throw fail(
          "intermediate issuer serial is "
              + (intermediateDetails.hasIssuerSerial()
                  ? Integer.toUnsignedString(intermediateDetails.getIssuerSerial())
                  : "missing")
              + ", expected "
              + ROOT_ISSUER_SERIAL);
    }
    byte[] intermediateKey = intermediateDetails.getKey().toByteArray();
    if (intermediateKey.length != 32) {
      throw fail("intermediate key is not 32 bytes");
    }

    byte[] leafDetailsBytes = leaf.getDetails().toByteArray();
    if (!verifySignature(intermediateKey, leafDetailsBytes, leaf.getSignature().toByteArray())) {
      throw fail("leaf not signed by intermediate");
    }
    long now = clock.instant().getEpochSecond();
    checkValidity(intermediateDetails, now, "intermediate");

    NoiseCertificate.Details leafDetails = parse(leafDetailsBytes, "leaf");
    if (!leafDetails.hasIssuerSerial()
        || leafDetails.getIssuerSerial() != intermediateDetails.getSerial()) {
      throw fail("leaf issuer serial does not match the intermediate serial");
    }
    byte[] leafKey = leafDetails.getKey().toByteArray();
    if (serverStaticKey == null || !MessageDigest.isEqual(leafKey, serverStaticKey)) {
      throw fail("leaf key does not match the server static key");
    }
    checkValidity(leafDetails, now, "leaf");
  }

  /** {@link Curve#verify}, skipped for the exact bytes that verified before. */
  private static boolean verifySignature(byte[] key, byte[] message, byte[] signature) {
    SignedBytes signed = new SignedBytes(key, message, signature);
    if (VERIFIED.contains(signed)) {
      return true;
    }
    if (!Curve.verify(key, message, signature)) {
      return false;
    }
    if (VERIFIED.size() >= MAX_REMEMBERED) {
      VERIFIED.clear();
    }
    VERIFIED.add(signed);
    return true;
  }

  /** Compared by content; holds its own copies. */
  private static final class SignedBytes {
    private final byte[] key;
    private final byte[] message;
    private final byte[] signature;
    private final int hash;

    SignedBytes(byte[] key, byte[] message, byte[] signature) {
      this.key = key.clone();
      this.message = message.clone();
      this.signature = signature.clone();
      this.hash =
          31 * (31 * Arrays.hashCode(key) + Arrays.hashCode(message)) + Arrays.hashCode(signature);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SignedBytes other
          && Arrays.equals(key, other.key)
          && Arrays.equals(message, other.message)
          && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static void checkValidity(NoiseCertificate.Details details, long now, String which)
      throws WireException {
    // uint64 seconds on the wire: compare unsigned, an absent bound reads as 0 (as in whatsmeow)
    if (Long.compareUnsigned(now, details.getNotBefore()) < 0) {
      throw fail(
          which
              + " certificate not yet valid (notBefore "
              + Long.toUnsignedString(details.getNotBefore())
              + ", now "
              + now
              + ")");
    }
    if (Long.compareUnsigned(now, details.getNotAfter()) > 0) {
      throw fail(
          which
              + " certificate expired (notAfter "
              + Long.toUnsignedString(details.getNotAfter())
              + ", now "
              + now
              + ")");
    }
  }

  private static NoiseCertificate.Details parse(byte[] details, String which) throws WireException {
    try {
      return NoiseCertificate.Details.parseFrom(details);
    } catch (InvalidProtocolBufferException e) {
      throw fail("malformed " + which + " details");
    }
  }

  private static WireException fail(String check) {
    return new WireException("handshake_failed", PREFIX + check);
  }
}
