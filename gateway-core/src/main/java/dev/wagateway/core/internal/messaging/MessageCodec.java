package dev.wagateway.core.internal.messaging;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.proto.E2eProtos;
import dev.wagateway.core.internal.proto.E2eProtos.ContextInfo;
import dev.wagateway.core.internal.proto.E2eProtos.FutureProofMessage;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.proto.E2eProtos.ProtocolMessage;
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
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Converts the end-to-end {@code Message} protobuf (docs/protocol/messaging.md §2.5, §5.6) to and
 * from {@link MessageContent}, and derives the stanza attributes that depend on the content (§3.5,
 * §5.6).
 */
public final class MessageCodec {
  /** How deep wrappers and quotes may nest before we give up. */
  private static final int MAX_DEPTH = 8;

  private MessageCodec() {}

  // ---------------------------------------------------------------- decoding

  /**
   * Parses and decodes an unpadded plaintext.
   *
   * @throws GatewayException {@code invalid_protobuf} when the bytes are not a {@code Message}
   */
  public static DecodedMessage decode(byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    Message message;
    try {
      message = Message.parseFrom(plaintext);
    } catch (InvalidProtocolBufferException e) {
      throw new GatewayException(
          ErrorCode.INVALID_PROTOBUF, "plaintext is not a Message protobuf", e);
    }
    return decode(message);
  }

