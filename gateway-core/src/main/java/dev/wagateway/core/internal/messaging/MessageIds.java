package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.GatewayException.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Message ids in WhatsApp Web's format (docs/protocol/messaging.md §3.6): {@code "3EB0"} followed
 * by the upper-case hex of the first 9 bytes of SHA-256(unix seconds as 8 bytes BE ‖ own user ‖
 * {@code "@c.us"} ‖ 16 random bytes), 22 characters in all.
 */
public final class MessageIds {
  /** The prefix of ids made by WhatsApp Web. */
  public static final String PREFIX = "3EB0";

  /** Length of an id: the prefix and 18 hex digits. */
  public static final int LENGTH = PREFIX.length() + 18;

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final Clock clock;
  private final SecureRandom random;

  public MessageIds(Clock clock, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A new id for a message sent by the account whose user part is {@code ownUser}. */
  public String next(String ownUser) {
    if (ownUser == null || ownUser.isEmpty()) {
      throw new ValidationException("own user must not be empty");
    }
    byte[] user = (ownUser + "@c.us").getBytes(StandardCharsets.UTF_8);
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    ByteBuffer data = ByteBuffer.allocate(8 + user.length + salt.length);
    data.putLong(clock.instant().getEpochSecond()).put(user).put(salt);
    byte[] hash = sha256(data.array());
    return PREFIX + HEX.formatHex(hash, 0, 9);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
