package dev.wagateway.core.internal.store;

import dev.wagateway.core.GatewayException.ValidationException;

/** Argument checks shared by the store implementations: bad input is a ValidationException. */
final class Checks {
  /** Longest accepted session id, address, group id or org id. */
  public static final int MAX_KEY_LENGTH = 256;

  private Checks() {}

  /** A session id: not blank, at most {@link #MAX_KEY_LENGTH} characters. */
  public static String sessionId(String id) {
    return text(id, "session id");
  }

  /** A non-blank key string of bounded length. */
  public static String text(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(name + " must not be blank");
    }
    if (value.length() > MAX_KEY_LENGTH) {
      throw new ValidationException(name + " is longer than " + MAX_KEY_LENGTH + " characters");
    }
    return value;
  }

  /** A non-empty byte array (a key or a serialized record). */
  public static byte[] bytes(byte[] value, String name) {
    if (value == null || value.length == 0) {
      throw new ValidationException(name + " must not be empty");
    }
    return value;
  }

  /** A non-null value. */
  public static <T> T present(T value, String name) {
    if (value == null) {
      throw new ValidationException(name + " must not be null");
    }
    return value;
  }

  /** A paging window. */
  public static void window(int offset, int limit) {
    if (offset < 0) {
      throw new ValidationException("offset must not be negative");
    }
    if (limit < 0) {
      throw new ValidationException("limit must not be negative");
    }
  }
}