  /**
   * Decodes a parsed message: unwraps {@code deviceSentMessage} and the wrappers, then the content.
   */
  public static DecodedMessage decode(Message message) {
    Objects.requireNonNull(message, "message");
    byte[] secret = secretOf(message);
    String destination = null;
    Message m = message;
    if (m.hasDeviceSentMessage() && m.getDeviceSentMessage().hasMessage()) {
      destination = emptyToNull(m.getDeviceSentMessage().getDestinationJid());
      m = m.getDeviceSentMessage().getMessage();
      if (secret == null) {
        secret = secretOf(m);
      }
    }
    DecodedMessage.SenderKeyDistribution skdm = senderKeyOf(m);
    boolean viewOnce = false;
    boolean ephemeral = false;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      if (m.hasEphemeralMessage() && m.getEphemeralMessage().hasMessage()) {
        ephemeral = true;
        m = m.getEphemeralMessage().getMessage();
      } else if (m.hasViewOnceMessage() && m.getViewOnceMessage().hasMessage()) {
        viewOnce = true;
        m = m.getViewOnceMessage().getMessage();
      } else if (m.hasViewOnceMessageV2() && m.getViewOnceMessageV2().hasMessage()) {
        viewOnce = true;
        m = m.getViewOnceMessageV2().getMessage();
      } else if (m.hasViewOnceMessageV2Extension()
          && m.getViewOnceMessageV2Extension().hasMessage()) {
        viewOnce = true;
        m = m.getViewOnceMessageV2Extension().getMessage();
      } else if (m.hasDocumentWithCaptionMessage()
          && m.getDocumentWithCaptionMessage().hasMessage()) {
        m = m.getDocumentWithCaptionMessage().getMessage();
      } else if (m.hasEditedMessage() && m.getEditedMessage().hasMessage()) {
        m = m.getEditedMessage().getMessage();
      } else {
        break;
      }
      if (secret == null) {
        secret = secretOf(m);
      }
      if (skdm == null) {
        skdm = senderKeyOf(m);
      }
    }
    MessageContent content = content(m, 0);
    return new DecodedMessage(content, destination, skdm, secret, viewOnce, ephemeral);
  }

  /** The content of one unwrapped message; null when it only carries protocol parts. */
  private static MessageContent content(Message m, int depth) {
    if (depth > MAX_DEPTH) {
      return new Unknown("nested", m.toByteArray());
    }
    if (m.hasProtocolMessage()) {
      return protocol(m, depth);
    }
    if (m.hasReactionMessage()) {
      E2eProtos.ReactionMessage r = m.getReactionMessage();
      if (!r.hasKey()) {
        return new Unknown("reactionMessage", m.toByteArray());
      }
      return new Reaction(key(r.getKey()), r.getText(), r.getSenderTimestampMs());
    }
    if (m.hasConversation()) {
      return new Text(m.getConversation());
    }
    if (m.hasExtendedTextMessage()) {
      E2eProtos.ExtendedTextMessage t = m.getExtendedTextMessage();
      ContextInfo c = t.hasContextInfo() ? t.getContextInfo() : null;
      return new Text(
          t.getText(), quote(c, depth), c == null ? java.util.List.of() : c.getMentionedJidList());
    }
    if (m.hasImageMessage()) {
      E2eProtos.ImageMessage i = m.getImageMessage();
      MediaInfo media = MediaFields.read(i);
      return new Image(media, i.hasCaption() ? i.getCaption() : null, i.getWidth(), i.getHeight());
    }
    if (m.hasVideoMessage()) {
      E2eProtos.VideoMessage v = m.getVideoMessage();
      MediaInfo media = MediaFields.read(v);
      return new Video(
          media,
          v.hasCaption() ? v.getCaption() : null,
          v.getWidth(),
          v.getHeight(),
          v.getSeconds(),
          v.getGifPlayback());
    }
    if (m.hasAudioMessage()) {
      E2eProtos.AudioMessage a = m.getAudioMessage();
      MediaInfo media = MediaFields.read(a);
      return new Audio(media, a.getSeconds(), a.getPtt());
    }
    if (m.hasDocumentMessage()) {
      E2eProtos.DocumentMessage d = m.getDocumentMessage();
      MediaInfo media = MediaFields.read(d);
      return new Document(
          media,
          d.hasFileName() ? d.getFileName() : null,
          d.hasTitle() ? d.getTitle() : null,
          d.hasCaption() ? d.getCaption() : null,
          d.getPageCount());
    }
    if (m.hasStickerMessage()) {
      E2eProtos.StickerMessage s = m.getStickerMessage();
      MediaInfo media = MediaFields.read(s);
      return new Sticker(media, s.getWidth(), s.getHeight(), s.getIsAnimated());
    }
    if (m.hasLocationMessage()) {
      E2eProtos.LocationMessage l = m.getLocationMessage();
      return new Location(
          l.getDegreesLatitude(),
          l.getDegreesLongitude(),
          l.hasName() ? l.getName() : null,
          l.hasAddress() ? l.getAddress() : null);
    }
    if (m.hasContactMessage()) {
      E2eProtos.ContactMessage c = m.getContactMessage();
      return new Contact(c.hasDisplayName() ? c.getDisplayName() : null, c.getVcard());
    }
    if (!m.getUnknownFields().asMap().isEmpty()) {
      String fields =
          m.getUnknownFields().asMap().keySet().stream()
              .map(String::valueOf)
              .collect(Collectors.joining(","));
      return new Unknown("field:" + fields, m.toByteArray());
    }
    if (m.hasSenderKeyDistributionMessage()
        || m.hasFastRatchetKeySenderKeyDistributionMessage()
        || m.hasMessageContextInfo()
        || m.hasDeviceSentMessage()) {
      return null;
    }
    return new Unknown("empty", m.toByteArray());
  }

  private static MessageContent protocol(Message m, int depth) {
    ProtocolMessage p = m.getProtocolMessage();
    if (p.hasKey() && p.getType() == ProtocolMessage.Type.REVOKE && p.hasType()) {
      return new Revoke(key(p.getKey()));
    }
    if (p.hasKey() && p.getType() == ProtocolMessage.Type.MESSAGE_EDIT && p.hasEditedMessage()) {
      MessageContent inner = content(p.getEditedMessage(), depth + 1);
      if (inner != null && !(inner instanceof Edit) && !(inner instanceof Revoke)) {
        return new Edit(key(p.getKey()), inner, p.getTimestampMs());
      }
    }
    String kind = p.hasType() ? "protocol:" + p.getType().getNumber() : "protocol";
    return new Unknown(kind, m.toByteArray());
  }

  private static Quote quote(ContextInfo c, int depth) {
    if (c == null || !c.hasStanzaId() || c.getStanzaId().isEmpty()) {
      return null;
    }
    MessageContent quoted = null;
    if (c.hasQuotedMessage()) {
      quoted = unwrapped(c.getQuotedMessage(), depth + 1);
    }
    return new Quote(
        c.getStanzaId(),
        c.hasParticipant() ? emptyToNull(c.getParticipant()) : null,
        c.hasRemoteJid() ? emptyToNull(c.getRemoteJid()) : null,
        quoted);
  }

  /** The content of a quoted message, through its wrappers. */
  private static MessageContent unwrapped(Message m, int depth) {
    if (depth > MAX_DEPTH) {
      return new Unknown("nested", m.toByteArray());
    }
    FutureProofMessage wrapper = null;
    if (m.hasEphemeralMessage()) {
      wrapper = m.getEphemeralMessage();
    } else if (m.hasViewOnceMessage()) {
      wrapper = m.getViewOnceMessage();
    } else if (m.hasViewOnceMessageV2()) {
      wrapper = m.getViewOnceMessageV2();
    } else if (m.hasViewOnceMessageV2Extension()) {
      wrapper = m.getViewOnceMessageV2Extension();
    } else if (m.hasDocumentWithCaptionMessage()) {
      wrapper = m.getDocumentWithCaptionMessage();
    }
    if (wrapper != null && wrapper.hasMessage()) {
      return unwrapped(wrapper.getMessage(), depth + 1);
    }
    return content(m, depth);
  }

  private static MessageKey key(E2eProtos.MessageKey k) {
    return new MessageKey(
        k.getRemoteJid(), k.getFromMe(), k.getId(), k.hasParticipant() ? k.getParticipant() : null);
  }

  private static byte[] secretOf(Message m) {
    if (m.hasMessageContextInfo() && m.getMessageContextInfo().hasMessageSecret()) {
      byte[] s = m.getMessageContextInfo().getMessageSecret().toByteArray();
      return s.length == 0 ? null : s;
    }
    return null;
  }

  private static DecodedMessage.SenderKeyDistribution senderKeyOf(Message m) {
    E2eProtos.SenderKeyDistributionMessage s = null;
    if (m.hasSenderKeyDistributionMessage()) {
      s = m.getSenderKeyDistributionMessage();
    } else if (m.hasFastRatchetKeySenderKeyDistributionMessage()) {
      s = m.getFastRatchetKeySenderKeyDistributionMessage();
    }
    if (s == null || s.getAxolotlSenderKeyDistributionMessage().isEmpty()) {
      return null;
    }
    return new DecodedMessage.SenderKeyDistribution(
        s.hasGroupId() ? s.getGroupId() : null,
        s.getAxolotlSenderKeyDistributionMessage().toByteArray());
  }

  // ---------------------------------------------------------------- encoding

  /** Encodes content into a {@code Message} ready to pad and encrypt. */
  public static Message encode(MessageContent content) {
    Objects.requireNonNull(content, "content");
    Message.Builder b = Message.newBuilder();
    if (content instanceof Text t) {
      if (t.quoted() == null && t.mentions().isEmpty()) {
        b.setConversation(t.text());
      } else {
        E2eProtos.ExtendedTextMessage.Builder x =
            E2eProtos.ExtendedTextMessage.newBuilder().setText(t.text());
        ContextInfo.Builder c = ContextInfo.newBuilder();
        Quote q = t.quoted();
        if (q != null) {
          c.setStanzaId(q.stanzaId());
          if (q.participant() != null) {
            c.setParticipant(q.participant());
          }
          if (q.remoteJid() != null) {
            c.setRemoteJid(q.remoteJid());
          }
          if (q.quoted() != null) {
            c.setQuotedMessage(encode(q.quoted()));
          }
        }
        c.addAllMentionedJid(t.mentions());
        b.setExtendedTextMessage(x.setContextInfo(c));
      }
    } else if (content instanceof Image i) {
      E2eProtos.ImageMessage.Builder x = E2eProtos.ImageMessage.newBuilder();
      MediaFields.put(x, i.media());
      if (i.caption() != null) {
        x.setCaption(i.caption());
      }
      if (i.width() > 0) {
        x.setWidth(i.width());
      }
      if (i.height() > 0) {
        x.setHeight(i.height());
      }
      b.setImageMessage(x);
    } else if (content instanceof Video v) {
      E2eProtos.VideoMessage.Builder x = E2eProtos.VideoMessage.newBuilder();
      MediaFields.put(x, v.media());
      if (v.caption() != null) {
        x.setCaption(v.caption());
      }
      if (v.width() > 0) {
        x.setWidth(v.width());
      }
      if (v.height() > 0) {
        x.setHeight(v.height());
      }
      if (v.seconds() > 0) {
        x.setSeconds(v.seconds());
      }
      if (v.gif()) {
        x.setGifPlayback(true);
      }
      b.setVideoMessage(x);
    } else if (content instanceof Audio a) {
      E2eProtos.AudioMessage.Builder x = E2eProtos.AudioMessage.newBuilder();
      MediaFields.put(x, a.media());
      if (a.seconds() > 0) {
        x.setSeconds(a.seconds());
      }
      if (a.ptt()) {
        x.setPtt(true);
      }
      b.setAudioMessage(x);
    } else if (content instanceof Document d) {
      E2eProtos.DocumentMessage.Builder x = E2eProtos.DocumentMessage.newBuilder();
      MediaFields.put(x, d.media());
      if (d.fileName() != null) {
        x.setFileName(d.fileName());
      }
      if (d.title() != null) {
        x.setTitle(d.title());
      }
      if (d.caption() != null) {
        x.setCaption(d.caption());
      }
      if (d.pageCount() > 0) {
        x.setPageCount(d.pageCount());
      }
      b.setDocumentMessage(x);
    } else if (content instanceof Sticker s) {
      E2eProtos.StickerMessage.Builder x = E2eProtos.StickerMessage.newBuilder();
      MediaFields.put(x, s.media());
      if (s.width() > 0) {
        x.setWidth(s.width());
      }
      if (s.height() > 0) {
        x.setHeight(s.height());
      }
      if (s.animated()) {
        x.setIsAnimated(true);
      }
      b.setStickerMessage(x);
    } else if (content instanceof Reaction r) {
      E2eProtos.ReactionMessage.Builder x =
          E2eProtos.ReactionMessage.newBuilder().setKey(key(r.target())).setText(r.emoji());
      if (r.senderTimestampMs() != 0) {
        x.setSenderTimestampMs(r.senderTimestampMs());
      }
      b.setReactionMessage(x);
    } else if (content instanceof Location l) {
      E2eProtos.LocationMessage.Builder x =
          E2eProtos.LocationMessage.newBuilder()
              .setDegreesLatitude(l.latitude())
              .setDegreesLongitude(l.longitude());
      if (l.name() != null) {
        x.setName(l.name());
      }
      if (l.address() != null) {
        x.setAddress(l.address());
      }
      b.setLocationMessage(x);
    } else if (content instanceof Contact c) {
      E2eProtos.ContactMessage.Builder x =
          E2eProtos.ContactMessage.newBuilder().setVcard(c.vcard());
      if (c.displayName() != null) {
        x.setDisplayName(c.displayName());
      }
      b.setContactMessage(x);
    } else if (content instanceof Revoke r) {
      b.setProtocolMessage(
          ProtocolMessage.newBuilder()
              .setKey(key(r.target()))
              .setType(ProtocolMessage.Type.REVOKE));
    } else if (content instanceof Edit e) {
      ProtocolMessage.Builder p =
          ProtocolMessage.newBuilder()
              .setKey(key(e.target()))
              .setType(ProtocolMessage.Type.MESSAGE_EDIT)
              .setEditedMessage(encode(e.newContent()));
      if (e.timestampMs() != 0) {
        p.setTimestampMs(e.timestampMs());
      }
      b.setEditedMessage(
          FutureProofMessage.newBuilder().setMessage(Message.newBuilder().setProtocolMessage(p)));
    } else if (content instanceof Unknown u) {
      try {
        return Message.parseFrom(u.raw());
      } catch (InvalidProtocolBufferException ex) {
        throw new ValidationException("unknown content does not hold a Message protobuf");
      }
    }
    return b.build();
  }

  private static E2eProtos.MessageKey key(MessageKey k) {
    E2eProtos.MessageKey.Builder b =
        E2eProtos.MessageKey.newBuilder()
            .setRemoteJid(k.remoteJid())
            .setFromMe(k.fromMe())
            .setId(k.id());
    if (k.participant() != null) {
      b.setParticipant(k.participant());
    }
    return b.build();
  }

  /**
   * The copy of {@code message} for our own other devices (§3.4): {@code deviceSentMessage} with
   * the chat JID, and the original's {@code messageContextInfo} alongside.
   */
  public static Message deviceSent(Message message, String destinationJid) {
    Objects.requireNonNull(destinationJid, "destinationJid");
    Message.Builder b =
        Message.newBuilder()
            .setDeviceSentMessage(
                E2eProtos.DeviceSentMessage.newBuilder()
                    .setDestinationJid(destinationJid)
                    .setMessage(message));
    if (message.hasMessageContextInfo()) {
      b.setMessageContextInfo(message.getMessageContextInfo());
    }
    return b.build();
  }

  /** The pairwise carrier of our sender key for a group (§4.2 step 3). */
  public static Message senderKeyCarrier(String groupId, byte[] distributionMessage) {
    return Message.newBuilder()
        .setSenderKeyDistributionMessage(
            E2eProtos.SenderKeyDistributionMessage.newBuilder()
                .setGroupId(groupId)
                .setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(distributionMessage)))
        .build();
  }

  /**
   * {@code message} with our sender-key distribution added, as a group message is re-sent pairwise
   * to a device that asked with a retry receipt (§2.7, §4.6).
   */
  public static Message withSenderKeyDistribution(
      Message message, String groupId, byte[] distributionMessage) {
    return message.toBuilder()
        .setSenderKeyDistributionMessage(
            senderKeyCarrier(groupId, distributionMessage).getSenderKeyDistributionMessage())
        .build();
  }

  /** {@code message} with {@code messageContextInfo.messageSecret} set (32 bytes). */
  public static Message withMessageSecret(Message message, byte[] secret) {
    if (secret == null || secret.length != 32) {
      throw new ValidationException("message secret must be 32 bytes");
    }
    E2eProtos.MessageContextInfo.Builder info =
        message.hasMessageContextInfo()
            ? message.getMessageContextInfo().toBuilder()
            : E2eProtos.MessageContextInfo.newBuilder();
    return message.toBuilder()
        .setMessageContextInfo(info.setMessageSecret(ByteString.copyFrom(secret)))
        .build();
  }

  // ---------------------------------------------------------------- stanza attributes

  /** The {@code message} stanza {@code type}: {@code reaction}, {@code media} or {@code text}. */
  public static String stanzaType(Message m) {
    Message inner = unwrapForAttributes(m);
    if (inner.hasReactionMessage()) {
      return "reaction";
    }
    if (mediaType(inner) != null) {
      return "media";
    }
    return "text";
  }

  /**
   * The {@code mediatype} attribute for 1:1 {@code enc} nodes and the group skmsg, or null when the
   * content is not media (§5.6).
   */
  public static String mediaType(Message m) {
    Message inner = unwrapForAttributes(m);
    if (inner.hasExtendedTextMessage() && inner.getExtendedTextMessage().hasTitle()) {
      return "url";
    }
    if (inner.hasImageMessage()) {
      return "image";
    }
    if (inner.hasStickerMessage()) {
      return "sticker";
    }
    if (inner.hasDocumentMessage()) {
      return "document";
    }
    if (inner.hasAudioMessage()) {
      return inner.getAudioMessage().getPtt() ? "ptt" : "audio";
    }
    if (inner.hasVideoMessage()) {
      return inner.getVideoMessage().getGifPlayback() ? "gif" : "video";
    }
    if (inner.hasContactMessage()) {
      return "vcard";
    }
    return null;
  }

  /**
   * The {@code edit} attribute (§2.1, §3.5): {@code 1} for an edit, {@code 7} for revoking our own
   * message or removing our reaction, {@code 8} for an admin revoke of someone else's message; null
   * otherwise.
   */
  public static String editAttribute(Message m) {
    if (m.hasEditedMessage() && m.getEditedMessage().hasMessage()) {
      return editAttribute(m.getEditedMessage().getMessage());
    }
    if (m.hasProtocolMessage() && m.getProtocolMessage().hasKey()) {
      ProtocolMessage p = m.getProtocolMessage();
      if (p.getType() == ProtocolMessage.Type.REVOKE) {
        return p.getKey().getFromMe() ? "7" : "8";
      }
      if (p.getType() == ProtocolMessage.Type.MESSAGE_EDIT && p.hasEditedMessage()) {
        return "1";
      }
      return null;
    }
    if (m.hasReactionMessage() && m.getReactionMessage().getText().isEmpty()) {
      return "7";
    }
    return null;
  }

  /**
   * Whether {@code enc} nodes get {@code decrypt-fail="hide"}: edits, revokes and reactions (§3.4).
   */
  public static boolean hideDecryptFailure(Message m) {
    return editAttribute(m) != null || "reaction".equals(stanzaType(m));
  }

  private static Message unwrapForAttributes(Message m) {
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      FutureProofMessage w;
      if (m.hasViewOnceMessage()) {
        w = m.getViewOnceMessage();
      } else if (m.hasViewOnceMessageV2()) {
        w = m.getViewOnceMessageV2();
      } else if (m.hasViewOnceMessageV2Extension()) {
        w = m.getViewOnceMessageV2Extension();
      } else if (m.hasEphemeralMessage()) {
        w = m.getEphemeralMessage();
      } else if (m.hasDocumentWithCaptionMessage()) {
        w = m.getDocumentWithCaptionMessage();
      } else {
        return m;
      }
      m = w.getMessage();
    }
    return m;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
