package dev.wagateway.server.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Hashing and constant-time comparison of secrets. */
public final class Secrets {
  private Secrets() {}

  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * Compares two byte strings in time that depends only on their lengths ({@link
   * MessageDigest#isEqual} is constant-time since Java 6u17). Callers compare fixed-length digests,
   * so not even the length leaks.
   */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a, b);
  }

  /** Compares two secrets by their SHA-256 digests in constant time. */
  public static boolean secretEquals(String presented, String expected) {
    if (presented == null || expected == null) {
      return false;
    }
    return constantTimeEquals(sha256(presented), sha256(expected));
  }

  /** {@code bytes} random bytes as URL-safe base64 without padding. */
  public static String randomToken(SecureRandom random, int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
