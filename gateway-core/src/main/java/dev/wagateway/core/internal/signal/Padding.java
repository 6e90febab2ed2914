package dev.wagateway.core.internal.signal;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * WhatsApp's application padding inside the Signal plaintext of {@code enc v="2"} payloads: N bytes
 * each equal to N. We pad like Baileys, N = (one random byte & 0x0F) + 1, so 1..16; whatsmeow pads
 * 1..15. Both are accepted on receive.
 */
public final class Padding {
  private Padding() {}

  /** Appends 1..16 padding bytes, drawing one byte from {@code random}. */
  public static byte[] pad(byte[] message, SecureRandom random) {
    byte[] draw = new byte[1];
    random.nextBytes(draw);
    int n = (draw[0] & 0x0F) + 1;
    byte[] out = Arrays.copyOf(message, message.length + n);
    Arrays.fill(out, message.length, out.length, (byte) n);
    return out;
  }

  /**
   * Removes the padding: N = the last byte, which must be at least 1, at most the length, and equal
   * to each of the last N bytes.
   *
   * @throws CryptoException {@code invalid_message} when the padding is malformed
   */
  public static byte[] unpad(byte[] padded) {
    if (padded == null || padded.length == 0) {
      throw new CryptoException(ErrorCode.INVALID_MESSAGE, "padded plaintext is empty");
    }
    int n = padded[padded.length - 1] & 0xFF;
    if (n == 0 || n > padded.length) {
      throw new CryptoException(ErrorCode.INVALID_MESSAGE, "bad padding length " + n);
    }
    for (int i = padded.length - n; i < padded.length; i++) {
      if ((padded[i] & 0xFF) != n) {
        throw new CryptoException(ErrorCode.INVALID_MESSAGE, "padding bytes are inconsistent");
      }
    }
    return Arrays.copyOf(padded, padded.length - n);
  }
}
