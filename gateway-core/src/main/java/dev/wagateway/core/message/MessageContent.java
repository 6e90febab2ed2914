package dev.wagateway.core.message;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a message says, decoded from (or encoded to) the end-to-end encrypted {@code Message}
 * protobuf. One record per kind; anything we do not model arrives as {@link Unknown} with its
 * protobuf bytes, so nothing is dropped.
 */
public sealed interface MessageContent {

  /** Plain or extended text. */
  record Text(String text, Quote quoted, List<String> mentions) implements MessageContent {
    public Text {
      Objects.requireNonNull(text, "text");
      mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** Plain text, no quote, no mentions. */
    public Text(String text) {
      this(text, null, List.of());
    }

    /** A reply to {@code quoted}. */
    public static Text reply(String text, Quote quoted) {
      return new Text(text, Objects.requireNonNull(quoted, "quoted"), List.of());
    }

    @Override
    public String toString() {
      return "Text[length="
          + text.length()
          + ", quoted="
          + (quoted != null)
          + ", mentions="
          + mentions.size()
          + "]";
    }
  }

  /** The media kinds; each carries {@link MediaInfo}. */
  sealed interface Media extends MessageContent {
    MediaInfo media();

    /** The {@code mediatype} attribute of the {@code enc} node, e.g. {@code image}, {@code ptt}. */
    String mediaType();
  }

  record Image(MediaInfo media, String caption, int width, int height) implements Media {
    public Image {
      Objects.requireNonNull(media, "media");
    }

    /** Leaves out the caption (message text is never logged). */
    @Override
    public String toString() {
      return "Image[" + media + ", " + width + "x" + height + "]";
    }

    @Override
    public String mediaType() {
      return "image";
    }
  }

  record Video(MediaInfo media, String caption, int width, int height, int seconds, boolean gif)
      implements Media {
    public Video {
      Objects.requireNonNull(media, "media");
    }

    /** Leaves out the caption. */
    @Override
    public String toString() {
      return "Video[" + media + ", " + width + "x" + height + ", " + seconds + "s, gif=" + gif
          + "]";
    }

    @Override
    public String mediaType() {
      return gif ? "gif" : "video";
    }
  }

  /** Audio; {@code ptt} marks a voice note. */
  record Audio(MediaInfo media, int seconds, boolean ptt) implements Media {
    public Audio {
      Objects.requireNonNull(media, "media");
    }

    @Override
    public String mediaType() {
      return ptt ? "ptt" : "audio";
    }
  }

  record Document(MediaInfo media, String fileName, String title, String caption, int pageCount)
      implements Media {
    public Document {
      Objects.requireNonNull(media, "media");
    }

    /** Leaves out the file name, title and caption. */
    @Override
    public String toString() {
      return "Document[" + media + ", pages=" + pageCount + "]";
    }

    @Override
    public String mediaType() {
      return "document";
    }
  }

  record Sticker(MediaInfo media, int width, int height, boolean animated) implements Media {
    public Sticker {
      Objects.requireNonNull(media, "media");
    }

    @Override
    public String mediaType() {
      return "sticker";
    }
  }

  /** A reaction to {@code target}; an empty emoji removes our earlier reaction. */
  record Reaction(MessageKey target, String emoji, long senderTimestampMs)
      implements MessageContent {
    public Reaction {
      Objects.requireNonNull(target, "target");
      emoji = emoji == null ? "" : emoji;
    }

    public boolean removal() {
      return emoji.isEmpty();
    }
  }

  /** A static location pin. */
  record Location(double latitude, double longitude, String name, String address)
      implements MessageContent {
    public Location {
      if (Double.isNaN(latitude) || Double.isNaN(longitude)) {
        throw new ValidationException("location coordinates must be numbers");
      }
    }

    /** Leaves out where. */
    @Override
    public String toString() {
      return "Location[redacted]";
    }
  }

  /** A contact card. */
  record Contact(String displayName, String vcard) implements MessageContent {
    public Contact {
      Objects.requireNonNull(vcard, "vcard");
    }

    /** Leaves out the card. */
    @Override
    public String toString() {
      return "Contact[vcardLength=" + vcard.length() + "]";
    }
  }

  /** "Delete for everyone" of {@code target}. */
  record Revoke(MessageKey target) implements MessageContent {
    public Revoke {
      Objects.requireNonNull(target, "target");
    }
  }

  /** A new version of our earlier message {@code target}. */
  record Edit(MessageKey target, MessageContent newContent, long timestampMs)
      implements MessageContent {
    public Edit {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(newContent, "newContent");
      if (newContent instanceof Edit || newContent instanceof Revoke) {
        throw new ValidationException("an edit must carry ordinary content");
      }
    }
  }

  /**
   * Content we do not model (a poll, a protocol message such as a history-sync notice, …), kept as
   * the serialized {@code Message} protobuf.
   *
   * @param kind a short description: the protobuf field name or number, e.g. {@code protocol:5}
   * @param raw the serialized {@code Message}
   */
  record Unknown(String kind, byte[] raw) implements MessageContent {
    public Unknown {
      Objects.requireNonNull(kind, "kind");
      raw = Objects.requireNonNull(raw, "raw").clone();
    }

    @Override
    public byte[] raw() {
      return raw.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && kind.equals(u.kind) && Arrays.equals(raw, u.raw);
    }

    @Override
    public int hashCode() {
      return kind.hashCode() * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
      return "Unknown[kind=" + kind + ", length=" + raw.length + "]";
    }
  }
}
