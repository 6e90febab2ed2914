package dev.wagateway.core.internal.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.internal.store.InMemoryGatewayStore;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.NodeJson;
import dev.wagateway.core.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Builders and parsers of receipts, acks, usync and prekey answers beyond what the transcripts
 * hold.
 */
class StanzasTest {
  private static BinaryNode xml(String json) {
    return NodeJson.fromJson(json);
  }

  private static final BinaryNode GROUP_MESSAGE =
      BinaryNode.newBuilder("message")
          .attr("from", "120363012345678901@g.us")
          .attr("participant", "123456789012345:7@lid")
          .attr("participant_pn", "15551234567@s.whatsapp.net")
          .attr("addressing_mode", "lid")
          .attr("id", "3EB0ABC")
          .attr("t", "1767225600")
          .attr("type", "text")
          .attr("notify", "-")
          .child(
              BinaryNode.newBuilder("enc")
                  .attr("v", "2")
                  .attr("type", "pkmsg")
                  .bytes(new byte[] {1})
                  .build())
          .child(
              BinaryNode.newBuilder("enc")
                  .attr("v", "2")
                  .attr("type", "skmsg")
                  .attr("count", "2")
                  .bytes(new byte[] {2})
                  .build())
          .build();

  @Test
  void groupMessageAttributesAreParsed() throws Exception {
    InboundMessage m = InboundMessage.parse(GROUP_MESSAGE);
    assertTrue(m.isGroup());
    assertEquals(Jid.parse("123456789012345:7@lid"), m.sender());
    assertEquals(Jid.parse("120363012345678901@g.us"), m.chat());
    assertEquals(
        Jid.parse("15551234567:7@s.whatsapp.net"),
        m.senderAlt(),
        "alternate identity keeps the device");
    assertNull(m.pushName(), "notify=\"-\" means none");
    assertEquals(
        List.of("pkmsg", "skmsg"), m.encs().stream().map(InboundMessage.Enc::type).toList());
    assertEquals(2, m.resendCount());
    assertEquals(1767225600L, m.timestamp());
  }

  @Test
  void malformedMessagesAreTypedErrors() {
    BinaryNode stripped =
        BinaryNode.newBuilder("message")
            .attr("from", "120363012345678901@g.us")
            .attr("id", "X")
            .build();
    WireException e = assertThrows(WireException.class, () -> InboundMessage.parse(stripped));
    assertEquals("bad_stanza", e.code());
    assertThrows(
        WireException.class,
        () -> InboundMessage.parse(BinaryNode.newBuilder("message").attr("id", "X").build()));
    assertThrows(
        WireException.class,
        () ->
            InboundMessage.parse(
                BinaryNode.newBuilder("message")
                    .attr("from", "not a jid")
                    .attr("id", "X")
                    .build()));
    assertThrows(
        WireException.class,
        () ->
            InboundMessage.parse(
                BinaryNode.newBuilder("message")
                    .attr("from", "1@s.whatsapp.net")
                    .attr("id", "X")
                    .child(BinaryNode.newBuilder("enc").attr("type", "msg").build())
                    .build()));
  }

  @Test
  void unavailableMessagesAreRecognised() throws Exception {
    BinaryNode node =
        BinaryNode.newBuilder("message")
            .attr("from", "15551234567@s.whatsapp.net")
            .attr("id", "U1")
            .child(
                BinaryNode.newBuilder("unavailable")
                    .attr("type", "view_once_unavailable_fanout")
                    .build())
            .build();
    InboundMessage m = InboundMessage.parse(node);
    assertTrue(m.unavailable());
    assertEquals("view_once_unavailable_fanout", m.unavailableType());
    try (InMemoryGatewayStore store = new InMemoryGatewayStore()) {
      SignalProtocol signal = new SignalProtocol(store, "s", new SecureRandom());
      DecryptOutcome outcome = new MessageDecryptor(signal, new DedupCache(4)).decrypt(m);
      assertEquals(new DecryptOutcome.Unavailable(m, "view_once_unavailable_fanout"), outcome);
    }
    assertEquals(
        xml(
            "{\"tag\":\"ack\",\"attrs\":{\"class\":\"message\",\"id\":\"U1\",\"to\":\"15551234567@s.whatsapp.net\"}}"),
        Acks.ack(node));
  }

