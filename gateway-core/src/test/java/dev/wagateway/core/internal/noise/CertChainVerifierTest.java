package dev.wagateway.core.internal.noise;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain.NoiseCertificate;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.transport.Endpoints;
import dev.wagateway.core.wire.WireException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each certificate check fails on its own, with a handshake failure naming it. */
class CertChainVerifierTest {
  private static final long NOW = 1_800_000_000L;
  private final SecureRandom random = new SecureRandom(new byte[] {7});
  private final KeyPair root = Curve.generateKeyPair(random);
  private final KeyPair intermediate = Curve.generateKeyPair(random);
  private final KeyPair server = Curve.generateKeyPair(random);
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  /** Everything that goes into a chain; each test changes one thing. */
  private final class Spec {
    KeyPair rootSigner = root;
    KeyPair intermediateSigner = intermediate;
    NoiseCertificate.Details.Builder intermediateDetails =
        NoiseCertificate.Details.newBuilder()
            .setSerial(1)
            .setIssuerSerial(0)
            .setKey(ByteString.copyFrom(intermediate.publicKey()))
            .setNotBefore(NOW - 3600)
            .setNotAfter(NOW + 3600);
    NoiseCertificate.Details.Builder leafDetails =
        NoiseCertificate.Details.newBuilder()
            .setSerial(2)
            .setIssuerSerial(1)
            .setKey(ByteString.copyFrom(server.publicKey()))
            .setNotBefore(NOW - 60)
            .setNotAfter(NOW + 60);
    boolean withLeaf = true;
    boolean withIntermediate = true;
    int leafSignatureLength = 64;

    byte[] build() {
      byte[] iDetails = intermediateDetails.build().toByteArray();
      byte[] lDetails = leafDetails.build().toByteArray();
      byte[] lSig = Curve.sign(intermediateSigner.privateKey(), lDetails, random);
      byte[] lSigSized = java.util.Arrays.copyOf(lSig, leafSignatureLength);
      CertChain.Builder chain = CertChain.newBuilder();
      if (withIntermediate) {
        chain.setIntermediate(
            NoiseCertificate.newBuilder()
                .setDetails(ByteString.copyFrom(iDetails))
                .setSignature(
                    ByteString.copyFrom(Curve.sign(rootSigner.privateKey(), iDetails, random))));
      }
      if (withLeaf) {
        chain.setLeaf(
            NoiseCertificate.newBuilder()
                .setDetails(ByteString.copyFrom(lDetails))
                .setSignature(ByteString.copyFrom(lSigSized)));
      }
      return chain.build().toByteArray();
    }
  }

  private byte[] chain(Consumer<Spec> change) {
    Spec spec = new Spec();
    change.accept(spec);
    return spec.build();
  }

  private String failure(byte[] chain) {
    WireException e =
        assertThrows(
            WireException.class,
            () -> new CertChainVerifier(root.publicKey(), clock).verify(chain, server.publicKey()));
    assertEquals("handshake_failed", e.code());
    return e.getMessage();
  }

  @Test
  void aCorrectChainPasses() {
    byte[] good = chain(s -> {});
    assertDoesNotThrow(
        () -> new CertChainVerifier(root.publicKey(), clock).verify(good, server.publicKey()));
  }

  @Test
  void theRecordedVectorChainPassesWithItsRootOnly() {
    NoiseVectors v = NoiseVectors.load();
    byte[] chain = v.certChain();
    byte[] serverStatic = v.keyPair("server_static").publicKey();
    assertDoesNotThrow(
        () ->
            new CertChainVerifier(
                    v.keyPair("mock_cert_root").publicKey(), v.clockInsideCertificates())
                .verify(chain, serverStatic));
    WireException e =
        assertThrows(
            WireException.class,
            () ->
                new CertChainVerifier(Endpoints.productionRootKey(), v.clockInsideCertificates())
                    .verify(chain, serverStatic));
    assertEquals("certificate chain: intermediate not signed by the trusted root", e.getMessage());
  }

  @Test
  void malformedBytes() {
    assertEquals(
        "certificate chain: malformed CertChain protobuf", failure(new byte[] {(byte) 0xff}));
  }

  @Test
  void missingCertificates() {
    assertEquals(
        "certificate chain: intermediate certificate missing",
        failure(chain(s -> s.withIntermediate = false)));
    assertEquals(
        "certificate chain: leaf certificate missing", failure(chain(s -> s.withLeaf = false)));
  }

  @Test
  void signatureLength() {
    assertEquals(
        "certificate chain: leaf signature is not 64 bytes",
        failure(chain(s -> s.leafSignatureLength = 63)));
  }

  @Test
  void intermediateSignedByAnotherRoot() {
    KeyPair other = Curve.generateKeyPair(random);
    assertEquals(
        "certificate chain: intermediate not signed by the trusted root",
        failure(chain(s -> s.rootSigner = other)));
  }

