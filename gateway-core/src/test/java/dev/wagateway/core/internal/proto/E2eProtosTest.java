package dev.wagateway.core.internal.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.squareup.moshi.Moshi;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.proto.E2eProtos.ContextInfo;
import dev.wagateway.core.internal.proto.E2eProtos.ExtendedTextMessage;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.proto.E2eProtos.MessageKey;
import dev.wagateway.core.internal.proto.E2eProtos.ProtocolMessage;
import dev.wagateway.core.internal.proto.E2eProtos.ReactionMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Field numbers of the E2E Message subset, against docs/protocol/messaging.md and recorded
 * plaintexts.
 */
class E2eProtosTest {
  private static void assertNumbers(Descriptor message, Object... nameNumber) {
    for (int i = 0; i < nameNumber.length; i += 2) {
      FieldDescriptor field = message.findFieldByName((String) nameNumber[i]);
      assertNotNull(field, message.getName() + "." + nameNumber[i]);
      assertEquals(nameNumber[i + 1], field.getNumber(), message.getName() + "." + nameNumber[i]);
    }
  }

  @Test
  void messageFieldNumbersFollowTheDossier() {
    assertNumbers(
        Message.getDescriptor(),
        "conversation",
        1,
        "senderKeyDistributionMessage",
        2,
        "imageMessage",
        3,
        "contactMessage",
        4,
        "locationMessage",
        5,
        "extendedTextMessage",
        6,
        "documentMessage",
        7,
        "audioMessage",
        8,
        "videoMessage",
        9,
        "protocolMessage",
        12,
        "fastRatchetKeySenderKeyDistributionMessage",
        15,
        "stickerMessage",
        26,
        "deviceSentMessage",
        31,
        "messageContextInfo",
        35,
        "viewOnceMessage",
        37,
        "ephemeralMessage",
        40,
        "reactionMessage",
        46,
        "documentWithCaptionMessage",
        53,
        "viewOnceMessageV2",
        55,
        "editedMessage",
        58,
        "viewOnceMessageV2Extension",
        59);
    assertNumbers(
        ContextInfo.getDescriptor(),
        "stanzaId",
        1,
        "participant",
        2,
        "quotedMessage",
        3,
        "remoteJid",
        4,
        "mentionedJid",
        15,
        "isForwarded",
        22,
        "expiration",
        25);
    assertNumbers(
        ExtendedTextMessage.getDescriptor(),
        "text",
        1,
        "matchedText",
        2,
        "description",
        5,
        "title",
        6,
        "contextInfo",
        17);
    assertNumbers(
        MessageKey.getDescriptor(), "remoteJid", 1, "fromMe", 2, "id", 3, "participant", 4);
    assertNumbers(
        ProtocolMessage.getDescriptor(),
        "key",
        1,
        "type",
        2,
        "ephemeralExpiration",
        4,
        "editedMessage",
        14,
        "timestampMs",
        15);
    assertEquals(0, ProtocolMessage.Type.REVOKE.getNumber());
    assertEquals(14, ProtocolMessage.Type.MESSAGE_EDIT.getNumber());
    assertNumbers(
        ReactionMessage.getDescriptor(),
        "key",
        1,
        "text",
        2,
        "groupingKey",
        3,
        "senderTimestampMs",
        4);
    assertNumbers(
        E2eProtos.DeviceSentMessage.getDescriptor(), "destinationJid", 1, "message", 2, "phash", 3);
    assertNumbers(
        E2eProtos.SenderKeyDistributionMessage.getDescriptor(),
        "groupId",
        1,
        "axolotlSenderKeyDistributionMessage",
        2);
    assertNumbers(
        E2eProtos.MessageContextInfo.getDescriptor(),
        "deviceListMetadata",
        1,
        "deviceListMetadataVersion",
        2,
        "messageSecret",
        3,
        "paddingBytes",
        4);
  }

