package dev.wagateway.server.internal.webhook;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential backoff from {@link #FIRST} doubling up to
 * {@link #MAX}, with jitter (a random point in the upper half of the step), and never before a
 * {@code Retry-After} the receiver sent.
 */
final class RetrySchedule {
  static final Duration FIRST = Duration.ofSeconds(5);
  static final Duration MAX = Duration.ofHours(1);

  private final DoubleSupplier random;

  /** {@code random} gives values in [0, 1). */
  RetrySchedule(DoubleSupplier random) {
    this.random = random;
  }

  /**
   * Milliseconds until the next attempt after {@code attempts} failed ones.
   *
   * @param retryAfterMillis what the receiver asked for, or a negative value for nothing
   */
  long delayMillis(int attempts, long retryAfterMillis) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    long step = Math.min(MAX.toMillis(), FIRST.toMillis() << doublings);
    long jittered = step / 2 + (long) (random.getAsDouble() * (step / 2.0));
    return Math.max(jittered, retryAfterMillis);
  }

  /**
   * A {@code Retry-After} value (delay seconds or an HTTP date) in milliseconds from {@code
   * nowMillis}, or -1 when absent or malformed.
   */
  static long retryAfterMillis(String header, long nowMillis) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String value = header.strip();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? -1 : Math.min(seconds, Duration.ofDays(30).toSeconds()) * 1000;
    } catch (NumberFormatException notSeconds) {
      try {
        long at =
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()
                .toEpochMilli();
        return Math.max(0, at - nowMillis);
      } catch (DateTimeParseException notDate) {
        return -1;
      }
    }
  }
}
