package dev.wagateway.server.internal.session;

import dev.wagateway.core.message.MediaUpload;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each media message type accepts, as the API document states it: the size limits (100 MiB; 16
 * MiB for images; 500 KiB for stickers) and the MIME types (images {@code image/*}, videos {@code
 * video/*}, audio {@code audio/*} and voice notes {@code audio/ogg}, stickers {@code image/webp},
 * documents any type).
 */
public final class MediaRules {
  /** 100 MiB, the limit of every type without a smaller one. */
  public static final long MAX_BYTES = 100L * 1024 * 1024;

  public static final long MAX_IMAGE_BYTES = 16L * 1024 * 1024;

  public static final long MAX_STICKER_BYTES = 500L * 1024;

  private static final Pattern MIME =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

  private static final Map<String, MediaUpload.Kind> KINDS =
      Map.of(
          "image", MediaUpload.Kind.IMAGE,
          "video", MediaUpload.Kind.VIDEO,
          "audio", MediaUpload.Kind.AUDIO,
          "document", MediaUpload.Kind.DOCUMENT,
          "sticker", MediaUpload.Kind.STICKER);

  private MediaRules() {}

  /** The core's kind of an API media type ({@code image}, ...), or null for another type. */
  public static MediaUpload.Kind kind(String type) {
    return type == null ? null : KINDS.get(type);
  }

  /** The largest file {@code type} accepts, in bytes. */
  public static long limitBytes(String type) {
    return switch (type) {
      case "image" -> MAX_IMAGE_BYTES;
      case "sticker" -> MAX_STICKER_BYTES;
      default -> MAX_BYTES;
    };
  }

  /** {@code type/subtype} of a MIME type or Content-Type value, lower-case; null when malformed. */
  public static String essence(String mime) {
    if (mime == null) {
      return null;
    }
    int semicolon = mime.indexOf(';');
    String essence =
        (semicolon < 0 ? mime : mime.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return MIME.matcher(essence).matches() ? essence : null;
  }

  /** Why {@code mime} does not fit {@code type} (with {@code voiceNote}), or null when it fits. */
  public static String mismatch(String type, String mime, boolean voiceNote) {
    String essence = essence(mime);
    if (essence == null) {
      return "a MIME type such as image/jpeg is required";
    }
    return switch (type) {
      case "image" -> essence.startsWith("image/") ? null : "image needs an image/* MIME type";
      case "video" -> essence.startsWith("video/") ? null : "video needs a video/* MIME type";
      case "audio" -> {
        if (voiceNote && !essence.equals("audio/ogg")) {
          yield "a voice note needs audio/ogg; codecs=opus";
        }
        yield essence.startsWith("audio/") ? null : "audio needs an audio/* MIME type";
      }
      case "sticker" -> essence.equals("image/webp") ? null : "a sticker needs image/webp";
      default -> null;
    };
  }

  /** The MIME type as sent to WhatsApp: trimmed, parameters kept (codecs of a voice note). */
  public static String normalized(String mime) {
    return mime.strip().toLowerCase(Locale.ROOT).replaceAll("\\s*;\\s*", "; ");
  }
}
