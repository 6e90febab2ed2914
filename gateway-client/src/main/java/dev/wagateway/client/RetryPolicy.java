package dev.wagateway.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How idempotent calls are retried when the server answers 429 or 503. The wait is the server's
 * {@code Retry-After} when present (a call whose {@code Retry-After} exceeds {@code maxDelay} is
 * not retried), otherwise exponential backoff with jitter: attempt {@code n} (from 0) waits a
 * random time between half and all of {@code min(maxDelay, initialDelay * 2^n)}. Calls that are not
 * idempotent (POST without {@code x-idempotent} or an {@code Idempotency-Key}) are never retried.
 *
 * @param maxRetries retries after the first attempt; 0 disables retries
 * @param initialDelay backoff base
 * @param maxDelay cap of one wait
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {
  /** Three retries, 250 ms base, 10 s cap. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(10));

  /** Never retry. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxRetries < 0 || initialDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("retry policy values must not be negative");
    }
  }
}
