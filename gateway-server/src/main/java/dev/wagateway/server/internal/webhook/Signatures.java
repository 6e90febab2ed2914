package dev.wagateway.server.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: {@code webhook-signature: v1,<base64 HMAC-SHA256(key,
 * "id.timestamp.body")>}, one space-separated entry per active secret, where the key is the base64
 * part of a {@code whsec_} secret.
 */
final class Signatures {
  static final String PREFIX = "whsec_";
  private static final int KEY_BYTES = 32;

  private Signatures() {}

  /** A new secret: {@code whsec_} and the standard base64 of 32 random bytes. */
  static String newSecret(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The HMAC key of {@code secret}. Secrets issued before Standard Webhooks signing were URL-safe
   * base64; they still decode here (receivers should rotate them, see docs/webhooks.md).
   */
  static byte[] key(String secret) {
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return Base64.getUrlDecoder().decode(encoded);
    }
  }

  /** {@code v1,<base64 signature>} of one message under one secret. */
  static String sign(String secret, String messageId, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The {@code webhook-signature} header value: one signature per secret, space-separated. */
  static String header(List<String> secrets, String messageId, long timestampSeconds, byte[] body) {
    StringBuilder out = new StringBuilder();
    for (String secret : secrets) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(sign(secret, messageId, timestampSeconds, body));
    }
    return out.toString();
  }
}
