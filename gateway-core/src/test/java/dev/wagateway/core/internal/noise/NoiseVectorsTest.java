package dev.wagateway.core.internal.noise;

import static dev.wagateway.core.internal.noise.NoiseVectors.hex;
import static dev.wagateway.core.internal.noise.NoiseVectors.list;
import static dev.wagateway.core.internal.noise.NoiseVectors.map;
import static dev.wagateway.core.internal.noise.NoiseVectors.num;
import static dev.wagateway.core.internal.noise.NoiseVectors.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/**
 * noise.json (made by Baileys): primitives, and both recorded handshakes reproduced byte for byte
 * from the recorded keys and inputs — every client frame, the ClientPayloads, and the transport
 * frames both ways.
 */
class NoiseVectorsTest {
  private final NoiseVectors v = NoiseVectors.load();

  @Test
  void protocolNameAndHeaderMatchTheVector() {
    assertEquals(str(v.root, "noise_mode_hex"), Vectors.hex(SymmetricState.protocolName()));
    assertEquals(str(v.root, "wa_header"), Vectors.hex(FrameCodec.connectionHeader()));
  }

  @Test
  void hkdf() {
    List<Object> cases = list(v.section("primitives"), "hkdf_sha256");
    assertFalse(cases.isEmpty());
    for (Object c : cases) {
      byte[] okm =
          Hkdf.derive(
              hex(c, "ikm"),
              hex(c, "salt"),
              str(c, "info").getBytes(StandardCharsets.UTF_8),
              (int) num(c, "length"));
      assertEquals(str(c, "okm"), Vectors.hex(okm), "hkdf case " + c);
    }
  }

  @Test
  void aesGcm() throws AEADBadTagException {
    List<Object> cases = list(v.section("primitives"), "aes_256_gcm");
    assertFalse(cases.isEmpty());
    for (Object c : cases) {
      long counter = num(c, "counter");
      assertEquals(str(c, "iv"), Vectors.hex(Aead.iv(counter)));
      byte[] sealed = Aead.seal(hex(c, "key"), counter, hex(c, "aad"), hex(c, "plaintext"));
      assertEquals(str(c, "ciphertext_and_tag"), Vectors.hex(sealed));
      assertArrayEquals(
          hex(c, "plaintext"), Aead.open(hex(c, "key"), counter, hex(c, "aad"), sealed));
      sealed[0] ^= 1;
      byte[] tampered = sealed;
      assertThrows(
          AEADBadTagException.class,
          () -> Aead.open(hex(c, "key"), counter, hex(c, "aad"), tampered));
    }
  }

  @Test
  void curve25519() {
    Map<String, Object> curve = map(v.section("primitives"), "curve25519");
    Map<String, Object> a = map(curve, "a");
    Map<String, Object> b = map(curve, "b");
    KeyPair pa = Curve.keyPairFromPrivate(hex(a, "private"));
    KeyPair pb = Curve.keyPairFromPrivate(hex(b, "private"));
    assertEquals(str(a, "public"), Vectors.hex(pa.publicKey()));
    assertEquals(str(b, "public"), Vectors.hex(pb.publicKey()));
    assertEquals(
        str(curve, "shared_a_b"), Vectors.hex(Curve.agree(pb.publicKey(), pa.privateKey())));
    assertEquals(
        str(curve, "shared_b_a"), Vectors.hex(Curve.agree(pa.publicKey(), pb.privateKey())));

    Map<String, Object> sign = map(curve, "sign");
    byte[] signer = hex(sign, "public");
    assertEquals(
        Boolean.TRUE.equals(sign.get("verifies")),
        Curve.verify(signer, hex(sign, "message"), hex(sign, "signature")));
    assertEquals(
        Boolean.TRUE.equals(sign.get("verifies_with_b_key")),
        Curve.verify(pb.publicKey(), hex(sign, "message"), hex(sign, "signature")));

    Map<String, Object> prefixed = map(curve, "sign_prefixed_key");
    assertEquals(
        Boolean.TRUE.equals(prefixed.get("verifies")),
        Curve.verify(signer, hex(prefixed, "message"), hex(prefixed, "signature")));

    // Finding #1: unlike Baileys, a wrong key or an all-zero signature must not verify.
    assertFalse(Curve.verify(pb.publicKey(), hex(sign, "message"), hex(sign, "signature")));
    assertFalse(Curve.verify(signer, hex(sign, "message"), new byte[64]));
    assertFalse(Curve.verify(signer, hex(sign, "message"), new byte[32]));
  }

