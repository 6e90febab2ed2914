package dev.wagateway.core.internal.messaging;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import dev.wagateway.core.message.MediaInfo;

/**
 * The eight fields every media message (image, video, audio, document, sticker) carries under the
 * same names in {@code e2e.proto}: where the blob is, its key, its hashes, length and type. They
 * are read and written by name, so the five message types share one mapping to {@link MediaInfo}.
 */
final class MediaFields {
  private MediaFields() {}

  /** Writes {@code media} into a media message builder; absent values stay unset. */
  static <B extends Message.Builder> B put(B x, MediaInfo media) {
    Descriptor d = x.getDescriptorForType();
    setIfPresent(x, d, "url", media.url());
    setIfPresent(x, d, "directPath", media.directPath());
    setIfPresent(x, d, "mediaKey", bytes(media.mediaKey()));
    setIfPresent(x, d, "fileSha256", bytes(media.fileSha256()));
    setIfPresent(x, d, "fileEncSha256", bytes(media.fileEncSha256()));
    x.setField(field(d, "fileLength"), media.fileLength());
    setIfPresent(x, d, "mimetype", media.mimetype());
    if (media.mediaKeyTimestamp() != 0) {
      x.setField(field(d, "mediaKeyTimestamp"), media.mediaKeyTimestamp());
    }
    return x;
  }

  /** Reads the media fields of a media message; an absent or empty value is null. */
  static MediaInfo read(MessageOrBuilder m) {
    Descriptor d = m.getDescriptorForType();
    return new MediaInfo(
        string(m, d, "url"),
        string(m, d, "directPath"),
        bytes(m, d, "mediaKey"),
        bytes(m, d, "fileSha256"),
        bytes(m, d, "fileEncSha256"),
        Math.max(0, (Long) m.getField(field(d, "fileLength"))),
        string(m, d, "mimetype"),
        (Long) m.getField(field(d, "mediaKeyTimestamp")));
  }

  private static void setIfPresent(Message.Builder x, Descriptor d, String name, Object value) {
    if (value != null) {
      x.setField(field(d, name), value);
    }
  }

  private static String string(MessageOrBuilder m, Descriptor d, String name) {
    FieldDescriptor f = field(d, name);
    return m.hasField(f) ? (String) m.getField(f) : null;
  }

  private static byte[] bytes(MessageOrBuilder m, Descriptor d, String name) {
    ByteString b = (ByteString) m.getField(field(d, name));
    return b.isEmpty() ? null : b.toByteArray();
  }

  private static ByteString bytes(byte[] b) {
    return b == null ? null : ByteString.copyFrom(b);
  }

  private static FieldDescriptor field(Descriptor d, String name) {
    FieldDescriptor f = d.findFieldByName(name);
    if (f == null) {
      throw new IllegalStateException(d.getName() + " has no media field " + name);
    }
    return f;
  }
}