  @Test
  void receiptsCopyParticipantAndRecipient() throws Exception {
    InboundMessage group = InboundMessage.parse(GROUP_MESSAGE);
    BinaryNode delivery = Receipts.delivery(group, null);
    assertEquals(
        Map.of(
            "id",
            "3EB0ABC",
            "to",
            "120363012345678901@g.us",
            "participant",
            "123456789012345:7@lid"),
        delivery.attrs());

    BinaryNode own =
        BinaryNode.newBuilder("message")
            .attr("from", "15550001111:2@s.whatsapp.net")
            .attr("recipient", "15550002222@s.whatsapp.net")
            .attr("id", "M1")
            .child(
                BinaryNode.newBuilder("enc")
                    .attr("v", "2")
                    .attr("type", "msg")
                    .bytes(new byte[] {1})
                    .build())
            .build();
    InboundMessage fromPhone = InboundMessage.parse(own);
    assertEquals("sender", Receipts.deliveryType(fromPhone, true, false));
    assertEquals(
        Map.of(
            "id",
            "M1",
            "to",
            "15550001111:2@s.whatsapp.net",
            "recipient",
            "15550002222@s.whatsapp.net",
            "type",
            "sender"),
        Receipts.delivery(fromPhone, "sender").attrs());
    BinaryNode peer = own.toBuilder().attr("category", "peer").build();
    assertEquals("peer_msg", Receipts.deliveryType(InboundMessage.parse(peer), true, true));
  }

  @Test
  void readReceiptListsTheFurtherIds() {
    BinaryNode r =
        Receipts.read(
            Jid.parse("120363012345678901@g.us"),
            Jid.parse("15551234567:3@s.whatsapp.net"),
            List.of("A", "B", "C"),
            1700000000L,
            "read");
    assertEquals("A", r.attr("id"));
    assertEquals("read", r.attr("type"));
    assertEquals("1700000000", r.attr("t"));
    assertEquals("15551234567@s.whatsapp.net", r.attr("participant"));
    assertEquals(
        List.of("B", "C"),
        r.child("list").children("item").stream().map(i -> i.attr("id")).toList());
    assertNull(
        Receipts.read(Jid.parse("1@s.whatsapp.net"), null, List.of("A"), 1, "played")
            .child("list"));
    assertThrows(
        RuntimeException.class,
        () -> Receipts.read(Jid.parse("1@s.whatsapp.net"), null, List.of("A"), 1, "bogus"));
  }