  @Test
  void intermediateIssuerSerial() {
    assertEquals(
        "certificate chain: intermediate issuer serial is 5, expected 0",
        failure(chain(s -> s.intermediateDetails.setIssuerSerial(5))));
    assertEquals(
        "certificate chain: intermediate issuer serial is missing, expected 0",
        failure(chain(s -> s.intermediateDetails.clearIssuerSerial())));
  }

  @Test
  void intermediateKeyLength() {
    assertEquals(
        "certificate chain: intermediate key is not 32 bytes",
        failure(chain(s -> s.intermediateDetails.setKey(ByteString.copyFrom(new byte[33])))));
  }

  @Test
  void leafSignedByAnotherKey() {
    KeyPair other = Curve.generateKeyPair(random);
    assertEquals(
        "certificate chain: leaf not signed by intermediate",
        failure(chain(s -> s.intermediateSigner = other)));
  }

  @Test
  void intermediateValidity() {
    assertEquals(
        "certificate chain: intermediate certificate expired (notAfter "
            + (NOW - 1)
            + ", now "
            + NOW
            + ")",
        failure(chain(s -> s.intermediateDetails.setNotAfter(NOW - 1))));
    assertEquals(
        "certificate chain: intermediate certificate not yet valid (notBefore "
            + (NOW + 1)
            + ", now "
            + NOW
            + ")",
        failure(chain(s -> s.intermediateDetails.setNotBefore(NOW + 1))));
  }

  @Test
  void leafIssuerSerial() {
    assertEquals(
        "certificate chain: leaf issuer serial does not match the intermediate serial",
        failure(chain(s -> s.leafDetails.setIssuerSerial(9))));
  }

  @Test
  void leafKeyMustBeTheServerStaticKey() {
    KeyPair other = Curve.generateKeyPair(random);
    assertEquals(
        "certificate chain: leaf key does not match the server static key",
        failure(chain(s -> s.leafDetails.setKey(ByteString.copyFrom(other.publicKey())))));
  }

  @Test
  void leafValidity() {
    assertEquals(
        "certificate chain: leaf certificate expired (notAfter " + (NOW - 1) + ", now " + NOW + ")",
        failure(chain(s -> s.leafDetails.setNotAfter(NOW - 1))));
    assertEquals(
        "certificate chain: leaf certificate not yet valid (notBefore "
            + (NOW + 10)
            + ", now "
            + NOW
            + ")",
        failure(chain(s -> s.leafDetails.setNotBefore(NOW + 10))));
  }

  @Test
  void validityBoundsAreInclusive() {
    byte[] edge =
        chain(
            s -> {
              s.intermediateDetails.setNotBefore(NOW).setNotAfter(NOW);
              s.leafDetails.setNotBefore(NOW).setNotAfter(NOW);
            });
    assertDoesNotThrow(
        () -> new CertChainVerifier(root.publicKey(), clock).verify(edge, server.publicKey()));
  }

  @Test
  void aChainThatVerifiedBeforeIsStillCheckedForEverythingButItsSignatures() throws Exception {
    byte[] good = chain(s -> {});
    new CertChainVerifier(root.publicKey(), clock).verify(good, server.publicKey());

    // the same bytes under another root, with another server key, or later: each still fails
    KeyPair otherRoot = Curve.generateKeyPair(random);
    WireException wrongRoot =
        assertThrows(
            WireException.class,
            () ->
                new CertChainVerifier(otherRoot.publicKey(), clock)
                    .verify(good, server.publicKey()));
    assertEquals(
        "certificate chain: intermediate not signed by the trusted root", wrongRoot.getMessage());
    WireException wrongServer =
        assertThrows(
            WireException.class,
            () ->
                new CertChainVerifier(root.publicKey(), clock)
                    .verify(good, Curve.generateKeyPair(random).publicKey()));
    assertEquals(
        "certificate chain: leaf key does not match the server static key",
        wrongServer.getMessage());
    Clock later = Clock.fixed(Instant.ofEpochSecond(NOW + 61), ZoneOffset.UTC);
    WireException expired =
        assertThrows(
            WireException.class,
            () -> new CertChainVerifier(root.publicKey(), later).verify(good, server.publicKey()));
    assertEquals(
        "certificate chain: leaf certificate expired (notAfter "
            + (NOW + 60)
            + ", now "
            + (NOW + 61)
            + ")",
        expired.getMessage());

    // a remembered chain with one signature bit flipped is verified again, and fails
    CertChain parsed = CertChain.parseFrom(good);
    byte[] leafSignature = parsed.getLeaf().getSignature().toByteArray();
    leafSignature[5] ^= 0x10;
    byte[] tampered =
        parsed.toBuilder()
            .setLeaf(parsed.getLeaf().toBuilder().setSignature(ByteString.copyFrom(leafSignature)))
            .build()
            .toByteArray();
    assertEquals("certificate chain: leaf not signed by intermediate", failure(tampered));
    assertDoesNotThrow(
        () -> new CertChainVerifier(root.publicKey(), clock).verify(good, server.publicKey()));
  }
}
