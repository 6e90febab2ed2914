package dev.wagateway.core.message;

import dev.wagateway.core.GatewayException.ValidationException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file on disk to send as a media message, streamed (never held in memory whole): it is encrypted
 * with a fresh media key, uploaded, and sent as the message of its {@link MediaUpload.Kind}. The
 * caller owns the file and deletes it after the send returns.
 *
 * @param kind which media message
 * @param file the plaintext file (never logged)
 * @param mimetype e.g. {@code image/jpeg}
 * @param caption for images, videos and documents; may be null
 * @param fileName for documents; may be null
 * @param voiceNote for audio: a push-to-talk voice note
 */
public record MediaFile(
    MediaUpload.Kind kind,
    Path file,
    String mimetype,
    String caption,
    String fileName,
    boolean voiceNote) {
  public MediaFile {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(file, "file");
    if (mimetype == null || mimetype.isBlank()) {
      throw new ValidationException("media needs a mimetype");
    }
  }
}
