package dev.wagateway.core.host;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.messaging.MessageCodec;
import dev.wagateway.core.internal.proto.E2eProtos.ContextInfo;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.message.Quote;

/**
 * Makes an encoded message a reply: the quote goes into the {@code contextInfo} of the message's
 * one content (docs/protocol/messaging.md: {@code contextInfo} is field 17 of text and media
 * messages), the same fields a text reply carries in its {@code extendedTextMessage}.
 */
final class Replies {
  private Replies() {}

  static Message quoting(Message message, Quote quote) {
    ContextInfo context = context(quote);
    Message.Builder b = message.toBuilder();
    if (b.hasImageMessage()) {
      b.getImageMessageBuilder().setContextInfo(context);
    } else if (b.hasVideoMessage()) {
      b.getVideoMessageBuilder().setContextInfo(context);
    } else if (b.hasAudioMessage()) {
      b.getAudioMessageBuilder().setContextInfo(context);
    } else if (b.hasDocumentMessage()) {
      b.getDocumentMessageBuilder().setContextInfo(context);
    } else if (b.hasStickerMessage()) {
      b.getStickerMessageBuilder().setContextInfo(context);
    } else if (b.hasExtendedTextMessage()) {
      b.getExtendedTextMessageBuilder().setContextInfo(context);
    } else if (b.hasConversation()) {
      b.clearConversation();
      b.getExtendedTextMessageBuilder().setText(message.getConversation()).setContextInfo(context);
    } else {
      throw new ValidationException("this kind of message cannot quote another");
    }
    return b.build();
  }

  private static ContextInfo context(Quote quote) {
    ContextInfo.Builder c = ContextInfo.newBuilder().setStanzaId(quote.stanzaId());
    if (quote.participant() != null) {
      c.setParticipant(quote.participant());
    }
    if (quote.remoteJid() != null) {
      c.setRemoteJid(quote.remoteJid());
    }
    if (quote.quoted() != null) {
      c.setQuotedMessage(MessageCodec.encode(quote.quoted()));
    }
    return c.build();
  }
}
