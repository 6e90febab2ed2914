package dev.wagateway.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.noise.FrameCodec;
import dev.wagateway.core.internal.noise.NoiseCipher;
import dev.wagateway.core.internal.noise.NoiseHandshake;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain.NoiseCertificate;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.wire.WireException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator's responder against noise.json (its h/ck/k after every step, its ServerHello, the
 * transport frames) and against our own client, in memory.
 */
class NoiseResponderTest {
  private static final String[] HANDSHAKES = {
    "handshake_registration", "handshake_login_with_routing_info"
  };

  private final Map<String, Object> v = load();
  private final SecureRandom random = new SecureRandom(new byte[] {42});
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

  @Test
  void responderReproducesBothRecordedHandshakes() throws WireException {
    for (String name : HANDSHAKES) {
      Map<String, Object> hs = map(v, name);
      NoiseResponder responder =
          new NoiseResponder(
              keyPair("server_static"),
              keyPair("server_ephemeral"),
              hex(map(v, "cert_chain"), "bytes"));

      // The first client message: intro (with the routing info when there is one) and ClientHello.
      Map<String, Object> clientHello = map(hs, "client_hello");
      NoiseResponder.Intro intro = introOf(hex(clientHello, "wire"));
      if (hs.containsKey("routing_info")) {
        assertEquals(str(hs, "routing_info"), Vectors.hex(intro.routingInfo()), name);
      } else {
        assertNull(intro.routingInfo(), name);
      }
      List<byte[]> frames = new FrameCodec.Decoder().feed(intro.rest());
      assertEquals(1, frames.size());
      assertEquals(str(clientHello, "handshake_message"), Vectors.hex(frames.get(0)));
      responder.readClientHello(frames.get(0));

      Map<String, Object> serverHello = map(hs, "server_hello");
      byte[] hello = responder.writeServerHello();
      assertEquals(str(serverHello, "handshake_message"), Vectors.hex(hello), name);
      assertEquals(str(serverHello, "wire"), Vectors.hex(FrameCodec.frame(hello)), name);

      Map<String, Object> finish = map(hs, "client_finish");
      List<byte[]> finishFrames = new FrameCodec.Decoder().feed(hex(finish, "wire"));
      NoiseResponder.ClientFinish received = responder.readClientFinish(finishFrames.get(0));
      assertArrayEquals(keyPair("client_noise_key").publicKey(), received.clientStaticKey());
      assertEquals(str(finish, "client_payload"), Vectors.hex(received.clientPayload()), name);

      NoiseCipher server = responder.finish();
      List<NoiseResponder.Step> trace = responder.trace();
      List<Object> expected = list(hs, "server_trace");
      int compared = 0;
      for (Object step : expected) {
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) step;
        if (!e.containsKey("h")) {
          assertEquals("split", e.get("step"));
          assertEquals(str(e, "clientWriteKey"), Vectors.hex(responder.keys().clientWrite()));
          assertEquals(str(e, "serverWriteKey"), Vectors.hex(responder.keys().clientRead()));
          continue;
        }
        NoiseResponder.Step ours = trace.get(compared++);
        String where = name + " step " + e.get("step");
        assertEquals(e.get("step"), ours.name(), where);
        assertEquals(str(e, "h"), Vectors.hex(ours.h()), where);
        assertEquals(str(e, "ck"), Vectors.hex(ours.ck()), where);
        assertEquals(str(e, "k"), Vectors.hex(ours.k()), where);
        assertEquals(((Number) e.get("n")).longValue(), ours.n(), where);
      }
      assertEquals(trace.size(), compared, name + ": every recorded step compared");

      Map<String, Object> transport = map(hs, "transport");
      FrameCodec.Decoder decoder = new FrameCodec.Decoder();
      for (Object frame : list(transport, "client_to_server")) {
        List<byte[]> in = decoder.feed(hex(frame, "wire"));
        assertEquals(1, in.size());
        assertEquals(str(frame, "plaintext"), Vectors.hex(server.decrypt(in.get(0))), name);
      }
      for (Object frame : list(transport, "server_to_client")) {
        byte[] wire = FrameCodec.frame(server.encrypt(hex(frame, "plaintext")));
        assertEquals(str(frame, "wire"), Vectors.hex(wire), name);
      }
    }
  }

  @Test
  void caBuildsTheRecordedCertificateDetails() throws IOException {
    Map<String, Object> chain = map(v, "cert_chain");
    NoiseCertificate.Details intermediate =
        NoiseCertificate.Details.parseFrom(hex(chain, "intermediate_details"));
    NoiseCertificate.Details leaf = NoiseCertificate.Details.parseFrom(hex(chain, "leaf_details"));
    CertificateAuthority ca =
        new CertificateAuthority(
            keyPair("mock_cert_root"), keyPair("mock_cert_intermediate"), random);
    CertificateAuthority.ChainBuilder builder =
        ca.chain(keyPair("server_static").publicKey())
            .intermediateValidity(
                Instant.ofEpochSecond(intermediate.getNotBefore()),
                Instant.ofEpochSecond(intermediate.getNotAfter()))
            .leafValidity(
                Instant.ofEpochSecond(leaf.getNotBefore()),
                Instant.ofEpochSecond(leaf.getNotAfter()));
    assertEquals(str(chain, "intermediate_details"), Vectors.hex(builder.intermediateDetails()));
    assertEquals(str(chain, "leaf_details"), Vectors.hex(builder.leafDetails()));
    CertChain built = CertChain.parseFrom(builder.build());
    assertTrue(
        Curve.verify(
            keyPair("mock_cert_root").publicKey(),
            built.getIntermediate().getDetails().toByteArray(),
            built.getIntermediate().getSignature().toByteArray()));
    assertTrue(
        Curve.verify(
            keyPair("mock_cert_intermediate").publicKey(),
            built.getLeaf().getDetails().toByteArray(),
            built.getLeaf().getSignature().toByteArray()));
  }

  @Test
  void inMemoryHandshakeThenTransportBothWays() throws WireException {
    CertificateAuthority ca = new CertificateAuthority(random);
    KeyPair serverStatic = Curve.generateKeyPair(random);
    Connection c =
        connect(
            ca.rootPublicKey(),
            serverStatic,
            ca.issue(serverStatic.publicKey(), clock),
            Vectors.hex("0a0b0c"));
    assertEquals("0a0b0c", Vectors.hex(c.intro.routingInfo()));
    assertArrayEquals(c.clientStatic.publicKey(), c.finish.clientStaticKey());
    assertEquals("the payload", new String(c.finish.clientPayload(), StandardCharsets.UTF_8));

    for (int i = 0; i < 3; i++) {
      byte[] up = ("client frame " + i).getBytes(StandardCharsets.UTF_8);
      byte[] down = new byte[1000 + i];
      random.nextBytes(down);
      assertArrayEquals(up, c.server.decrypt(c.client.encrypt(up)));
      assertArrayEquals(down, c.client.decrypt(c.server.encrypt(down)));
    }
  }

  @Test
  void chainFromAnotherRootIsRefusedByTheClient() {
    CertificateAuthority trusted = new CertificateAuthority(random);
    CertificateAuthority other = new CertificateAuthority(random);
    KeyPair serverStatic = Curve.generateKeyPair(random);
    WireException e =
        assertThrows(
            WireException.class,
            () ->
                connect(
                    trusted.rootPublicKey(),
                    serverStatic,
                    other.issue(serverStatic.publicKey(), clock),
                    null));
    assertEquals("handshake_failed", e.code());
    assertEquals("certificate chain: intermediate not signed by the trusted root", e.getMessage());
  }

  @Test
  void brokenChainsAreRefusedNamingTheCheck() {
    CertificateAuthority ca = new CertificateAuthority(random);
    KeyPair serverStatic = Curve.generateKeyPair(random);
    KeyPair stranger = Curve.generateKeyPair(random);
    Instant now = clock.instant();
    assertRefused(
        ca,
        serverStatic,
        ca.chain(serverStatic.publicKey())
            .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))
            .build(),
        "certificate chain: intermediate certificate expired");
    assertRefused(
        ca,
        serverStatic,
        ca.chain(serverStatic.publicKey())
            .leafValidity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
            .build(),
        "certificate chain: leaf certificate not yet valid");
    assertRefused(
        ca,
        serverStatic,
        ca.chain(serverStatic.publicKey()).leafKey(stranger.publicKey()).build(),
        "certificate chain: leaf key does not match the server static key");
    assertRefused(
        ca,
        serverStatic,
        ca.chain(serverStatic.publicKey()).leafSignedBy(stranger).build(),
        "certificate chain: leaf not signed by intermediate");
    assertRefused(
        ca,
        serverStatic,
        ca.chain(serverStatic.publicKey()).intermediateIssuerSerial(7).build(),
        "certificate chain: intermediate issuer serial is 7, expected 0");
    assertRefused(
        ca,
        serverStatic,
        ca.chain(serverStatic.publicKey()).leafIssuerSerial(5).build(),
        "certificate chain: leaf issuer serial does not match the intermediate serial");
  }

  @Test
  void tamperedClientFinishIsRefusedByTheResponder() throws WireException {
    CertificateAuthority ca = new CertificateAuthority(random);
    KeyPair serverStatic = Curve.generateKeyPair(random);
    NoiseResponder responder =
        new NoiseResponder(serverStatic, ca.issue(serverStatic.publicKey(), clock), random);
    NoiseHandshake client =
        new NoiseHandshake(
            Curve.generateKeyPair(random),
            Curve.generateKeyPair(random),
            ca.rootPublicKey(),
            clock);
    responder.readClientHello(client.clientHello());
    byte[] finish =
        client.readServerHelloAndWriteFinish(responder.writeServerHello(), new byte[] {1});
    finish[finish.length - 1] ^= 1;
    WireException e = assertThrows(WireException.class, () -> responder.readClientFinish(finish));
    assertEquals("handshake_failed", e.code());
    assertEquals("cannot decrypt client payload", e.getMessage());
  }

  @Test
  void introDecoderHandlesSplitsAndRefusesGarbage() throws WireException {
    byte[] first = FrameCodec.introFrame(Vectors.hex("0805080c"), new byte[] {9, 9});
    for (int cut = 0; cut <= first.length; cut++) {
      NoiseResponder.IntroDecoder d = new NoiseResponder.IntroDecoder();
      byte[] second = Arrays.copyOfRange(first, cut, first.length);
      NoiseResponder.Intro intro = d.feed(Arrays.copyOfRange(first, 0, cut));
      String rest;
      if (intro == null) {
        intro = d.feed(second);
        rest = Vectors.hex(intro.rest());
      } else {
        // complete already: the later bytes go straight to the frame decoder
        rest = Vectors.hex(intro.rest()) + Vectors.hex(second);
      }
      assertEquals("0805080c", Vectors.hex(intro.routingInfo()), "cut " + cut);
      assertEquals("000002" + "0909", rest, "cut " + cut);
    }
    WireException bad =
        assertThrows(
            WireException.class,
            () -> new NoiseResponder.IntroDecoder().feed(Vectors.hex("57410503")));
    assertEquals("bad_intro", bad.code());
    WireException tooLong =
        assertThrows(
            WireException.class,
            () -> new NoiseResponder.IntroDecoder().feed(Vectors.hex("45440001ffffff")));
    assertEquals("bad_intro", tooLong.code());
  }

  private void assertRefused(
      CertificateAuthority ca, KeyPair serverStatic, byte[] chain, String reason) {
    WireException e =
        assertThrows(
            WireException.class, () -> connect(ca.rootPublicKey(), serverStatic, chain, null));
    assertEquals("handshake_failed", e.code());
    assertTrue(e.getMessage().startsWith(reason), e.getMessage());
  }

  /** Client and responder wired back to back through the frame codec, as bytes on a socket. */
  private record Connection(
      KeyPair clientStatic,
      NoiseResponder.Intro intro,
      NoiseResponder.ClientFinish finish,
      NoiseCipher client,
      NoiseCipher server) {}

  private Connection connect(byte[] trustedRoot, KeyPair serverStatic, byte[] chain, byte[] routing)
      throws WireException {
    KeyPair clientStatic = Curve.generateKeyPair(random);
    NoiseHandshake client =
        new NoiseHandshake(clientStatic, Curve.generateKeyPair(random), trustedRoot, clock);
    NoiseResponder responder = new NoiseResponder(serverStatic, chain, random);

    NoiseResponder.Intro intro = introOf(FrameCodec.introFrame(routing, client.clientHello()));
    FrameCodec.Decoder serverIn = new FrameCodec.Decoder();
    responder.readClientHello(single(serverIn.feed(intro.rest())));
    FrameCodec.Decoder clientIn = new FrameCodec.Decoder();
    byte[] serverHello = single(clientIn.feed(FrameCodec.frame(responder.writeServerHello())));
    byte[] finish =
        client.readServerHelloAndWriteFinish(
            serverHello, "the payload".getBytes(StandardCharsets.UTF_8));
    NoiseResponder.ClientFinish received =
        responder.readClientFinish(single(serverIn.feed(FrameCodec.frame(finish))));
    return new Connection(clientStatic, intro, received, client.finish(), responder.finish());
  }

  private static byte[] single(List<byte[]> frames) {
    assertEquals(1, frames.size());
    return frames.get(0);
  }

  private static NoiseResponder.Intro introOf(byte[] firstMessage) throws WireException {
    NoiseResponder.Intro intro = new NoiseResponder.IntroDecoder().feed(firstMessage);
    assertTrue(intro != null, "intro incomplete");
    return intro;
  }

  // --- noise.json access ---

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try {
      return (Map<String, Object>)
          new Moshi.Builder().build().adapter(Object.class).fromJson(Vectors.text("noise.json"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private KeyPair keyPair(String name) {
    Map<String, Object> k = map(map(v, "keys"), name);
    KeyPair pair = Curve.keyPairFromPrivate(hex(k, "private"));
    assertEquals(str(k, "public"), Vectors.hex(pair.publicKey()), name);
    return pair;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> o, String key) {
    Object value = o.get(key);
    if (value == null) {
      throw new IllegalStateException("noise.json lacks " + key);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> o, String key) {
    return new ArrayList<>((List<Object>) o.get(key));
  }

  private static String str(Map<String, Object> o, String key) {
    Object value = o.get(key);
    if (value == null) {
      throw new IllegalStateException("noise.json lacks " + key);
    }
    return (String) value;
  }

  private static byte[] hex(Map<String, Object> o, String key) {
    return Vectors.hex(str(o, key));
  }

  @SuppressWarnings("unchecked")
  private static byte[] hex(Object o, String key) {
    return hex((Map<String, Object>) o, key);
  }

  @SuppressWarnings("unchecked")
  private static String str(Object o, String key) {
    return str((Map<String, Object>) o, key);
  }
}
