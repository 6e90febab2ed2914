package dev.wagateway.core.internal.media;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of one media file (docs/protocol/messaging.md §5.1): HKDF-SHA256 of the 32-byte media
 * key with an empty salt and the type's info string, 112 bytes split into iv (16), cipher key (32),
 * MAC key (32) and ref key (32).
 */
final class MediaKeys {
  private final byte[] iv;
  private final byte[] cipherKey;
  private final byte[] macKey;
  private final byte[] refKey;

  private MediaKeys(byte[] expanded) {
    this.iv = Arrays.copyOfRange(expanded, 0, 16);
    this.cipherKey = Arrays.copyOfRange(expanded, 16, 48);
    this.macKey = Arrays.copyOfRange(expanded, 48, 80);
    this.refKey = Arrays.copyOfRange(expanded, 80, 112);
  }

  public static MediaKeys expand(byte[] mediaKey, MediaType type) {
    if (mediaKey == null || mediaKey.length != 32) {
      throw new ValidationException("media key must be 32 bytes");
    }
    byte[] info = type.info().getBytes(StandardCharsets.US_ASCII);
    return new MediaKeys(Hkdf.derive(mediaKey, new byte[32], info, 112));
  }

  public byte[] iv() {
    return iv.clone();
  }

  public byte[] cipherKey() {
    return cipherKey.clone();
  }

  public byte[] macKey() {
    return macKey.clone();
  }

  public byte[] refKey() {
    return refKey.clone();
  }

  @Override
  public String toString() {
    return "MediaKeys[redacted]";
  }
}
