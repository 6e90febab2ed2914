package dev.wagateway.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/** Retry waits: {@code Retry-After} parsing and exponential backoff with jitter. */
final class Backoff {
  private Backoff() {}

  /**
   * The wait before retry number {@code attempt} (from 0): a random time between half and all of
   * {@code min(max, initial * 2^attempt)}.
   */
  static Duration exponential(int attempt, Duration initial, Duration max, RandomGenerator random) {
    long cap = max.toMillis();
    long base = initial.toMillis();
    long full = cap;
    if (attempt < 62) {
      try {
        full = Math.min(cap, Math.multiplyExact(base, 1L << attempt));
      } catch (ArithmeticException overflow) {
        full = cap;
      }
    }
    if (full <= 0) {
      return Duration.ZERO;
    }
    long half = full / 2;
    return Duration.ofMillis(half + random.nextLong(full - half + 1));
  }

  /**
   * The delay a {@code Retry-After} header asks for: delta-seconds or an HTTP-date (relative to
   * {@code now}). Null when absent or unparsable; never negative.
   */
  static Duration parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
