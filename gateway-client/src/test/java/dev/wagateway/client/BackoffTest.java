package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void retryAfterSecondsAndDates() {
    assertEquals(Duration.ofSeconds(30), Backoff.parseRetryAfter(" 30 ", NOW));
    assertEquals(Duration.ZERO, Backoff.parseRetryAfter("0", NOW));
    assertEquals(
        Duration.ofSeconds(90), Backoff.parseRetryAfter("Thu, 01 Jan 2026 00:01:30 GMT", NOW));
    assertEquals(Duration.ZERO, Backoff.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", NOW));
    assertNull(Backoff.parseRetryAfter("soon", NOW));
    assertNull(Backoff.parseRetryAfter("-5", NOW));
    assertNull(Backoff.parseRetryAfter(null, NOW));
    assertNull(Backoff.parseRetryAfter("99999999999999999999999", NOW));
  }

  @Test
  void exponentialStaysWithinHalfAndFullOfTheCappedStep() {
    Random random = new Random(1);
    for (int attempt = 0; attempt < 80; attempt++) {
      long full = Math.min(10_000, attempt < 20 ? 100L << attempt : Long.MAX_VALUE);
      for (int i = 0; i < 50; i++) {
        long ms =
            Backoff.exponential(attempt, Duration.ofMillis(100), Duration.ofSeconds(10), random)
                .toMillis();
        assertTrue(ms >= full / 2 && ms <= full, "attempt " + attempt + ": " + ms);
      }
    }
    assertEquals(Duration.ZERO, Backoff.exponential(3, Duration.ZERO, Duration.ZERO, random));
  }
}
