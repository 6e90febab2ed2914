package dev.wagateway.egress;

import java.time.Duration;

/** A point in monotonic time by which a proxy handshake must be done. */
final class Deadline {
  /** Used when the caller passes no timeout (null, zero or negative): we never wait unbounded. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final long deadlineNanos;
  private final long budgetMillis;

  private Deadline(long deadlineNanos, long budgetMillis) {
    this.deadlineNanos = deadlineNanos;
    this.budgetMillis = budgetMillis;
  }

  static Deadline after(Duration timeout) {
    Duration t =
        (timeout == null || timeout.isZero() || timeout.isNegative()) ? DEFAULT_TIMEOUT : timeout;
    long millis = Math.max(1, Math.min(Integer.MAX_VALUE, t.toMillis()));
    return new Deadline(System.nanoTime() + millis * 1_000_000L, millis);
  }

  /** The whole budget in milliseconds, for messages. */
  long budgetMillis() {
    return budgetMillis;
  }

  /** Milliseconds left, at least 1 while time remains; 0 when the deadline has passed. */
  int remainingMillis() {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return 0;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000L));
  }
}
