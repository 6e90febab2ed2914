package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Reconnector reconnector(double jitter, int attempts, Duration window, long seed) {
    return new Reconnector(
        Duration.ofSeconds(1), Duration.ofSeconds(60), jitter, attempts, window, new Random(seed));
  }

  @Test
  void backoffDoublesUpToTheCap() {
    Reconnector r = reconnector(0, 5, Duration.ofMinutes(1), 1);
    assertEquals(Duration.ofSeconds(1), r.delay(1, 0.7));
    assertEquals(Duration.ofSeconds(2), r.delay(2, 0.7));
    assertEquals(Duration.ofSeconds(4), r.delay(3, 0.7));
    assertEquals(Duration.ofSeconds(32), r.delay(6, 0.7));
    assertEquals(Duration.ofSeconds(60), r.delay(7, 0.7));
    assertEquals(Duration.ofSeconds(60), r.delay(60, 0.7));
  }

  @Test
  void jitterTakesOffAtMostItsFraction() {
    Reconnector r = reconnector(0.3, 5, Duration.ofMinutes(1), 1);
    assertEquals(Duration.ofMillis(4000), r.delay(3, 0.0));
    assertEquals(Duration.ofMillis(2800), r.delay(3, 1.0));
    assertEquals(Duration.ofMillis(3400), r.delay(3, 0.5));
  }

  @Test
  void drawnDelaysStayInsideTheirBounds() {
    Reconnector r = reconnector(0.3, 1000, Duration.ofMinutes(1), 42);
    boolean sawJitter = false;
    for (int n = 1; n <= 12; n++) {
      long ceiling = Math.min(60_000L, 1000L << (n - 1));
      long d = r.nextDelay().toMillis();
      assertTrue(d <= ceiling, "delay " + d + " above " + ceiling);
      assertTrue(d >= Math.round(ceiling * 0.7), "delay " + d + " below the jitter floor");
      sawJitter |= d != ceiling;
    }
    assertTrue(sawJitter);
    r.reset();
    assertTrue(r.nextDelay().toMillis() <= 1000);
  }

  @Test
  void moreAttemptsThanAllowedInsideTheWindowStartsOneDegradedPeriod() {
    Reconnector r = reconnector(0.3, 3, Duration.ofSeconds(60), 1);
    assertFalse(r.recordAttempt(T0));
    assertFalse(r.recordAttempt(T0.plusSeconds(10)));
    assertFalse(r.recordAttempt(T0.plusSeconds(20)));
    assertFalse(r.degraded());
    assertTrue(r.recordAttempt(T0.plusSeconds(30)), "the fourth inside the window starts it");
    assertTrue(r.degraded());
    // reported once per period: later attempts inside or outside the window do not start another
    assertFalse(r.recordAttempt(T0.plusSeconds(31)));
    assertFalse(r.recordAttempt(T0.plusSeconds(500)));
    assertTrue(r.degraded());
  }

  @Test
  void attemptsOutsideTheWindowDoNotCount() {
    Reconnector r = reconnector(0.3, 3, Duration.ofSeconds(60), 1);
    assertFalse(r.recordAttempt(T0));
    assertFalse(r.recordAttempt(T0.plusSeconds(30)));
    assertFalse(r.recordAttempt(T0.plusSeconds(50)));
    assertFalse(r.recordAttempt(T0.plusSeconds(70)));
    assertEquals(3, r.attemptsInWindow());
    assertTrue(r.recordAttempt(T0.plusSeconds(80)));
  }

  @Test
  void readyEndsTheDegradedPeriodAndTheWindow() {
    Reconnector r = reconnector(0.3, 2, Duration.ofSeconds(60), 1);
    assertFalse(r.recordAttempt(T0));
    assertFalse(r.recordAttempt(T0.plusSeconds(1)));
    assertTrue(r.recordAttempt(T0.plusSeconds(2)));
    r.reset();
    assertFalse(r.degraded());
    assertFalse(r.recordAttempt(T0.plusSeconds(3)));
    assertFalse(r.recordAttempt(T0.plusSeconds(4)));
    assertTrue(r.recordAttempt(T0.plusSeconds(5)), "a new loop after ready is a new period");
  }

  @Test
  void aTenMinuteOutageKeepsRetryingAtTheCap() {
    // the production defaults: 1 s .. 60 s, 30 % jitter, 8 reconnects in 5 min
    Reconnector r = reconnector(0.3, 8, Duration.ofMinutes(5), 7);
    Instant now = T0;
    int attempts = 0;
    int periods = 0;
    long longest = 0;
    while (now.isBefore(T0.plus(Duration.ofMinutes(10)))) {
      if (r.recordAttempt(now)) {
        periods++;
      }
      Duration delay = r.nextDelay();
      longest = Math.max(longest, delay.toMillis());
      now = now.plus(delay);
      attempts++;
    }
    assertEquals(1, periods, "one degraded period for the whole outage");
    assertTrue(attempts > 8, "more attempts than the old loop limit: " + attempts);
    assertTrue(longest <= 60_000, "capped at 60 s: " + longest);
    assertTrue(r.nextDelay().toMillis() >= 42_000, "still retrying at the cap, not given up");
  }
}
