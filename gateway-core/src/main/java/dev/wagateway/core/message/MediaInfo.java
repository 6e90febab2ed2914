package dev.wagateway.core.message;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where an encrypted media file lives and how to check and decrypt it, as carried in the media
 * messages (docs/protocol/messaging.md §5.6). Byte arrays are copied in and out.
 *
 * @param url the upload URL the sender got back; may be null when only the direct path is known
 * @param directPath the path on a media host, e.g. {@code /v/t62.7118-24/…?…}; may be null
 * @param mediaKey the 32-byte media key the file keys are derived from
 * @param fileSha256 SHA-256 of the plaintext file
 * @param fileEncSha256 SHA-256 of the uploaded blob (ciphertext followed by the 10-byte MAC)
 * @param fileLength length of the plaintext in bytes
 * @param mimetype e.g. {@code image/jpeg}; may be null
 * @param mediaKeyTimestamp unix seconds when the key was made, 0 when unknown
 */
public record MediaInfo(
    String url,
    String directPath,
    byte[] mediaKey,
    byte[] fileSha256,
    byte[] fileEncSha256,
    long fileLength,
    String mimetype,
    long mediaKeyTimestamp) {

  public MediaInfo {
    mediaKey = copy(mediaKey);
    fileSha256 = copy(fileSha256);
    fileEncSha256 = copy(fileEncSha256);
    if (fileLength < 0) {
      throw new ValidationException("media file length must not be negative");
    }
  }

  @Override
  public byte[] mediaKey() {
    return copy(mediaKey);
  }

  @Override
  public byte[] fileSha256() {
    return copy(fileSha256);
  }

  @Override
  public byte[] fileEncSha256() {
    return copy(fileEncSha256);
  }

  /** Whether the key and both hashes are present, so that the file can be downloaded. */
  public boolean downloadable() {
    return mediaKey != null
        && mediaKey.length == 32
        && fileSha256 != null
        && fileEncSha256 != null
        && (directPath != null || url != null);
  }

  private static byte[] copy(byte[] b) {
    return b == null ? null : b.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaInfo m
        && Objects.equals(url, m.url)
        && Objects.equals(directPath, m.directPath)
        && Arrays.equals(mediaKey, m.mediaKey)
        && Arrays.equals(fileSha256, m.fileSha256)
        && Arrays.equals(fileEncSha256, m.fileEncSha256)
        && fileLength == m.fileLength
        && Objects.equals(mimetype, m.mimetype)
        && mediaKeyTimestamp == m.mediaKeyTimestamp;
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, directPath, fileLength, mimetype) * 31 + Arrays.hashCode(fileSha256);
  }

  /** Never prints the media key. */
  @Override
  public String toString() {
    return "MediaInfo[directPath="
        + directPath
        + ", fileLength="
        + fileLength
        + ", mimetype="
        + mimetype
        + "]";
  }
}