  @Test
  void mediaFieldNumbersFollowTheDossier() {
    assertNumbers(
        E2eProtos.ImageMessage.getDescriptor(),
        "url",
        1,
        "mimetype",
        2,
        "caption",
        3,
        "fileSha256",
        4,
        "fileLength",
        5,
        "height",
        6,
        "width",
        7,
        "mediaKey",
        8,
        "fileEncSha256",
        9,
        "directPath",
        11,
        "mediaKeyTimestamp",
        12,
        "jpegThumbnail",
        16,
        "contextInfo",
        17,
        "viewOnce",
        25);
    assertNumbers(
        E2eProtos.DocumentMessage.getDescriptor(),
        "url",
        1,
        "mimetype",
        2,
        "title",
        3,
        "fileSha256",
        4,
        "fileLength",
        5,
        "pageCount",
        6,
        "mediaKey",
        7,
        "fileName",
        8,
        "fileEncSha256",
        9,
        "directPath",
        10,
        "mediaKeyTimestamp",
        11,
        "jpegThumbnail",
        16,
        "contextInfo",
        17,
        "caption",
        20);
    assertNumbers(
        E2eProtos.AudioMessage.getDescriptor(),
        "url",
        1,
        "mimetype",
        2,
        "fileSha256",
        3,
        "fileLength",
        4,
        "seconds",
        5,
        "ptt",
        6,
        "mediaKey",
        7,
        "fileEncSha256",
        8,
        "directPath",
        9,
        "mediaKeyTimestamp",
        10,
        "contextInfo",
        17,
        "waveform",
        19);
    assertNumbers(
        E2eProtos.VideoMessage.getDescriptor(),
        "url",
        1,
        "mimetype",
        2,
        "fileSha256",
        3,
        "fileLength",
        4,
        "seconds",
        5,
        "mediaKey",
        6,
        "caption",
        7,
        "gifPlayback",
        8,
        "height",
        9,
        "width",
        10,
        "fileEncSha256",
        11,
        "directPath",
        13,
        "mediaKeyTimestamp",
        14,
        "jpegThumbnail",
        16,
        "contextInfo",
        17);
  }

  @Test
  @SuppressWarnings("unchecked")
  void recordedPlaintextsDecode() throws Exception {
    Map<String, Object> session =
        (Map<String, Object>)
            new Moshi.Builder()
                .build()
                .adapter(Object.class)
                .fromJson(Vectors.text("signal-session.json"));
    int checked = 0;
    for (Object o : (List<Object>) session.get("steps")) {
      Map<String, Object> step = (Map<String, Object>) o;
      Map<String, Object> json = (Map<String, Object>) step.get("message_json");
      byte[] padded = Vectors.hex((String) step.get("plaintext_padded"));
      byte[] plain = Arrays.copyOf(padded, padded.length - (padded[padded.length - 1] & 0xFF));
      Message message = Message.parseFrom(plain);
      if (json.containsKey("conversation")) {
        assertEquals(json.get("conversation"), message.getConversation());
      } else {
        Map<String, Object> ext = (Map<String, Object>) json.get("extendedTextMessage");
        assertEquals(ext.get("text"), message.getExtendedTextMessage().getText());
      }
      assertArrayEquals(plain, message.toByteArray());
      checked++;
    }
    assertTrue(checked > 0);
  }

  @Test
  void quotedReplyAndRevokeEncodeWithTheExpectedTags() {
    Message reply =
        Message.newBuilder()
            .setExtendedTextMessage(
                ExtendedTextMessage.newBuilder()
                    .setText("ok")
                    .setContextInfo(
                        ContextInfo.newBuilder()
                            .setStanzaId("ID")
                            .setParticipant("1@s.whatsapp.net")
                            .addMentionedJid("2@s.whatsapp.net")
                            .setQuotedMessage(Message.newBuilder().setConversation("hi"))))
            .build();
    // 32 = field 6 (length-delimited); 8a 01 = field 17; 7a = field 15; 1a = field 3.
    assertEquals(
        "32350a026f6b8a012e0a0249441210314073"
            + "2e77686174736170702e6e65741a040a0268697a10324073"
            + "2e77686174736170702e6e6574",
        Vectors.hex(reply.toByteArray()));
    Message revoke =
        Message.newBuilder()
            .setProtocolMessage(
                ProtocolMessage.newBuilder()
                    .setKey(
                        MessageKey.newBuilder().setRemoteJid("g@g.us").setFromMe(true).setId("X"))
                    .setType(ProtocolMessage.Type.REVOKE))
            .setMessageContextInfo(
                E2eProtos.MessageContextInfo.newBuilder()
                    .setMessageSecret(ByteString.copyFrom(new byte[] {1, 2})))
            .build();
    assertEquals(
        "6211" + "0a0d0a066740672e75731001" + "1a0158" + "1000" + "9a0204" + "1a020102",
        Vectors.hex(revoke.toByteArray()));
  }
}
