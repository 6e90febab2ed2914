package dev.wagateway.core.message;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Objects;

/**
 * A file to send as a media message: it is encrypted with a fresh media key, uploaded, and sent as
 * the message of its {@link Kind}.
 *
 * @param kind which media message
 * @param data the plaintext file (never logged)
 * @param mimetype e.g. {@code image/jpeg}
 * @param caption for images, videos and documents; may be null
 * @param fileName for documents; may be null
 */
public record MediaUpload(
    Kind kind, byte[] data, String mimetype, String caption, String fileName) {
  /** The media message kinds. */
  public enum Kind {
    IMAGE,
    VIDEO,
    AUDIO,
    DOCUMENT,
    STICKER
  }

  public MediaUpload {
    Objects.requireNonNull(kind, "kind");
    if (data == null || data.length == 0) {
      throw new ValidationException("media data must not be empty");
    }
    if (mimetype == null || mimetype.isBlank()) {
      throw new ValidationException("media needs a mimetype");
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaUpload m
        && kind == m.kind
        && java.util.Arrays.equals(data, m.data)
        && Objects.equals(mimetype, m.mimetype)
        && Objects.equals(caption, m.caption)
        && Objects.equals(fileName, m.fileName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, mimetype, fileName) * 31 + java.util.Arrays.hashCode(data);
  }

  /** Leaves out the data and caption. */
  @Override
  public String toString() {
    return "MediaUpload[" + kind + ", " + mimetype + ", " + data.length + " bytes]";
  }
}
