package dev.wagateway.core.internal.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.PairingCode;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentity;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeCodec;
import dev.wagateway.core.wire.NodeJson;
import dev.wagateway.core.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pairing stanzas against the recorded exchanges: what we build encodes byte for byte to the
 * frames Baileys sent (frames from bench-corpus.json, which records every transcript stanza with
 * its encoding), and what the server sent parses into the right parts.
 */
class PairingStanzasTest {
  private final NodeCodec codec = NodeCodec.standard();
  private final Map<String, Object> corpus = Json.load("bench-corpus.json");
  private final Map<String, Object> codeTranscript = Json.load("transcript-code.json");
  private final Map<String, Object> qrTranscript = Json.load("transcript-qr.json");

  private byte[] frame(String name) {
    for (Object e : Json.list(corpus, "corpus")) {
      if (name.equals(Json.str(e, "name"))) {
        return Json.hex(e, "encoded");
      }
    }
    throw new AssertionError("no corpus entry " + name);
  }

  /** Transcript stanza {@code index} as a node. */
  private BinaryNode stanza(String transcript, int index, String expectedTag) throws Exception {
    Map<String, Object> t = transcript.equals("transcript-code") ? codeTranscript : qrTranscript;
    Map<String, Object> entry = Json.obj(Json.list(t, "stanzas").get(index));
    BinaryNode node = NodeJson.fromValue(entry.get("node"));
    assertEquals(expectedTag, node.tag());
    return node;
  }

  private byte[] frameOf(String transcript, int index) {
    Map<String, Object> t = transcript.equals("transcript-code") ? codeTranscript : qrTranscript;
    Map<String, Object> entry = Json.obj(Json.list(t, "stanzas").get(index));
    String dir = "server->client".equals(entry.get("dir")) ? "s2c" : "c2s";
    String tag = Json.str(entry, "node", "tag");
    return frame(String.format("%s/%02d-%s-%s", transcript, index, dir, tag));
  }

  @Test
  void pairDeviceParsesAndItsAckEncodesLikeBaileys() throws Exception {
    for (String transcript : List.of("transcript-qr", "transcript-code")) {
      BinaryNode iq = codec.decode(frameOf(transcript, 0));
      assertEquals(stanza(transcript, 0, "iq"), iq);
      assertTrue(PairingStanzas.isPairDevice(iq));
      PairingStanzas.PairDevice pairDevice = PairingStanzas.parsePairDevice(iq);
      assertEquals(iq.attr("id"), pairDevice.iqId());
      List<BinaryNode> refs = iq.child("pair-device").children("ref");
      assertEquals(refs.size(), pairDevice.refs().size());
      for (int i = 0; i < refs.size(); i++) {
        assertEquals(
            new String(refs.get(i).bytes(), StandardCharsets.UTF_8), pairDevice.refs().get(i));
      }
      BinaryNode ack = PairingStanzas.pairDeviceAck(pairDevice);
      assertEquals(stanza(transcript, 1, "iq"), ack);
      assertArrayEquals(frameOf(transcript, 1), codec.encode(ack), transcript);
    }
  }

  @Test
  void qrTranscriptRefsMakeTheRecordedQrString() throws Exception {
    PairingStanzas.PairDevice pairDevice =
        PairingStanzas.parsePairDevice(codec.decode(frameOf("transcript-qr", 0)));
    Map<String, Object> keys = Json.obj(qrTranscript, "companion_keys");
    List<Object> qrs = Json.list(Json.obj(qrTranscript, "result"), "qrs");
    String adv = ((String) qrs.get(0)).substring(((String) qrs.get(0)).lastIndexOf(',') + 1);
    assertEquals(
        qrs.get(0),
        QrCodes.payload(
            pairDevice.refs().get(0),
            Json.hex(keys, "noise_key_public"),
            Json.hex(keys, "identity_key_public"),
            java.util.Base64.getDecoder().decode(adv)));
  }

  @Test
  void malformedPairDeviceIsRefused() {
    BinaryNode notFromServer =
        BinaryNode.newBuilder("iq")
            .attr("from", "123@s.whatsapp.net")
            .attr("type", "set")
            .attr("id", "x")
            .child(
                BinaryNode.newBuilder("pair-device")
                    .child(BinaryNode.newBuilder("ref").bytes(new byte[] {'a'}).build())
                    .build())
            .build();
    assertEquals(
        "bad_stanza",
        assertThrows(WireException.class, () -> PairingStanzas.parsePairDevice(notFromServer))
            .code());
    BinaryNode noRefs =
        BinaryNode.newBuilder("iq")
            .attr("from", "s.whatsapp.net")
            .attr("type", "set")
            .attr("id", "x")
            .child(BinaryNode.of("pair-device"))
            .build();
    assertThrows(WireException.class, () -> PairingStanzas.parsePairDevice(noRefs));
    BinaryNode noId =
        BinaryNode.newBuilder("iq")
            .attr("from", "s.whatsapp.net")
            .attr("type", "set")
            .child(
                BinaryNode.newBuilder("pair-device")
                    .child(BinaryNode.newBuilder("ref").bytes(new byte[] {'a'}).build())
                    .build())
            .build();
    assertThrows(WireException.class, () -> PairingStanzas.parsePairDevice(noId));
    assertFalse(PairingStanzas.isPairDevice(notFromServer));
  }

