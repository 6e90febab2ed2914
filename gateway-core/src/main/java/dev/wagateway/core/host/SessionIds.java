package dev.wagateway.core.host;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Session ids: {@code sess_} followed by 26 Crockford base32 characters, ULID-style (48 bits of
 * milliseconds, then 80 random bits), so ids sort by creation time.
 */
final class SessionIds {
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private SessionIds() {}

  static String generate(Instant now, SecureRandom random) {
    char[] out = new char[26];
    long time = now.toEpochMilli();
    for (int i = 9; i >= 0; i--) {
      out[i] = CROCKFORD[(int) (time & 31)];
      time >>>= 5;
    }
    byte[] bytes = new byte[10];
    random.nextBytes(bytes);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (bytes[i] & 0xFF);
      lo = (lo << 8) | (bytes[i + 5] & 0xFF);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = CROCKFORD[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = CROCKFORD[(int) (lo & 31)];
      lo >>>= 5;
    }
    return "sess_" + new String(out);
  }
}