  // The client_payloads vectors were recorded from Baileys 6.7, so they are reproduced with the
  // pinned Shape.BAILEYS_6; sessions send Shape.WHATSMEOW, checked byte for byte in
  // ClientPayloadsTest.loginIsWhatsmeowsShapeByteForByte.
  @Test
  void registrationPayloadIsReproducedFromItsInputs() {
    Map<String, Object> reg = map(v.section("client_payloads"), "registration");
    byte[] payload =
        ClientPayloads.registration(
            ClientPayloads.Shape.BAILEYS_6,
            NoiseVectors.profile(reg),
            (int) num(reg, "registration_id"),
            v.keyPair("client_identity").publicKey(),
            v.signedPreKey());
    assertEquals(str(reg, "bytes"), Vectors.hex(payload));
  }

  @Test
  void loginPayloadIsReproducedFromItsInputs() {
    Map<String, Object> login = map(v.section("client_payloads"), "login");
    Map<String, Object> json = map(login, "json");
    byte[] payload =
        ClientPayloads.login(
            ClientPayloads.Shape.BAILEYS_6,
            NoiseVectors.profile(login),
            Long.parseLong(String.valueOf(json.get("username"))),
            (int) num(json, "device"));
    assertEquals(str(login, "bytes"), Vectors.hex(payload));
  }

  @Test
  void registrationHandshake() throws WireException {
    Map<String, Object> reg = map(v.section("client_payloads"), "registration");
    byte[] payload =
        ClientPayloads.registration(
            ClientPayloads.Shape.BAILEYS_6,
            NoiseVectors.profile(reg),
            (int) num(reg, "registration_id"),
            v.keyPair("client_identity").publicKey(),
            v.signedPreKey());
    replay(v.section("handshake_registration"), null, payload);
  }

  @Test
  void loginHandshakeWithRoutingInfo() throws WireException {
    Map<String, Object> hs = v.section("handshake_login_with_routing_info");
    Map<String, Object> login = map(v.section("client_payloads"), "login");
    Map<String, Object> json = map(login, "json");
    byte[] payload =
        ClientPayloads.login(
            ClientPayloads.Shape.BAILEYS_6,
            NoiseVectors.profile(login),
            Long.parseLong(String.valueOf(json.get("username"))),
            (int) num(json, "device"));
    replay(hs, hex(hs, "routing_info"), payload);
  }

  /** Runs our client against the recorded server bytes; every client byte must match. */
  private void replay(Map<String, Object> hs, byte[] routingInfo, byte[] payload)
      throws WireException {
    NoiseHandshake handshake =
        new NoiseHandshake(
            v.keyPair("client_noise_key"),
            v.keyPair("client_ephemeral"),
            v.keyPair("mock_cert_root").publicKey(),
            v.clockInsideCertificates());

    Map<String, Object> hello = map(hs, "client_hello");
    byte[] clientHello = handshake.clientHello();
    assertEquals(str(hello, "handshake_message"), Vectors.hex(clientHello));
    assertEquals(str(hello, "wire"), Vectors.hex(FrameCodec.introFrame(routingInfo, clientHello)));

    Map<String, Object> serverHello = map(hs, "server_hello");
    List<byte[]> serverFrames = new FrameCodec.Decoder().feed(hex(serverHello, "wire"));
    assertEquals(1, serverFrames.size());
    assertEquals(str(serverHello, "handshake_message"), Vectors.hex(serverFrames.get(0)));

    Map<String, Object> finish = map(hs, "client_finish");
    assertEquals(str(finish, "client_payload"), Vectors.hex(payload));
    byte[] clientFinish = handshake.readServerHelloAndWriteFinish(serverFrames.get(0), payload);
    assertEquals(str(finish, "handshake_message"), Vectors.hex(clientFinish));
    assertEquals(str(finish, "wire"), Vectors.hex(FrameCodec.frame(clientFinish)));
    assertArrayEquals(v.keyPair("server_static").publicKey(), handshake.serverStaticKey());

    NoiseCipher cipher = handshake.finish();
    Map<String, Object> transport = map(hs, "transport");
    for (Object frame : list(transport, "client_to_server")) {
      byte[] wire = FrameCodec.frame(cipher.encrypt(hex(frame, "plaintext")));
      assertEquals(str(frame, "wire"), Vectors.hex(wire));
    }
    FrameCodec.Decoder decoder = new FrameCodec.Decoder();
    List<byte[]> received = new ArrayList<>();
    for (Object frame : list(transport, "server_to_client")) {
      received.addAll(decoder.feed(hex(frame, "wire")));
    }
    List<Object> expected = list(transport, "server_to_client");
    assertEquals(expected.size(), received.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(str(expected.get(i), "plaintext"), Vectors.hex(cipher.decrypt(received.get(i))));
    }
  }
}