  @Test
  void pairSuccessFramesGiveAReplyFrameLikeBaileys() throws Exception {
    Map<String, Object> adv = Json.load("adv.json");
    KeyPair companion =
        Curve.keyPairFromPrivate(Json.hex(adv, "keys", "companion_identity", "private"));
    byte[] advSecret = Json.hex(adv, "keys", "adv_secret");
    for (Object p : Json.list(adv, "positive")) {
      String name = Json.str(p, "name");
      BinaryNode iq = codec.decode(Json.hex(p, "pair_success_stanza", "encoded"));
      assertEquals(NodeJson.fromValue(Json.obj(p, "pair_success_stanza", "node")), iq);
      assertTrue(PairingStanzas.isPairSuccess(iq));
      PairSuccess parts = PairingStanzas.parsePairSuccess(iq);
      PairOutcome.Paired paired =
          assertInstanceOf(
              PairOutcome.Paired.class,
              PairSuccessVerifier.verify(parts, companion, advSecret, new SecureRandom()),
              name);
      Map<String, Object> reply = Json.obj(p, "baileys_result", "reply_stanza");
      byte[] expected = Json.hex(reply, "encoded");
      byte[] ours = codec.encode(PairingStanzas.reply(paired));
      // The frame ends with the device signature, which Baileys makes deterministically.
      assertEquals(expected.length, ours.length, name);
      assertArrayEquals(
          Arrays.copyOf(expected, expected.length - 64),
          Arrays.copyOf(ours, ours.length - 64),
          name);
      ADVSignedDeviceIdentity signed =
          ADVSignedDeviceIdentity.parseFrom(
              codec.decode(ours).child("pair-device-sign").child("device-identity").bytes());
      assertTrue(
          Curve.verify(
              companion.publicKey(),
              PairSuccessVerifier.deviceSignatureMessage(
                  signed.getDetails().toByteArray(),
                  companion.publicKey(),
                  paired.primaryIdentityKey()),
              signed.getDeviceSignature().toByteArray()),
          name);
      // With Baileys' signature in place of ours, the whole frame is identical.
      BinaryNode baileysReply = NodeJson.fromValue(Json.obj(reply, "node"));
      assertArrayEquals(expected, codec.encode(baileysReply));
    }
  }

  @Test
  void refusedPairSuccessGetsAPairErrorFrame() throws Exception {
    Map<String, Object> adv = Json.load("adv.json");
    KeyPair companion =
        Curve.keyPairFromPrivate(Json.hex(adv, "keys", "companion_identity", "private"));
    for (Object n : Json.list(adv, "negative")) {
      BinaryNode iq = codec.decode(Json.hex(n, "pair_success_stanza", "encoded"));
      PairOutcome outcome =
          PairSuccessVerifier.verify(
              PairingStanzas.parsePairSuccess(iq),
              companion,
              Json.hex(adv, "keys", "adv_secret"),
              new SecureRandom());
      PairOutcome.Rejected rejected = assertInstanceOf(PairOutcome.Rejected.class, outcome);
      BinaryNode reply = codec.decode(codec.encode(PairingStanzas.reply(outcome)));
      BinaryNode expected =
          BinaryNode.newBuilder("iq")
              .attr("to", "@s.whatsapp.net")
              .attr("type", "error")
              .attr("id", iq.attr("id"))
              .child(
                  BinaryNode.newBuilder("error")
                      .attr("code", Integer.toString(rejected.error().replyCode()))
                      .attr("text", rejected.error().replyText())
                      .build())
              .build();
      assertEquals(expected, reply, Json.str(n, "name"));
    }
  }

