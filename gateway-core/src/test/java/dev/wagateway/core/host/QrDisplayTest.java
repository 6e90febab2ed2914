package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wagateway.core.QrCode;
import dev.wagateway.core.internal.pairing.QrRotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QrDisplayTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualScheduler scheduler = new ManualScheduler(T0);
  private final List<QrCode> shown = new ArrayList<>();
  private final AtomicInteger exhausted = new AtomicInteger();

  private QrDisplay display(List<String> refs, Duration first, Duration next) {
    return new QrDisplay(
        new QrRotation(refs, first, next),
        ref -> "code:" + ref,
        scheduler.clock(),
        scheduler,
        Runnable::run,
        shown::add,
        exhausted::incrementAndGet);
  }

  @Test
  void firstRefShowsSixtySecondsThenTwentyEachThenTimesOut() {
    QrDisplay qr =
        display(List.of("r1", "r2", "r3"), Duration.ofSeconds(60), Duration.ofSeconds(20));
    qr.advance();
    assertEquals(1, shown.size());
    assertEquals("code:r1", shown.get(0).code());
    assertEquals(T0.plusSeconds(60), shown.get(0).expiresAt());
    assertEquals("code:r1", qr.current().code());

    scheduler.advance(Duration.ofSeconds(59));
    assertEquals(1, shown.size());
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(2, shown.size());
    assertEquals("code:r2", shown.get(1).code());
    assertEquals(T0.plusSeconds(80), shown.get(1).expiresAt());

    scheduler.advance(Duration.ofSeconds(20));
    assertEquals("code:r3", shown.get(2).code());
    assertEquals(T0.plusSeconds(100), shown.get(2).expiresAt());
    assertEquals(0, exhausted.get());

    scheduler.advance(Duration.ofSeconds(19));
    assertEquals(0, exhausted.get());
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(1, exhausted.get());
    assertEquals(3, shown.size());
    assertNull(qr.current());
    assertEquals(0, scheduler.pending());
  }

  @Test
  void stopCancelsTheRotation() {
    QrDisplay qr = display(List.of("r1", "r2"), Duration.ofSeconds(5), Duration.ofSeconds(5));
    qr.advance();
    qr.stop();
    scheduler.advance(Duration.ofMinutes(5));
    assertEquals(1, shown.size());
    assertEquals(0, exhausted.get());
    assertNull(qr.current());
  }

  @Test
  void configuredTtlsAreUsed() {
    QrDisplay qr = display(List.of("a", "b"), Duration.ofMillis(300), Duration.ofMillis(100));
    qr.advance();
    scheduler.advance(Duration.ofMillis(300));
    assertEquals(T0.plusMillis(400), shown.get(1).expiresAt());
    scheduler.advance(Duration.ofMillis(100));
    assertEquals(1, exhausted.get());
  }
}
