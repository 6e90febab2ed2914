package dev.wagateway.testkit.internal;

import com.google.protobuf.ByteString;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain.NoiseCertificate;
import dev.wagateway.core.store.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Issues Noise certificate chains the way WhatsApp's server presents them
 * (docs/protocol/transport.md §3.6): a root key signs an intermediate certificate (serial 1, issuer
 * serial 0), the intermediate signs a leaf (serial 2, issuer serial 1) whose key is the server's
 * static Noise key. Clients trust {@link #rootPublicKey()}. {@link #chain(byte[])} builds
 * deliberately broken chains too (another signer, wrong serials, expired, another leaf key) for
 * refusal tests. Randomness is injected.
 */
public final class CertificateAuthority {
  /** Serial of the intermediate certificate. */
  public static final int INTERMEDIATE_SERIAL = 1;

  /** Issuer serial of the intermediate: the root's. */
  public static final int ROOT_SERIAL = 0;

  /** Serial of the leaf certificate. */
  public static final int LEAF_SERIAL = 2;

  private static final Duration DEFAULT_BEFORE = Duration.ofDays(1);
  private static final Duration DEFAULT_AFTER = Duration.ofDays(365);

  private final KeyPair root;
  private final KeyPair intermediate;
  private final SecureRandom random;

  /** A new CA with root and intermediate keys drawn from {@code random}. */
  public CertificateAuthority(SecureRandom random) {
    this(Curve.generateKeyPair(random), Curve.generateKeyPair(random), random);
  }

  /** A CA with the given keys; {@code random} feeds the signatures. */
  public CertificateAuthority(KeyPair root, KeyPair intermediate, SecureRandom random) {
    this.root = Objects.requireNonNull(root, "root");
    this.intermediate = Objects.requireNonNull(intermediate, "intermediate");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The key clients must trust. */
  public byte[] rootPublicKey() {
    return root.publicKey();
  }

  /** The intermediate's key pair (the leaf's signer). */
  public KeyPair intermediateKeyPair() {
    return intermediate;
  }

  /** A valid serialized {@code CertChain} for {@code serverStaticKey}, valid around now. */
  public byte[] issue(byte[] serverStaticKey, Clock clock) {
    Instant now = clock.instant();
    return chain(serverStaticKey)
        .validity(now.minus(DEFAULT_BEFORE), now.plus(DEFAULT_AFTER))
        .build();
  }

  /** A builder for a chain for {@code serverStaticKey}; defaults make a valid chain. */
  public ChainBuilder chain(byte[] serverStaticKey) {
    return new ChainBuilder(serverStaticKey);
  }

  /** Builds one chain; every setter changes one property of the otherwise valid chain. */
  public final class ChainBuilder {
    private byte[] leafKey;
    private KeyPair intermediateSigner = root;
    private KeyPair leafSigner = intermediate;
    private byte[] intermediateKey = intermediate.publicKey();
    private int intermediateSerial = INTERMEDIATE_SERIAL;
    private Integer intermediateIssuerSerial = ROOT_SERIAL;
    private int leafSerial = LEAF_SERIAL;
    private int leafIssuerSerial = INTERMEDIATE_SERIAL;
    private Instant intermediateNotBefore = Instant.EPOCH;
    private Instant intermediateNotAfter = Instant.ofEpochSecond(4_102_444_800L);
    private Instant leafNotBefore = intermediateNotBefore;
    private Instant leafNotAfter = intermediateNotAfter;

    private ChainBuilder(byte[] serverStaticKey) {
      this.leafKey = Objects.requireNonNull(serverStaticKey, "serverStaticKey").clone();
    }

    /** The same validity window for both certificates. */
    public ChainBuilder validity(Instant notBefore, Instant notAfter) {
      intermediateValidity(notBefore, notAfter);
      return leafValidity(notBefore, notAfter);
    }

    public ChainBuilder intermediateValidity(Instant notBefore, Instant notAfter) {
      intermediateNotBefore = Objects.requireNonNull(notBefore);
      intermediateNotAfter = Objects.requireNonNull(notAfter);
      return this;
    }

    public ChainBuilder leafValidity(Instant notBefore, Instant notAfter) {
      leafNotBefore = Objects.requireNonNull(notBefore);
      leafNotAfter = Objects.requireNonNull(notAfter);
      return this;
    }

    /** Signs the intermediate with {@code signer} instead of this CA's root. */
    public ChainBuilder intermediateSignedBy(KeyPair signer) {
      intermediateSigner = Objects.requireNonNull(signer);
      return this;
    }

    /** Signs the leaf with {@code signer} instead of the intermediate. */
    public ChainBuilder leafSignedBy(KeyPair signer) {
      leafSigner = Objects.requireNonNull(signer);
      return this;
    }

    /** Puts {@code key} in the leaf instead of the server static key. */
    public ChainBuilder leafKey(byte[] key) {
      leafKey = Objects.requireNonNull(key).clone();
      return this;
    }

    /** Puts {@code key} in the intermediate (the key the leaf signature is checked with). */
    public ChainBuilder intermediateKey(byte[] key) {
      intermediateKey = Objects.requireNonNull(key).clone();
      return this;
    }

    public ChainBuilder intermediateSerial(int serial) {
      intermediateSerial = serial;
      return this;
    }

    /** The intermediate's issuer serial; null leaves the field out. */
    public ChainBuilder intermediateIssuerSerial(Integer serial) {
      intermediateIssuerSerial = serial;
      return this;
    }

    public ChainBuilder leafSerial(int serial) {
      leafSerial = serial;
      return this;
    }

    public ChainBuilder leafIssuerSerial(int serial) {
      leafIssuerSerial = serial;
      return this;
    }

    /** The serialized {@code Details} of the intermediate, as it will be signed. */
    public byte[] intermediateDetails() {
      NoiseCertificate.Details.Builder d =
          NoiseCertificate.Details.newBuilder().setSerial(intermediateSerial);
      if (intermediateIssuerSerial != null) {
        d.setIssuerSerial(intermediateIssuerSerial);
      }
      return d.setKey(ByteString.copyFrom(intermediateKey))
          .setNotBefore(intermediateNotBefore.getEpochSecond())
          .setNotAfter(intermediateNotAfter.getEpochSecond())
          .build()
          .toByteArray();
    }

    /** The serialized {@code Details} of the leaf, as it will be signed. */
    public byte[] leafDetails() {
      return NoiseCertificate.Details.newBuilder()
          .setSerial(leafSerial)
          .setIssuerSerial(leafIssuerSerial)
          .setKey(ByteString.copyFrom(leafKey))
          .setNotBefore(leafNotBefore.getEpochSecond())
          .setNotAfter(leafNotAfter.getEpochSecond())
          .build()
          .toByteArray();
    }

    /** The serialized {@code CertChain{leaf, intermediate}}. */
    public byte[] build() {
      byte[] iDetails = intermediateDetails();
      byte[] lDetails = leafDetails();
      return CertChain.newBuilder()
          .setLeaf(certificate(lDetails, leafSigner))
          .setIntermediate(certificate(iDetails, intermediateSigner))
          .build()
          .toByteArray();
    }

    private NoiseCertificate certificate(byte[] details, KeyPair signer) {
      return NoiseCertificate.newBuilder()
          .setDetails(ByteString.copyFrom(details))
          .setSignature(ByteString.copyFrom(Curve.sign(signer.privateKey(), details, random)))
          .build();
    }
  }
}