  @Test
  void pairSuccessPartsAreRead() throws Exception {
    BinaryNode iq =
        BinaryNode.newBuilder("iq")
            .attr("from", "s.whatsapp.net")
            .attr("type", "set")
            .attr("id", "ps")
            .attr("t", "1700000001")
            .child(
                BinaryNode.newBuilder("pair-success")
                    .child(
                        BinaryNode.newBuilder("device-identity").bytes(new byte[] {1, 2}).build())
                    .child(
                        BinaryNode.newBuilder("device")
                            .attr("jid", "1555:4@s.whatsapp.net")
                            .attr("lid", "99:4@lid")
                            .build())
                    .child(BinaryNode.newBuilder("platform").attr("name", "android").build())
                    .child(BinaryNode.newBuilder("biz").attr("name", "Shop").build())
                    .child(BinaryNode.newBuilder("client-props").bytes(new byte[] {8, 1}).build())
                    .build())
            .build();
    PairSuccess parts = PairingStanzas.parsePairSuccess(iq);
    assertEquals("ps", parts.iqId());
    assertEquals(1_700_000_001L, parts.serverTime());
    assertArrayEquals(new byte[] {1, 2}, parts.deviceIdentity());
    assertEquals("1555:4@s.whatsapp.net", parts.deviceJid());
    assertEquals("99:4@lid", parts.deviceLid());
    assertEquals("android", parts.platform());
    assertEquals("Shop", parts.businessName());
    assertArrayEquals(new byte[] {8, 1}, parts.clientProps());

    BinaryNode bare =
        BinaryNode.newBuilder("iq")
            .attr("from", "s.whatsapp.net")
            .attr("type", "set")
            .attr("id", "ps2")
            .child(BinaryNode.of("pair-success"))
            .build();
    PairSuccess empty = PairingStanzas.parsePairSuccess(bare);
    assertNull(empty.deviceIdentity());
    assertNull(empty.deviceJid());
    assertNull(empty.serverTime());
  }

  @Test
  void phoneCodeStanzasEncodeLikeBaileys() throws Exception {
    String t = "transcript-code";
    BinaryNode hello = stanza(t, 2, "iq");
    BinaryNode helloReg = hello.child("link_code_companion_reg");
    CodePairing pairing =
        CodePairing.start(
            helloReg.attr("jid").replace("@s.whatsapp.net", ""),
            PairingCode.parse("ABCD1234"),
            Curve.generateKeyPair(new SecureRandom()));
    BinaryNode ours =
        PairingStanzas.companionHello(
            hello.attr("id"),
            pairing,
            helloReg.child("link_code_pairing_wrapped_companion_ephemeral_pub").bytes(),
            helloReg.child("companion_server_auth_key_pub").bytes(),
            CompanionPlatform.CHROME,
            new String(
                helloReg.child("companion_platform_display").bytes(), StandardCharsets.UTF_8),
            true);
    assertEquals(hello, ours);
    assertArrayEquals(frameOf(t, 2), codec.encode(ours));

    BinaryNode result = codec.decode(frameOf(t, 3));
    byte[] ref = PairingStanzas.parseCompanionHelloResult(result);
    assertArrayEquals(
        result.child("link_code_companion_reg").child("link_code_pairing_ref").bytes(), ref);

    BinaryNode notification = codec.decode(frameOf(t, 4));
    assertTrue(PairingStanzas.isPrimaryHello(notification));
    PrimaryHello primaryHello = PairingStanzas.parsePrimaryHello(notification);
    BinaryNode reg = notification.child("link_code_companion_reg");
    assertEquals(notification.attr("id"), primaryHello.notificationId());
    assertArrayEquals(ref, primaryHello.ref());
    assertArrayEquals(
        reg.child("link_code_pairing_wrapped_primary_ephemeral_pub").bytes(),
        primaryHello.wrappedPrimaryEphemeral());
    assertArrayEquals(
        Json.hex(codeTranscript, "mock_keys", "phone_account_identity_public"),
        primaryHello.primaryIdentityPublicKey());
    assertTrue(pairing.withRef(ref).matches(primaryHello));

    BinaryNode finish = stanza(t, 5, "iq");
    BinaryNode finishReg = finish.child("link_code_companion_reg");
    BinaryNode oursFinish =
        PairingStanzas.companionFinish(
            finish.attr("id"),
            pairing.withRef(ref),
            finishReg.child("link_code_pairing_wrapped_key_bundle").bytes(),
            finishReg.child("companion_identity_public").bytes());
    assertEquals(finish, oursFinish);
    assertArrayEquals(frameOf(t, 5), codec.encode(oursFinish));

    BinaryNode ack = PairingStanzas.primaryHelloAck(notification);
    assertEquals(stanza(t, 7, "ack"), ack);
    assertArrayEquals(frameOf(t, 7), codec.encode(ack));
  }

