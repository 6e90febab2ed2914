package dev.wagateway.server.internal.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.server.internal.error.ApiException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AuthThrottle throttle = new AuthThrottle(3, now::get);

  @Test
  void overTheLimitUntilTheWindowEndsThenFree() {
    for (int i = 0; i < 3; i++) {
      throttle.check("10.0.0.1");
      throttle.failed("10.0.0.1");
    }
    now.addAndGet(TimeUnit.SECONDS.toNanos(20));
    ApiException e = assertThrows(ApiException.class, () -> throttle.check("10.0.0.1"));
    assertEquals(429, e.status());
    assertEquals(40, e.retryAfterSeconds());
    assertDoesNotThrow(() -> throttle.check("10.0.0.2"));
    assertEquals(1, throttle.throttledCount());

    now.addAndGet(TimeUnit.SECONDS.toNanos(40));
    assertDoesNotThrow(() -> throttle.check("10.0.0.1"));
    throttle.failed("10.0.0.1");
    assertDoesNotThrow(() -> throttle.check("10.0.0.1"));
    assertEquals(1, throttle.throttledCount());
  }
}
