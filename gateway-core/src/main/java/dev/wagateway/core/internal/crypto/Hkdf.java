package dev.wagateway.core.internal.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869). An empty or null salt means 32 zero bytes. */
public final class Hkdf {
  private Hkdf() {}

  public static byte[] derive(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
    return expand(extract(salt, inputKeyMaterial), info, length);
  }

  public static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
    byte[] s = (salt == null || salt.length == 0) ? new byte[32] : salt;
    return hmacSha256(s, inputKeyMaterial);
  }

  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > 255 * 32) {
      throw new IllegalArgumentException("bad HKDF length " + length);
    }
    byte[] inf = info == null ? new byte[0] : info;
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    int written = 0;
    for (int i = 1; written < length; i++) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(block);
        mac.update(inf);
        mac.update((byte) i);
        block = mac.doFinal();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
      int n = Math.min(block.length, length - written);
      System.arraycopy(block, 0, out, written, n);
      written += n;
    }
    return out;
  }

  public static byte[] hmacSha256(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
