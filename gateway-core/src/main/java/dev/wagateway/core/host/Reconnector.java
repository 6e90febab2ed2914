package dev.wagateway.core.host;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * When to reconnect: exponential backoff with jitter for consecutive failures, capped, without end,
 * and a reconnect-loop detector (more than {@code loopAttempts} reconnects within {@code
 * loopWindow} without reaching ready) that marks the session degraded once per period but never
 * stops the retries (whatsmeow keeps reconnecting too, {@code client.go} autoReconnect). Reaching
 * ready resets both. Not thread-safe: one session's serial executor owns it.
 */
final class Reconnector {
  private final Duration base;
  private final Duration max;
  private final double jitter;
  private final int loopAttempts;
  private final Duration loopWindow;
  private final Random random;
  private final ArrayDeque<Instant> attempts = new ArrayDeque<>();
  private int consecutiveFailures;
  private boolean degraded;

  Reconnector(
      Duration base,
      Duration max,
      double jitter,
      int loopAttempts,
      Duration loopWindow,
      Random random) {
    this.base = base;
    this.max = max;
    this.jitter = jitter;
    this.loopAttempts = loopAttempts;
    this.loopWindow = loopWindow;
    this.random = random;
  }

  /**
   * Records a reconnect at {@code now}.
   *
   * @return true when this reconnect starts a degraded period: more than the allowed reconnects
   *     inside the window, for the first time since the last ready
   */
  boolean recordAttempt(Instant now) {
    attempts.addLast(now);
    Instant oldest = now.minus(loopWindow);
    while (!attempts.isEmpty() && attempts.peekFirst().isBefore(oldest)) {
      attempts.removeFirst();
    }
    if (degraded || attempts.size() <= loopAttempts) {
      return false;
    }
    degraded = true;
    return true;
  }

  /** Whether the session is in a degraded period (a loop was seen since the last ready). */
  boolean degraded() {
    return degraded;
  }

  /** How many reconnects are in the current window. */
  int attemptsInWindow() {
    return attempts.size();
  }

  /** The delay before the next retry after one more failure. */
  Duration nextDelay() {
    consecutiveFailures++;
    return delay(consecutiveFailures, random.nextDouble());
  }

  /**
   * The delay of the {@code n}-th consecutive retry for a random draw {@code u} in [0, 1): {@code
   * min(max, base × 2^(n-1)) × (1 - jitter × u)}.
   */
  Duration delay(int n, double u) {
    int shift = Math.min(Math.max(n - 1, 0), 30);
    long ceiling = base.toMillis() << shift;
    if (ceiling <= 0 || ceiling > max.toMillis()) {
      ceiling = max.toMillis();
    }
    long millis = Math.round(ceiling * (1.0 - jitter * u));
    return Duration.ofMillis(Math.max(millis, 0));
  }

  /** The session reached ready: the backoff, the loop window and the degraded period end. */
  void reset() {
    attempts.clear();
    consecutiveFailures = 0;
    degraded = false;
  }

  Duration loopWindow() {
    return loopWindow;
  }
}
