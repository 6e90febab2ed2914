package dev.wagateway.core.internal.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.internal.proto.E2eProtos;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.signal.Padding;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.MessageContent.Audio;
import dev.wagateway.core.message.MessageContent.Contact;
import dev.wagateway.core.message.MessageContent.Document;
import dev.wagateway.core.message.MessageContent.Edit;
import dev.wagateway.core.message.MessageContent.Image;
import dev.wagateway.core.message.MessageContent.Location;
import dev.wagateway.core.message.MessageContent.Reaction;
import dev.wagateway.core.message.MessageContent.Revoke;
import dev.wagateway.core.message.MessageContent.Sticker;
import dev.wagateway.core.message.MessageContent.Text;
import dev.wagateway.core.message.MessageContent.Unknown;
import dev.wagateway.core.message.MessageContent.Video;
import dev.wagateway.core.message.MessageKey;
import dev.wagateway.core.message.Quote;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {
  private static final MessageKey KEY =
      new MessageKey(
          "120363000000000001@g.us", false, "3EB0AABBCCDDEEFF001122", "15550002222@s.whatsapp.net");

  private static MediaInfo media(int seed) {
    byte[] key = new byte[32];
    byte[] sha = new byte[32];
    byte[] encSha = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) (seed + i);
      sha[i] = (byte) (seed * 3 + i);
      encSha[i] = (byte) (seed * 7 + i);
    }
    return new MediaInfo(
        "https://mmg.whatsapp.net/v/t62/abc?x=" + seed,
        "/v/t62.7118-24/abc?ccb=11-4&oh=" + seed,
        key,
        sha,
        encSha,
        1000L + seed,
        "image/jpeg",
        1_700_000_000L + seed);
  }

  static Stream<MessageContent> contents() {
    return Stream.of(
        new Text("hello \"world\" \\ \n 👋"),
        new Text(
            "reply",
            new Quote("ABC123", "15550002222@s.whatsapp.net", null, new Text("orig")),
            List.of()),
        new Text(
            "hi @1555", null, List.of("15550002222@s.whatsapp.net", "15550003333@s.whatsapp.net")),
        new Text(
            "quote without content",
            new Quote("ID9", null, "120363000000000001@g.us", null),
            List.of()),
        new Image(media(1), "a caption", 640, 480),
        new Image(media(2), null, 0, 0),
        new Video(media(3), "clip", 1280, 720, 12, false),
        new Video(media(4), null, 320, 240, 3, true),
        new Audio(media(5), 7, true),
        new Audio(media(6), 120, false),
        new Document(media(7), "report.pdf", "Report", "see attached", 3),
        new Sticker(media(8), 512, 512, true),
        new Reaction(KEY, "👍", 1_700_000_000_123L),
        new Reaction(MessageKey.of("15550002222@s.whatsapp.net", true, "X1"), "", 0),
        new Location(52.5200, 13.4050, "Berlin", "Pariser Platz"),
        new Contact("Alice", "BEGIN:VCARD\nVERSION:3.0\nFN:Alice\nEND:VCARD"),
        new Revoke(MessageKey.of("15550002222@s.whatsapp.net", true, "3EB0OLD")),
        new Edit(
            MessageKey.of("15550002222@s.whatsapp.net", true, "3EB0OLD"),
            new Text("fixed"),
            1_700_000_001_000L));
  }

  @ParameterizedTest
  @MethodSource("contents")
  void everyContentSurvivesEncodeAndDecode(MessageContent content) throws Exception {
    Message encoded = MessageCodec.encode(content);
    byte[] wire = encoded.toByteArray();
    DecodedMessage decoded = MessageCodec.decode(wire);
    assertEquals(content, decoded.content());
    assertNull(decoded.destinationJid());
    assertNull(decoded.senderKeyDistribution());
  }

  @Test
  void plainTextIsAConversationAndRepliesAreExtendedText() {
    assertEquals("hi", MessageCodec.encode(new Text("hi")).getConversation());
    Message reply =
        MessageCodec.encode(
            Text.reply("yes", new Quote("Q1", "15550002222@s.whatsapp.net", null, new Text("q?"))));
    assertFalse(reply.hasConversation());
    E2eProtos.ContextInfo c = reply.getExtendedTextMessage().getContextInfo();
    assertEquals("Q1", c.getStanzaId());
    assertEquals("15550002222@s.whatsapp.net", c.getParticipant());
    assertEquals("q?", c.getQuotedMessage().getConversation());
  }

  @Test
  void deviceSentMessageIsUnwrappedWithItsDestination() {
    Message inner = MessageCodec.encode(new Text("from my phone"));
    byte[] secret = new byte[32];
    secret[0] = 9;
    Message dsm =
        MessageCodec.deviceSent(
            MessageCodec.withMessageSecret(inner, secret), "15550009999@s.whatsapp.net");
    assertTrue(dsm.hasMessageContextInfo(), "the original's messageContextInfo rides alongside");
    DecodedMessage decoded = MessageCodec.decode(dsm.toByteArray());
    assertEquals(new Text("from my phone"), decoded.content());
    assertEquals("15550009999@s.whatsapp.net", decoded.destinationJid());
    assertTrue(decoded.deviceSent());
    assertArrayEquals(secret, decoded.messageSecret());
  }

  @Test
  void wrappersAreRemovedAndFlagged() {
    Message image = MessageCodec.encode(new Image(media(9), "once", 10, 10));
    Message viewOnce =
        Message.newBuilder()
            .setEphemeralMessage(
                E2eProtos.FutureProofMessage.newBuilder()
                    .setMessage(
                        Message.newBuilder()
                            .setViewOnceMessageV2(
                                E2eProtos.FutureProofMessage.newBuilder().setMessage(image))))
            .build();
    DecodedMessage d = MessageCodec.decode(viewOnce);
    assertEquals(new Image(media(9), "once", 10, 10), d.content());
    assertTrue(d.viewOnce());
    assertTrue(d.ephemeral());
    assertEquals("media", MessageCodec.stanzaType(viewOnce));
    assertEquals("image", MessageCodec.mediaType(viewOnce));

    Message doc = MessageCodec.encode(new Document(media(10), "a.pdf", null, "cap", 0));
    Message withCaption =
        Message.newBuilder()
            .setDocumentWithCaptionMessage(
                E2eProtos.FutureProofMessage.newBuilder().setMessage(doc))
            .build();
    assertEquals(
        new Document(media(10), "a.pdf", null, "cap", 0),
        MessageCodec.decode(withCaption).content());
    assertFalse(MessageCodec.decode(withCaption).viewOnce());
  }

  @Test
  void editsDecodeInBothShapes() {
    MessageKey target = MessageKey.of("15550002222@s.whatsapp.net", true, "3EB0OLD");
    E2eProtos.ProtocolMessage edit =
        E2eProtos.ProtocolMessage.newBuilder()
            .setKey(
                E2eProtos.MessageKey.newBuilder()
                    .setRemoteJid(target.remoteJid())
                    .setFromMe(true)
                    .setId("3EB0OLD"))
            .setType(E2eProtos.ProtocolMessage.Type.MESSAGE_EDIT)
            .setEditedMessage(Message.newBuilder().setConversation("new text"))
            .setTimestampMs(5)
            .build();
    // Baileys sends the protocol message bare; whatsmeow wraps it in editedMessage.
    Message bare = Message.newBuilder().setProtocolMessage(edit).build();
    Message wrapped =
        Message.newBuilder()
            .setEditedMessage(
                E2eProtos.FutureProofMessage.newBuilder()
                    .setMessage(Message.newBuilder().setProtocolMessage(edit)))
            .build();
    Edit expected = new Edit(target, new Text("new text"), 5);
    assertEquals(expected, MessageCodec.decode(bare).content());
    assertEquals(expected, MessageCodec.decode(wrapped).content());
    assertEquals("1", MessageCodec.editAttribute(bare));
    assertEquals("1", MessageCodec.editAttribute(wrapped));
  }

  @Test
  void stanzaAttributesFollowTheContent() {
    assertEquals("text", MessageCodec.stanzaType(MessageCodec.encode(new Text("x"))));
    assertNull(MessageCodec.mediaType(MessageCodec.encode(new Text("x"))));
    Message ptt = MessageCodec.encode(new Audio(media(1), 3, true));
    assertEquals("media", MessageCodec.stanzaType(ptt));
    assertEquals("ptt", MessageCodec.mediaType(ptt));
    assertEquals(
        "gif",
        MessageCodec.mediaType(MessageCodec.encode(new Video(media(1), null, 1, 1, 1, true))));
    assertEquals(
        "sticker", MessageCodec.mediaType(MessageCodec.encode(new Sticker(media(1), 1, 1, false))));
    assertEquals(
        "vcard", MessageCodec.mediaType(MessageCodec.encode(new Contact(null, "BEGIN:VCARD"))));
    Message reaction = MessageCodec.encode(new Reaction(KEY, "❤", 0));
    assertEquals("reaction", MessageCodec.stanzaType(reaction));
    assertNull(MessageCodec.editAttribute(reaction));
    assertTrue(MessageCodec.hideDecryptFailure(reaction));
    assertEquals("7", MessageCodec.editAttribute(MessageCodec.encode(new Reaction(KEY, "", 0))));
    Message ownRevoke =
        MessageCodec.encode(new Revoke(MessageKey.of("a@s.whatsapp.net", true, "I")));
    assertEquals("7", MessageCodec.editAttribute(ownRevoke));
    assertEquals("text", MessageCodec.stanzaType(ownRevoke));
    assertEquals("8", MessageCodec.editAttribute(MessageCodec.encode(new Revoke(KEY))));
    assertFalse(MessageCodec.hideDecryptFailure(MessageCodec.encode(new Text("x"))));
  }

  @Test
  void unmodelledContentIsKeptAsBytes() throws Exception {
    // A poll (Message field 49) is not modelled: it must survive as Unknown with every byte.
    Message poll =
        Message.newBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        49,
                        UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8("\n\u0004lunch"))
                            .build())
                    .build())
            .build();
    byte[] wire = poll.toByteArray();
    MessageContent content = MessageCodec.decode(wire).content();
    Unknown unknown = assertInstanceOf(Unknown.class, content);
    assertEquals("field:49", unknown.kind());
    assertArrayEquals(wire, unknown.raw());
    assertArrayEquals(wire, MessageCodec.encode(unknown).toByteArray());

    Message history =
        Message.newBuilder()
            .setProtocolMessage(
                E2eProtos.ProtocolMessage.newBuilder()
                    .setType(E2eProtos.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION))
            .build();
    Unknown protocol = assertInstanceOf(Unknown.class, MessageCodec.decode(history).content());
    assertEquals("protocol:5", protocol.kind());
    assertArrayEquals(history.toByteArray(), protocol.raw());
  }

  @Test
  void aBareSenderKeyCarrierHasNoContent() {
    byte[] skdm = HexFormat.of().parseHex("3308011000");
    DecodedMessage d =
        MessageCodec.decode(
            MessageCodec.senderKeyCarrier("120363000000000001@g.us", skdm).toByteArray());
    assertNull(d.content());
    assertEquals("120363000000000001@g.us", d.senderKeyDistribution().groupId());
    assertArrayEquals(skdm, d.senderKeyDistribution().axolotlMessage());
  }

  @Test
  void aGroupResendCarriesContentAndTheSenderKey() {
    byte[] skdm = HexFormat.of().parseHex("3308021001");
    Message resend =
        MessageCodec.withSenderKeyDistribution(
            MessageCodec.encode(new Text("again")), "120363000000000001@g.us", skdm);
    DecodedMessage d = MessageCodec.decode(resend.toByteArray());
    assertEquals(new Text("again"), d.content());
    assertArrayEquals(skdm, d.senderKeyDistribution().axolotlMessage());
  }

  @Test
  void garbageIsATypedError() {
    GatewayException e =
        assertThrows(
            GatewayException.class, () -> MessageCodec.decode(new byte[] {(byte) 0xFF, 0x01}));
    assertEquals(ErrorCode.INVALID_PROTOBUF, e.errorCode());
  }

  @Test
  void recordedPlaintextsDecode() throws Exception {
    Map<String, Object> session = TestJson.load("signal-session.json");
    int checked = 0;
    for (Object step : TestJson.list(session, "steps")) {
      byte[] plaintext = Padding.unpad(TestJson.hex(step, "plaintext_padded"));
      Message expected = TestJson.message(TestJson.map(step, "message_json"));
      assertEquals(expected, Message.parseFrom(plaintext));
      DecodedMessage decoded = MessageCodec.decode(plaintext);
      String text =
          expected.hasConversation()
              ? expected.getConversation()
              : expected.getExtendedTextMessage().getText();
      assertEquals(new Text(text), decoded.content());
      checked++;
    }
    assertTrue(checked > 0);
  }

  @Test
  void transcriptPlaintextsDecode() {
    for (String file : List.of("transcript-qr.json", "transcript-code.json")) {
      Map<String, Object> t = TestJson.load(file);
      for (Object sent : TestJson.list(TestJson.map(t, "decrypted_client_message"), "per_device")) {
        Message message = TestJson.message(TestJson.map(sent, "message"));
        DecodedMessage decoded = MessageCodec.decode(message.toByteArray());
        assertInstanceOf(Text.class, decoded.content());
        if (message.hasDeviceSentMessage()) {
          assertEquals(
              message.getDeviceSentMessage().getDestinationJid(), decoded.destinationJid());
          // What we would send to our own devices for the same content is the same protobuf.
          Message inner = message.getDeviceSentMessage().getMessage();
          assertEquals(message, MessageCodec.deviceSent(inner, decoded.destinationJid()));
        } else {
          assertNull(decoded.destinationJid());
        }
      }
      Map<String, Object> received = TestJson.map(TestJson.map(t, "result"), "received");
      Message incoming = TestJson.message(TestJson.map(received, "message"));
      assertEquals(new Text(incoming.getConversation()), MessageCodec.decode(incoming).content());
    }
  }
}
