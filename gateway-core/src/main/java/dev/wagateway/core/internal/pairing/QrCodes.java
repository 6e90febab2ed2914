package dev.wagateway.core.internal.pairing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The text of a pairing QR code (docs/protocol/pairing.md §2.3). One code is made per {@code <ref>}
 * of the server's {@code pair-device} iq; the keys and the ADV secret are the companion's persisted
 * credentials, so only the ref changes from one code to the next.
 *
 * <p>{@link #payload} is the four comma-separated parts {@code ref,noise,identity,adv}; {@link
 * #link} is the form current clients show: {@value #LINK_PREFIX} followed by the payload, a comma
 * and the {@link CompanionPlatform} id.
 */
public final class QrCodes {
  /** The literal prefix of the QR link. */
  public static final String LINK_PREFIX = "https://wa.me/settings/linked_devices#";

  private QrCodes() {}

  /**
   * {@code ref,base64(noisePublicKey),base64(identityPublicKey),base64(advSecret)}, standard Base64
   * with padding.
   *
   * @throws IllegalArgumentException if the ref is empty or contains a comma, or a key or the
   *     secret is not 32 bytes
   */
  public static String payload(
      String ref, byte[] noisePublicKey, byte[] identityPublicKey, byte[] advSecret) {
    if (ref == null || ref.isEmpty()) {
      throw new IllegalArgumentException("QR ref must not be empty");
    }
    if (ref.indexOf(',') >= 0) {
      throw new IllegalArgumentException("QR ref must not contain a comma");
    }
    Base64.Encoder b64 = Base64.getEncoder();
    return ref
        + ','
        + b64.encodeToString(require32(noisePublicKey, "noise public key"))
        + ','
        + b64.encodeToString(require32(identityPublicKey, "identity public key"))
        + ','
        + b64.encodeToString(require32(advSecret, "ADV secret"));
  }

  /** {@value #LINK_PREFIX} + {@link #payload} + {@code ","} + the platform id. */
  public static String link(
      String ref,
      byte[] noisePublicKey,
      byte[] identityPublicKey,
      byte[] advSecret,
      CompanionPlatform platform) {
    if (platform == null) {
      throw new IllegalArgumentException("companion platform must be given");
    }
    return LINK_PREFIX
        + payload(ref, noisePublicKey, identityPublicKey, advSecret)
        + ','
        + platform.id();
  }

  /** A {@code <ref>} node's byte content as the string the QR carries (UTF-8, unchanged). */
  public static String refText(byte[] refContent) {
    return new String(refContent, StandardCharsets.UTF_8);
  }

  private static byte[] require32(byte[] bytes, String what) {
    if (bytes == null || bytes.length != 32) {
      throw new IllegalArgumentException(what + " must be 32 bytes");
    }
    return bytes;
  }
}
