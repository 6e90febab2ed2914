package dev.wagateway.core.host;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * When to reconnect, and when to stop: exponential backoff with jitter for consecutive failures,
 * and a reconnect-loop detector (more than {@code loopAttempts} reconnects within {@code
 * loopWindow} without reaching ready). Reaching ready resets both. Not thread-safe: one session's
 * serial executor owns it.
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
   * @return true when this makes a loop: more than the allowed reconnects inside the window
   */
  boolean recordAttempt(Instant now) {
    attempts.addLast(now);
    Instant oldest = now.minus(loopWindow);
    while (!attempts.isEmpty() && attempts.peekFirst().isBefore(oldest)) {
      attempts.removeFirst();
    }
    return attempts.size() > loopAttempts;
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

  /** The session reached ready: the backoff and the loop window start over. */
  void reset() {
    attempts.clear();
    consecutiveFailures = 0;
  }

  Duration loopWindow() {
    return loopWindow;
  }
}
