package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.messaging.MessageCodec;
import dev.wagateway.core.internal.proto.E2eProtos.ContextInfo;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.MessageKey;
import dev.wagateway.core.message.Quote;
import org.junit.jupiter.api.Test;

class RepliesTest {
  private static final Quote QUOTE =
      new Quote("3EB0QUOTED", "15550001111@s.whatsapp.net", null, null);

  private static MediaInfo media() {
    return new MediaInfo(
        null, "/v/t62/abc", new byte[32], new byte[32], new byte[32], 10, "image/jpeg", 1);
  }

  private static void assertQuote(ContextInfo c) {
    assertEquals("3EB0QUOTED", c.getStanzaId());
    assertEquals("15550001111@s.whatsapp.net", c.getParticipant());
    assertFalse(c.hasRemoteJid());
  }

  @Test
  void mediaMessagesCarryTheQuoteInTheirContextInfo() {
    Message image =
        Replies.quoting(MessageCodec.encode(new MessageContent.Image(media(), "cap", 0, 0)), QUOTE);
    assertQuote(image.getImageMessage().getContextInfo());
    assertEquals("cap", image.getImageMessage().getCaption());
    Message doc =
        Replies.quoting(
            MessageCodec.encode(new MessageContent.Document(media(), "a.pdf", "a.pdf", null, 0)),
            QUOTE);
    assertQuote(doc.getDocumentMessage().getContextInfo());
    Message audio =
        Replies.quoting(MessageCodec.encode(new MessageContent.Audio(media(), 0, true)), QUOTE);
    assertQuote(audio.getAudioMessage().getContextInfo());
    Message sticker =
        Replies.quoting(
            MessageCodec.encode(new MessageContent.Sticker(media(), 0, 0, false)), QUOTE);
    assertQuote(sticker.getStickerMessage().getContextInfo());
  }

  @Test
  void plainTextBecomesExtendedTextAndReactionsCannotQuote() {
    Message text = Replies.quoting(MessageCodec.encode(new MessageContent.Text("hi")), QUOTE);
    assertFalse(text.hasConversation());
    assertEquals("hi", text.getExtendedTextMessage().getText());
    assertQuote(text.getExtendedTextMessage().getContextInfo());
    Message reaction =
        MessageCodec.encode(
            new MessageContent.Reaction(MessageKey.of("1@s.whatsapp.net", true, "3EB0"), "x", 1));
    assertThrows(ValidationException.class, () -> Replies.quoting(reaction, QUOTE));
  }
}
