package dev.wagateway.core.internal.media;

/** Stable error codes of the media layer. */
public final class MediaErrors {
  /** The blob's HMAC does not match: it was tampered with or belongs to another key. */
  public static final String MAC_MISMATCH = "media_mac_mismatch";

  /** SHA-256 of the blob or of the plaintext differs from the message's. */
  public static final String HASH_MISMATCH = "media_hash_mismatch";

  /** The blob is too short to hold a MAC, or ended before its declared length. */
  public static final String TRUNCATED = "media_truncated";

  /** The blob decrypted to invalid padding (only possible with a matching MAC and a wrong key). */
  public static final String DECRYPT_FAILED = "media_decrypt_failed";

  /** The blob is larger than the message says or than the configured limit allows. */
  public static final String TOO_LARGE = "media_too_large";

  /** The media host answered 403, 404 or 410: the URL expired; ask for a re-upload. */
  public static final String EXPIRED = "media_expired";

  /** Every media host failed (network error or an unexpected HTTP status). */
  public static final String DOWNLOAD_FAILED = "media_download_failed";

  /** The upload failed on every host. */
  public static final String UPLOAD_FAILED = "media_upload_failed";

  /** No usable media_conn (no hosts, or an answer we cannot read). */
  public static final String NO_MEDIA_CONN = "media_conn_unavailable";

  private MediaErrors() {}
}
