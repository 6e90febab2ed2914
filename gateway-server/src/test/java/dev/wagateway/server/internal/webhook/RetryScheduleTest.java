package dev.wagateway.server.internal.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Backoff steps, jitter bounds and Retry-After parsing. */
class RetryScheduleTest {
  @Test
  void doublesFromFiveSecondsUpToAnHourWithJitterInTheUpperHalf() {
    RetrySchedule low = new RetrySchedule(() -> 0.0);
    RetrySchedule high = new RetrySchedule(() -> 0.999_999);
    assertEquals(2_500, low.delayMillis(1, -1));
    assertEquals(4_999, high.delayMillis(1, -1));
    assertEquals(5_000, low.delayMillis(2, -1));
    assertEquals(40_000, low.delayMillis(5, -1));
    assertEquals(1_800_000, low.delayMillis(12, -1));
    assertEquals(1_800_000, low.delayMillis(1_000, -1));
  }

  @Test
  void retryAfterIsAFloorNotACeiling() {
    RetrySchedule r = new RetrySchedule(() -> 0.0);
    assertEquals(120_000, r.delayMillis(1, 120_000));
    assertEquals(2_500, r.delayMillis(1, 1_000));
  }

  @Test
  void parsesSecondsAndHttpDates() {
    long now = Instant.parse("2026-12-08T00:00:00Z").toEpochMilli();
    assertEquals(30_000, RetrySchedule.retryAfterMillis("30", now));
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.parse("2026-12-08T00:01:00Z").atZone(ZoneOffset.UTC));
    assertEquals(60_000, RetrySchedule.retryAfterMillis(date, now));
    assertEquals(-1, RetrySchedule.retryAfterMillis("soon", now));
    assertEquals(-1, RetrySchedule.retryAfterMillis("-5", now));
    assertEquals(-1, RetrySchedule.retryAfterMillis(null, now));
  }
}
