package dev.wagateway.server.internal.store;

import java.security.SecureRandom;

/** Random resource ids: a type prefix and 20 lower-case base32 characters (100 bits). */
public final class Ids {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String next(String prefix) {
    StringBuilder sb = new StringBuilder(prefix).append('_');
    for (int i = 0; i < 20; i++) {
      sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }
}