  @Test
  void retryReceiptWithoutKeysOnTheFirstAttempt() throws Exception {
    InboundMessage group = InboundMessage.parse(GROUP_MESSAGE);
    assertEquals(3, Receipts.nextRetryCount(group, 0), "continues after the resend's count");
    assertFalse(Receipts.keysRequired(1, false));
    assertTrue(Receipts.keysRequired(1, true));
    BinaryNode r = Receipts.retry(group, 1, 0x01020304, null);
    assertEquals("retry", r.attr("type"));
    assertEquals("123456789012345:7@lid", r.attr("participant"));
    assertEquals(
        Map.of("count", "1", "id", "3EB0ABC", "t", "1767225600", "v", "1"),
        r.child("retry").attrs());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, r.child("registration").bytes());
    assertNull(r.child("keys"));
    IncomingReceipt parsed =
        IncomingReceipt.parse(r.toBuilder().attr("from", "120363012345678901@g.us").build());
    assertEquals(0x01020304, parsed.retry().registrationId());
    assertNull(parsed.retry().bundle());
  }

  @Test
  void incomingReceiptsAreClassified() throws Exception {
    BinaryNode read =
        xml(
            "{\"tag\":\"receipt\",\"attrs\":{\"from\":\"15551234567:2@s.whatsapp.net\",\"id\":\"A\",\"type\":\"read\",\"t\":\"5\"},"
                + "\"content\":[{\"tag\":\"list\",\"attrs\":{},\"content\":[{\"tag\":\"item\",\"attrs\":{\"id\":\"B\"}},{\"tag\":\"item\",\"attrs\":{\"id\":\"C\"}}]}]}");
    IncomingReceipt r = IncomingReceipt.parse(read);
    assertEquals(IncomingReceipt.Kind.READ, r.kind());
    assertEquals(List.of("A", "B", "C"), r.ids());
    assertEquals(5, r.timestamp());
    assertEquals(Jid.parse("15551234567:2@s.whatsapp.net"), r.sender());

    IncomingReceipt delivered =
        IncomingReceipt.parse(
            xml(
                "{\"tag\":\"receipt\",\"attrs\":{\"from\":\"120363012345678901@g.us\",\"participant\":\"15551234567:2@s.whatsapp.net\",\"id\":\"A\"}}"));
    assertEquals(IncomingReceipt.Kind.DELIVERED, delivered.kind());
    assertEquals(Jid.parse("15551234567:2@s.whatsapp.net"), delivered.sender());
    assertEquals(
        IncomingReceipt.Kind.PLAYED,
        IncomingReceipt.parse(
                xml(
                    "{\"tag\":\"receipt\",\"attrs\":{\"from\":\"1@s.whatsapp.net\",\"id\":\"A\",\"type\":\"played\"}}"))
            .kind());

    IncomingReceipt grouped =
        IncomingReceipt.parse(
            xml(
                "{\"tag\":\"receipt\",\"attrs\":{\"from\":\"120363012345678901@g.us\",\"id\":\"A\",\"type\":\"read\"},\"content\":["
                    + "{\"tag\":\"participants\",\"attrs\":{\"key\":\"A\"},\"content\":[{\"tag\":\"user\",\"attrs\":{\"jid\":\"1@s.whatsapp.net\",\"t\":\"7\"}}]}]}"));
    assertEquals(
        List.of(new IncomingReceipt.Reader(Jid.parse("1@s.whatsapp.net"), 7)), grouped.readers());

    BinaryNode ack = Acks.ack(read);
    assertEquals(
        Map.of("class", "receipt", "id", "A", "to", "15551234567:2@s.whatsapp.net", "type", "read"),
        ack.attrs());
    assertEquals("491", Acks.nack(GROUP_MESSAGE, Acks.INVALID_PROTOBUF).attr("error"));
    assertNull(Acks.ack(GROUP_MESSAGE).attr("type"), "type is not copied for messages");
  }

  @Test
  void serverAckErrorsAndPhash() throws Exception {
    Acks.ServerAck ack =
        Acks.ServerAck.parse(
            xml(
                "{\"tag\":\"ack\",\"attrs\":{\"class\":\"message\",\"id\":\"I\",\"from\":\"120363012345678901@g.us\",\"t\":\"9\",\"phash\":\"2:abcdEFGH\",\"error\":\"479\"}}"));
    assertTrue(ack.failed());
    assertEquals(479, ack.error());
    assertTrue(ack.phashMismatch("2:zzzzzzzz"));
    assertFalse(ack.phashMismatch("2:abcdEFGH"));
    assertThrows(
        WireException.class,
        () ->
            Acks.ServerAck.parse(
                xml("{\"tag\":\"ack\",\"attrs\":{\"class\":\"receipt\",\"id\":\"I\"}}")));
  }

  @Test
  void participantHashIsOverSortedAdStrings() throws Exception {
    List<Jid> devices =
        List.of(
            Jid.parse("15551234567:3@s.whatsapp.net"),
            Jid.parse("123456789012345@lid"),
            Jid.parse("15551234567@s.whatsapp.net"));
    String joined =
        "123456789012345.0:0@lid"
            + "15551234567.0:0@s.whatsapp.net"
            + "15551234567.0:3@s.whatsapp.net";
    byte[] hash =
        MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
    String expected =
        "2:"
            + Base64.getEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 6));
    assertEquals(expected, ParticipantHash.of(devices));
    assertEquals(10, expected.length());
  }

  @Test
  void usyncAnswerWithHostedDevicesLidAndErrors() throws Exception {
    BinaryNode answer =
        xml(
            "{\"tag\":\"iq\",\"attrs\":{\"type\":\"result\",\"id\":\"1\"},\"content\":[{\"tag\":\"usync\",\"attrs\":{},\"content\":["
                + "{\"tag\":\"list\",\"attrs\":{},\"content\":["
                + "{\"tag\":\"user\",\"attrs\":{\"jid\":\"123456789012345@lid\"},\"content\":["
                + "{\"tag\":\"devices\",\"attrs\":{},\"content\":[{\"tag\":\"device-list\",\"attrs\":{},\"content\":["
                + "{\"tag\":\"device\",\"attrs\":{\"id\":\"0\"}},{\"tag\":\"device\",\"attrs\":{\"id\":\"7\",\"key-index\":\"2\"}},"
                + "{\"tag\":\"device\",\"attrs\":{\"id\":\"99\",\"key-index\":\"3\",\"is_hosted\":\"true\"}}]},"
                + "{\"tag\":\"key-index-list\",\"attrs\":{\"ts\":\"1700000000\"},\"content\":{\"bytes\":\"0a00\"}}]},"
                + "{\"tag\":\"lid\",\"attrs\":{\"val\":\"123456789012345@lid\"}}]},"
                + "{\"tag\":\"user\",\"attrs\":{\"jid\":\"15550000000@s.whatsapp.net\"},\"content\":["
                + "{\"tag\":\"devices\",\"attrs\":{},\"content\":[{\"tag\":\"error\",\"attrs\":{\"code\":\"404\"}}]}]}]}]}]}");
    List<DeviceListQuery.UserDevices> users = DeviceListQuery.parse(answer);
    assertEquals(2, users.size());
    DeviceListQuery.UserDevices lid = users.get(0);
    assertEquals(
        List.of(
            Jid.parse("123456789012345@lid"),
            Jid.parse("123456789012345:7@lid"),
            Jid.parse("123456789012345:99@hosted.lid")),
        lid.deviceJids());
    assertTrue(lid.devices().get(2).hosted());
    assertEquals(2, lid.devices().get(1).keyIndex());
    assertEquals(Jid.parse("123456789012345@lid"), lid.lid());
    assertEquals(1700000000L, lid.keyIndexTimestamp());
    assertArrayEquals(new byte[] {0x0a, 0x00}, lid.keyIndexList());
    assertEquals("404", users.get(1).error());
    assertTrue(users.get(1).devices().isEmpty());

    BinaryNode withLid =
        DeviceListQuery.request("i", "s", List.of(Jid.parse("123456789012345:7@lid")), true);
    assertEquals(
        "123456789012345@lid", withLid.child("usync").child("list").child("user").attr("jid"));
    assertTrue(withLid.child("usync").child("query").child("lid") != null);
  }

  @Test
  void preKeyAnswerWithWrappedKeysErrorsAndBadSizes() throws Exception {
    String skey =
        "{\"tag\":\"skey\",\"attrs\":{},\"content\":[{\"tag\":\"id\",\"attrs\":{},\"content\":{\"bytes\":\"000001\"}},"
            + "{\"tag\":\"value\",\"attrs\":{},\"content\":{\"bytes\":\""
            + "11".repeat(32)
            + "\"}},"
            + "{\"tag\":\"signature\",\"attrs\":{},\"content\":{\"bytes\":\""
            + "22".repeat(64)
            + "\"}}]}";
    BinaryNode answer =
        xml(
            "{\"tag\":\"iq\",\"attrs\":{\"type\":\"result\"},\"content\":[{\"tag\":\"list\",\"attrs\":{},\"content\":["
                + "{\"tag\":\"user\",\"attrs\":{\"jid\":\"1:2@s.whatsapp.net\"},\"content\":["
                + "{\"tag\":\"registration\",\"attrs\":{},\"content\":{\"bytes\":\"00000102\"}},"
                + "{\"tag\":\"keys\",\"attrs\":{},\"content\":[{\"tag\":\"identity\",\"attrs\":{},\"content\":{\"bytes\":\""
                + "33".repeat(32)
                + "\"}},"
                + skey
                + "]}]},"
                + "{\"tag\":\"user\",\"attrs\":{\"jid\":\"1:3@s.whatsapp.net\"},\"content\":[{\"tag\":\"error\",\"attrs\":{\"code\":\"406\",\"text\":\"not-acceptable\"}}]},"
                + "{\"tag\":\"user\",\"attrs\":{\"jid\":\"1:4@s.whatsapp.net\"},\"content\":["
                + "{\"tag\":\"registration\",\"attrs\":{},\"content\":{\"bytes\":\"0102\"}}]}]}]}");
    Map<Jid, PreKeyFetch.FetchedBundle> bundles = PreKeyFetch.parse(answer);
    PreKeyFetch.FetchedBundle ok = bundles.get(Jid.parse("1:2@s.whatsapp.net"));
    assertEquals(0x102, ok.bundle().registrationId());
    assertEquals(1, ok.bundle().signedPreKeyId());
    assertFalse(ok.bundle().preKeyId().isPresent());
    assertTrue(bundles.get(Jid.parse("1:3@s.whatsapp.net")).error().contains("406"));
    assertNull(bundles.get(Jid.parse("1:4@s.whatsapp.net")).bundle());
    assertEquals(
        List.of(Jid.parse("1:2@s.whatsapp.net")),
        List.copyOf(PreKeyFetch.bundles(bundles).keySet()));
    BinaryNode request = PreKeyFetch.request("q", List.of(Jid.parse("1:2@s.whatsapp.net")), true);
    assertEquals("identity", request.child("key").child("user").attr("reason"));
  }
}
