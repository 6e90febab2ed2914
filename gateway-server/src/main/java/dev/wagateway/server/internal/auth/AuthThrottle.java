package dev.wagateway.server.internal.auth;

import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Throttles failed authentication per source address: after {@code perMinute} failures within a
 * one-minute window, the address's requests that need a credential are 429 {@code rate_limited}
 * with Retry-After until the window ends, before any credential is checked. Only failures count, so
 * a valid key is never slowed, and another address is never affected. {@link #throttledCount()}
 * counts the refused attempts for a metric.
 */
public final class AuthThrottle {
  /** Addresses tracked before expired windows are swept, bounding memory under a spray. */
  private static final int SWEEP_AT = 10_000;

  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final int perMinute;
  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final AtomicLong throttled = new AtomicLong();

  public AuthThrottle(int perMinute, LongSupplier nanoClock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be positive");
    }
    this.perMinute = perMinute;
    this.nanoClock = nanoClock;
  }

  /** Refuses {@code address} while it is over its failures; counts each refusal. */
  public void check(String address) {
    Window w = windows.get(address);
    if (w == null) {
      return;
    }
    long retryAfterNanos;
    synchronized (w) {
      long now = nanoClock.getAsLong();
      if (now - w.start >= WINDOW_NANOS || w.failures < perMinute) {
        return;
      }
      retryAfterNanos = w.start + WINDOW_NANOS - now;
    }
    throttled.incrementAndGet();
    throw new ApiException(
        ApiError.RATE_LIMITED,
        "too many failed authentications from this address",
        Map.of("reason", "authentication_failures"),
        Math.max(1, TimeUnit.NANOSECONDS.toSeconds(retryAfterNanos + 999_999_999L)));
  }

  /** Records a failed authentication from {@code address}. */
  public void failed(String address) {
    if (windows.size() >= SWEEP_AT) {
      sweep();
    }
    Window w = windows.computeIfAbsent(address, a -> new Window(nanoClock.getAsLong()));
    synchronized (w) {
      long now = nanoClock.getAsLong();
      if (now - w.start >= WINDOW_NANOS) {
        w.start = now;
        w.failures = 0;
      }
      w.failures++;
    }
  }

  /** Requests refused by this throttle since the server started. */
  public long throttledCount() {
    return throttled.get();
  }

  private void sweep() {
    long now = nanoClock.getAsLong();
    windows.entrySet().removeIf(e -> now - e.getValue().startAt() >= WINDOW_NANOS);
  }

  private static final class Window {
    long start;
    int failures;

    Window(long start) {
      this.start = start;
    }

    synchronized long startAt() {
      return start;
    }
  }
}