  /** The live exchange of pairing-code.json, computed by us from its keys and draws. */
  @Test
  void liveCodeStanzasAreReproducedFromKeysAndDraws() throws Exception {
    Map<String, Object> v = Json.load("pairing-code.json");
    Map<String, Object> live = Json.obj(v, "live");
    List<Object> draws = Json.list(live, "rng_draws");
    byte[][] d = new byte[draws.size()][];
    for (int i = 0; i < d.length; i++) {
      d[i] = Json.hex(draws.get(i), "hex");
    }
    ReplayRandom random = new ReplayRandom(d);
    KeyPair ephemeral =
        Curve.keyPairFromPrivate(
            Json.hex(v, "deterministic", "keys", "companion_pairing_ephemeral", "private"));
    KeyPair identity =
        Curve.keyPairFromPrivate(
            Json.hex(v, "deterministic", "keys", "companion_identity", "private"));
    byte[] primaryIdentity = Json.hex(v, "deterministic", "keys", "primary_identity", "public");

    BinaryNode expectedHello = NodeJson.fromValue(live.get("companion_hello_stanza"));
    BinaryNode helloReg = expectedHello.child("link_code_companion_reg");
    CodePairing pairing =
        CodePairing.start(
            helloReg.attr("jid").replace("@s.whatsapp.net", ""),
            PairingCode.parse(Json.str(live, "code_returned_by_requestPairingCode")),
            ephemeral);
    BinaryNode hello =
        PairingStanzas.companionHello(
            expectedHello.attr("id"),
            pairing,
            pairing.wrappedEphemeral(random),
            helloReg.child("companion_server_auth_key_pub").bytes(),
            CompanionPlatform.CHROME,
            "Chrome (Ubuntu)",
            true);
    assertEquals(expectedHello, hello);
    assertArrayEquals(codec.encode(expectedHello), codec.encode(hello));

    Map<String, Object> mock = Json.obj(live, "primary_hello_sent_by_mock");
    CodePairing answered = pairing.withRef(Json.str(mock, "ref").getBytes(StandardCharsets.UTF_8));
    PrimaryHello primaryHello =
        new PrimaryHello(
            "n", answered.ref(), Json.hex(mock, "wrapped_primary_ephemeral_pub"), primaryIdentity);
    PairingCodeCrypto.KeyBundle bundle = answered.finish(identity, primaryHello, random);
    BinaryNode expectedFinish = NodeJson.fromValue(live.get("companion_finish_stanza"));
    BinaryNode finish =
        PairingStanzas.companionFinish(
            expectedFinish.attr("id"), answered, bundle.wrappedKeyBundle(), identity.publicKey());
    assertEquals(expectedFinish, finish);
    assertArrayEquals(codec.encode(expectedFinish), codec.encode(finish));
    assertEquals(Vectors.hex(Json.hex(live, "adv_secret")), Vectors.hex(bundle.advSecret()));
  }

  @Test
  void platformDisplayMustBeBrowserAndOs() {
    CodePairing pairing =
        CodePairing.start(
            "15550001234",
            PairingCode.parse("ABCD1234"),
            Curve.generateKeyPair(new SecureRandom()));
    for (String bad :
        new String[] {null, "", "Chrome", "Chrome(Linux)", "Chrome (Linux", "(Linux)"}) {
      assertThrows(
          dev.wagateway.core.GatewayException.ValidationException.class,
          () ->
              PairingStanzas.companionHello(
                  "1", pairing, new byte[80], new byte[32], CompanionPlatform.CHROME, bad, true),
          String.valueOf(bad));
    }
    BinaryNode ok =
        PairingStanzas.companionHello(
            "1",
            pairing,
            new byte[80],
            new byte[32],
            CompanionPlatform.FIREFOX,
            "Firefox (Mac OS)",
            false);
    BinaryNode reg = ok.child("link_code_companion_reg");
    assertEquals("false", reg.attr("should_show_push_notification"));
    assertEquals("3", reg.child("companion_platform_id").text());
  }

  @Test
  void malformedPrimaryHelloIsRefused() {
    BinaryNode shortKey =
        BinaryNode.newBuilder("notification")
            .attr("from", "s.whatsapp.net")
            .attr("type", "link_code_companion_reg")
            .attr("id", "n1")
            .child(
                BinaryNode.newBuilder("link_code_companion_reg")
                    .attr("stage", "primary_hello")
                    .child(
                        BinaryNode.newBuilder("link_code_pairing_ref")
                            .bytes(new byte[] {1})
                            .build())
                    .child(
                        BinaryNode.newBuilder("link_code_pairing_wrapped_primary_ephemeral_pub")
                            .bytes(new byte[79])
                            .build())
                    .child(
                        BinaryNode.newBuilder("primary_identity_pub").bytes(new byte[32]).build())
                    .build())
            .build();
    assertEquals(
        "bad_stanza",
        assertThrows(WireException.class, () -> PairingStanzas.parsePrimaryHello(shortKey)).code());
    assertThrows(
        WireException.class,
        () ->
            PairingStanzas.parseCompanionHelloResult(
                BinaryNode.newBuilder("iq").attr("type", "result").attr("id", "1").build()));
  }
}
