package dev.wagateway.core.internal.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.NodeCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every messaging stanza of the Baileys transcripts, rebuilt with our builders (compared as nodes
 * and as encoded frames) or parsed with our parsers (compared with the recorded values).
 */
class TranscriptStanzasTest {
  private static final NodeCodec CODEC = NodeCodec.standard();

  private static void assertSameStanza(BinaryNode expected, BinaryNode actual) {
    assertEquals(expected, actual);
    assertArrayEquals(
        CODEC.encode(expected), CODEC.encode(actual), "encoded frame of " + expected.tag());
  }

  private static List<BinaryNode> stanzas(Map<String, Object> t, String dir) {
    List<BinaryNode> out = new ArrayList<>();
    for (Object s : TestJson.list(t, "stanzas")) {
      if (dir.equals(TestJson.string(s, "dir"))) {
        out.add(TestJson.node(TestJson.map(s, "node")));
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcript-qr.json", "transcript-code.json"})
  void usyncQueryIsRebuiltAndItsAnswerParsed(String file) throws Exception {
    Map<String, Object> t = TestJson.load(file);
    BinaryNode request =
        stanzas(t, "client->server").stream()
            .filter(n -> "usync".equals(n.attr("xmlns")))
            .findFirst()
            .orElseThrow();
    BinaryNode usync = request.child("usync");
    List<Jid> users = new ArrayList<>();
    for (BinaryNode u : usync.child("list").children("user")) {
      users.add(Jid.parse(u.attr("jid")));
    }
    boolean withLid = usync.child("query").child("lid") != null;
    assertSameStanza(
        request, DeviceListQuery.request(request.attr("id"), usync.attr("sid"), users, withLid));

    BinaryNode answer =
        stanzas(t, "server->client").stream()
            .filter(n -> request.attr("id").equals(n.attr("id")))
            .findFirst()
            .orElseThrow();
    List<DeviceListQuery.UserDevices> parsed = DeviceListQuery.parse(answer);
    List<BinaryNode> expectedUsers = answer.child("usync").child("list").children("user");
    assertEquals(expectedUsers.size(), parsed.size());
    for (int i = 0; i < parsed.size(); i++) {
      BinaryNode user = expectedUsers.get(i);
      DeviceListQuery.UserDevices devices = parsed.get(i);
      assertEquals(Jid.parse(user.attr("jid")), devices.user());
      List<BinaryNode> deviceNodes = user.child("devices").child("device-list").children("device");
      assertEquals(deviceNodes.size(), devices.devices().size());
      for (int d = 0; d < deviceNodes.size(); d++) {
        int id = Integer.parseInt(deviceNodes.get(d).attr("id"));
        DeviceListQuery.Device device = devices.devices().get(d);
        assertEquals(Jid.parse(user.attr("jid")).withDevice(id), device.jid());
        String keyIndex = deviceNodes.get(d).attr("key-index");
        assertEquals(keyIndex == null ? -1 : Integer.parseInt(keyIndex), device.keyIndex());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcript-qr.json", "transcript-code.json"})
  void preKeyFetchIsRebuiltAndItsAnswerParsed(String file) throws Exception {
    Map<String, Object> t = TestJson.load(file);
    BinaryNode request =
        stanzas(t, "client->server").stream()
            .filter(n -> "encrypt".equals(n.attr("xmlns")) && n.child("key") != null)
            .findFirst()
            .orElseThrow();
    List<Jid> devices = new ArrayList<>();
    boolean reason = false;
    for (BinaryNode u : request.child("key").children("user")) {
      devices.add(Jid.parse(u.attr("jid")));
      reason |= u.attr("reason") != null;
    }
    assertSameStanza(request, PreKeyFetch.request(request.attr("id"), devices, reason));

    BinaryNode answer =
        stanzas(t, "server->client").stream()
            .filter(n -> request.attr("id").equals(n.attr("id")))
            .findFirst()
            .orElseThrow();
    Map<Jid, PreKeyFetch.FetchedBundle> bundles = PreKeyFetch.parse(answer);
    List<BinaryNode> users = answer.child("list").children("user");
    assertEquals(users.size(), bundles.size());
    for (BinaryNode user : users) {
      PreKeyBundle b = bundles.get(Jid.parse(user.attr("jid"))).bundle();
      assertEquals(Stanzas.bigEndian(user.child("registration").bytes()), b.registrationId());
      assertArrayEquals(Curve.withPrefix(user.child("identity").bytes()), b.identityKey());
      BinaryNode skey = user.child("skey");
      assertEquals(Stanzas.bigEndian(skey.child("id").bytes()), b.signedPreKeyId());
      assertArrayEquals(Curve.withPrefix(skey.child("value").bytes()), b.signedPreKey());
      assertArrayEquals(skey.child("signature").bytes(), b.signedPreKeySignature());
      assertTrue(
          Curve.verify(b.identityKey(), b.signedPreKey(), b.signedPreKeySignature()),
          "the recorded signed prekey verifies");
      BinaryNode key = user.child("key");
      if (key != null) {
        assertEquals(Stanzas.bigEndian(key.child("id").bytes()), b.preKeyId().getAsInt());
        assertArrayEquals(Curve.withPrefix(key.child("value").bytes()), b.preKey());
      } else {
        assertFalse(b.preKeyId().isPresent());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcript-qr.json", "transcript-code.json"})
  void outgoingMessageIsRebuiltAndItsAckParsed(String file) throws Exception {
    Map<String, Object> t = TestJson.load(file);
    BinaryNode sent =
        stanzas(t, "client->server").stream()
            .filter(n -> "message".equals(n.tag()))
            .findFirst()
            .orElseThrow();
    // The content the recipient decrypted (not the copy for our own devices).
    Message content = null;
    for (Object d : TestJson.list(TestJson.map(t, "decrypted_client_message"), "per_device")) {
      Message m = TestJson.message(TestJson.map(d, "message"));
      if (!m.hasDeviceSentMessage()) {
        content = m;
      }
    }
    List<BinaryNode> participants = new ArrayList<>();
    List<Jid> devices = new ArrayList<>();
    boolean anyPreKey = false;
    for (BinaryNode to : sent.child("participants").children("to")) {
      BinaryNode enc = to.child("enc");
      EncryptResult r = new EncryptResult(enc.attr("type"), enc.bytes());
      Map<String, String> extra = new LinkedHashMap<>(OutgoingStanzas.encAttributes(content, true));
      participants.add(OutgoingStanzas.to(Jid.parse(to.attr("jid")), r, extra));
      devices.add(Jid.parse(to.attr("jid")));
      anyPreKey |= r.preKeyMessage();
    }
    Fanout fanout = new Fanout(participants, anyPreKey, devices, Map.of());
    BinaryNode identity = sent.child("device-identity");
    BinaryNode rebuilt =
        OutgoingStanzas.direct(
            sent.attr("id"),
            Jid.parse(sent.attr("to")),
            content,
            fanout,
            identity == null ? null : identity.bytes(),
            null);
    assertSameStanza(sent, rebuilt);

    BinaryNode ack =
        stanzas(t, "server->client").stream()
            .filter(Acks::isMessageAck)
            .filter(n -> sent.attr("id").equals(n.attr("id")))
            .findFirst()
            .orElseThrow();
    Acks.ServerAck parsed = Acks.ServerAck.parse(ack);
    assertEquals(sent.attr("id"), parsed.id());
    assertEquals(Long.parseLong(ack.attr("t")), parsed.timestamp());
    assertEquals(Jid.parse(ack.attr("from")), parsed.from());
    assertFalse(parsed.failed());
    assertNull(parsed.phash());
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcript-qr.json", "transcript-code.json"})
  void incomingMessageIsParsedAndItsReceiptRebuilt(String file) throws Exception {
    Map<String, Object> t = TestJson.load(file);
    List<BinaryNode> fromServer = stanzas(t, "server->client");
    List<BinaryNode> fromClient = stanzas(t, "client->server");
    BinaryNode stanza =
        fromServer.stream().filter(n -> "message".equals(n.tag())).findFirst().orElseThrow();
    InboundMessage in = InboundMessage.parse(stanza);
    assertEquals(stanza.attr("id"), in.id());
    assertEquals(Jid.parse(stanza.attr("from")), in.from());
    assertEquals(in.from(), in.sender());
    assertEquals(in.from().toNonAd(), in.chat());
    assertEquals(stanza.attr("type"), in.type());
    assertEquals(Long.parseLong(stanza.attr("t")), in.timestamp());
    assertEquals(stanza.attr("notify"), in.pushName());
    assertFalse(in.isGroup());
    List<BinaryNode> encs = stanza.children("enc");
    assertEquals(encs.size(), in.encs().size());
    for (int i = 0; i < encs.size(); i++) {
      assertEquals(encs.get(i).attr("type"), in.encs().get(i).type());
      assertEquals(Integer.parseInt(encs.get(i).attr("v")), in.encs().get(i).version());
      assertArrayEquals(encs.get(i).bytes(), in.encs().get(i).ciphertext());
    }

    BinaryNode receipt =
        fromClient.stream()
            .filter(n -> "receipt".equals(n.tag()) && in.id().equals(n.attr("id")))
            .findFirst()
            .orElseThrow();
    // Baileys is not marked online in the transcripts, so it sends "inactive".
    String type = Receipts.deliveryType(in, false, false);
    assertSameStanza(receipt, Receipts.delivery(in, type));
  }
}
