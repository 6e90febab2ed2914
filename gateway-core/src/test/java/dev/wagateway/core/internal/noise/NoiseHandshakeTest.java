package dev.wagateway.core.internal.noise;

import static dev.wagateway.core.internal.noise.NoiseVectors.hex;
import static dev.wagateway.core.internal.noise.NoiseVectors.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.internal.proto.HandshakeProtos.HandshakeMessage;
import dev.wagateway.core.transport.Endpoints;
import dev.wagateway.core.wire.WireException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The client refuses bad ServerHellos with handshake_failed and a reason. */
class NoiseHandshakeTest {
  private final NoiseVectors v = NoiseVectors.load();
  private final byte[] serverHello =
      hex(map(v.section("handshake_registration"), "server_hello"), "handshake_message");
  private final byte[] payload = {1, 2, 3};

  private NoiseHandshake handshake(byte[] root, Clock clock) {
    NoiseHandshake h =
        new NoiseHandshake(
            v.keyPair("client_noise_key"), v.keyPair("client_ephemeral"), root, clock);
    h.clientHello();
    return h;
  }

  private WireException refuse(NoiseHandshake h, byte[] message) {
    WireException e =
        assertThrows(WireException.class, () -> h.readServerHelloAndWriteFinish(message, payload));
    assertEquals("handshake_failed", e.code());
    return e;
  }

  private byte[] mutate(java.util.function.UnaryOperator<HandshakeMessage.ServerHello.Builder> f)
      throws InvalidProtocolBufferException {
    HandshakeMessage m = HandshakeMessage.parseFrom(serverHello);
    return m.toBuilder()
        .setServerHello(f.apply(m.getServerHello().toBuilder()))
        .build()
        .toByteArray();
  }

  private byte[] mockRoot() {
    return v.keyPair("mock_cert_root").publicKey();
  }

  @Test
  void productionRootRefusesTheMockChain() {
    WireException e =
        refuse(handshake(Endpoints.productionRootKey(), v.clockInsideCertificates()), serverHello);
    assertEquals("certificate chain: intermediate not signed by the trusted root", e.getMessage());
  }

  @Test
  void expiredChainIsRefused() {
    Clock farFuture = Clock.fixed(Instant.ofEpochSecond(4_000_000_000L), ZoneOffset.UTC);
    WireException e = refuse(handshake(mockRoot(), farFuture), serverHello);
    assertTrue(
        e.getMessage().startsWith("certificate chain: intermediate certificate expired"),
        e.getMessage());
  }

  @Test
  void tamperedStaticKeyDoesNotDecrypt() throws InvalidProtocolBufferException {
    byte[] bad =
        mutate(
            b -> {
              byte[] s = b.getStatic().toByteArray();
              s[0] ^= 1;
              return b.setStatic(ByteString.copyFrom(s));
            });
    assertEquals(
        "cannot decrypt server static key",
        refuse(handshake(mockRoot(), v.clockInsideCertificates()), bad).getMessage());
  }

  @Test
  void tamperedCertificatePayloadDoesNotDecrypt() throws InvalidProtocolBufferException {
    byte[] bad =
        mutate(
            b -> {
              byte[] p = b.getPayload().toByteArray();
              p[p.length - 1] ^= 1;
              return b.setPayload(ByteString.copyFrom(p));
            });
    assertEquals(
        "cannot decrypt certificate chain",
        refuse(handshake(mockRoot(), v.clockInsideCertificates()), bad).getMessage());
  }

  @Test
  void malformedServerHellos() throws InvalidProtocolBufferException {
    Clock clock = v.clockInsideCertificates();
    assertEquals(
        "malformed ServerHello protobuf",
        refuse(handshake(mockRoot(), clock), new byte[] {(byte) 0xff, 0x01}).getMessage());
    assertEquals(
        "handshake message carries no ServerHello",
        refuse(handshake(mockRoot(), clock), new byte[0]).getMessage());
    assertEquals(
        "ServerHello ephemeral is 31 bytes, not 32",
        refuse(
                handshake(mockRoot(), clock),
                mutate(b -> b.setEphemeral(ByteString.copyFrom(new byte[31]))))
            .getMessage());
    assertEquals(
        "ServerHello lacks static key or payload",
        refuse(handshake(mockRoot(), clock), mutate(b -> b.clearPayload())).getMessage());
  }

  @Test
  void callsOutOfOrderAreRefused() {
    NoiseHandshake fresh =
        new NoiseHandshake(
            v.keyPair("client_noise_key"),
            v.keyPair("client_ephemeral"),
            mockRoot(),
            v.clockInsideCertificates());
    assertThrows(IllegalStateException.class, fresh::finish);
    assertThrows(
        IllegalStateException.class,
        () -> fresh.readServerHelloAndWriteFinish(serverHello, payload));
    fresh.clientHello();
    assertThrows(IllegalStateException.class, fresh::clientHello);
  }

  @Test
  void aFailedHandshakeCannotBeContinued() {
    NoiseHandshake h = handshake(Endpoints.productionRootKey(), v.clockInsideCertificates());
    refuse(h, serverHello);
    assertThrows(IllegalStateException.class, h::finish);
  }
}
