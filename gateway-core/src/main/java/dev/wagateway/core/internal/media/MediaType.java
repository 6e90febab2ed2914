package dev.wagateway.core.internal.media;

import dev.wagateway.core.message.MessageContent;

/**
 * What a media blob is, which fixes its key-expansion info string (docs/protocol/messaging.md §5.1)
 * and its upload path segment (§5.4).
 */
public enum MediaType {
  IMAGE("WhatsApp Image Keys", "image"),
  VIDEO("WhatsApp Video Keys", "video"),
  AUDIO("WhatsApp Audio Keys", "audio"),
  DOCUMENT("WhatsApp Document Keys", "document"),
  /** Stickers use the image keys and upload path. */
  STICKER("WhatsApp Image Keys", "image"),
  HISTORY("WhatsApp History Keys", "md-msg-hist"),
  APP_STATE("WhatsApp App State Keys", "md-app-state"),
  STICKER_PACK("WhatsApp Sticker Pack Keys", "sticker-pack"),
  LINK_THUMBNAIL("WhatsApp Link Thumbnail Keys", "thumbnail-link");

  private final String info;
  private final String mmsType;

  MediaType(String info, String mmsType) {
    this.info = info;
    this.mmsType = mmsType;
  }

  /** The HKDF info string. */
  public String info() {
    return info;
  }

  /** The {@code /mms/<type>/} path segment. */
  public String mmsType() {
    return mmsType;
  }

  /** The media type of a media message. */
  public static MediaType of(MessageContent.Media content) {
    if (content instanceof MessageContent.Image) {
      return IMAGE;
    } else if (content instanceof MessageContent.Video) {
      return VIDEO;
    } else if (content instanceof MessageContent.Audio) {
      return AUDIO;
    } else if (content instanceof MessageContent.Document) {
      return DOCUMENT;
    }
    return STICKER;
  }
}
