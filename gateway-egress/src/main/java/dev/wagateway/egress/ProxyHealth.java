package dev.wagateway.egress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which proxies failed recently. A proxy is unhealthy from a failed connect until a cool-down has
 * passed; then it is eligible again (the next connect through it is the retry), and a successful
 * connect clears it. Thread-safe.
 */
final class ProxyHealth {
  private final Clock clock;
  private final Duration coolDown;
  private final Map<String, Instant> unhealthyUntil = new ConcurrentHashMap<>();

  public ProxyHealth(Clock clock, Duration coolDown) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.coolDown = Objects.requireNonNull(coolDown, "coolDown");
    if (coolDown.isNegative()) {
      throw new IllegalArgumentException("coolDown can't be negative");
    }
  }

  public boolean isHealthy(String proxyId) {
    Instant until = unhealthyUntil.get(proxyId);
    return until == null || !clock.instant().isBefore(until);
  }

  /** Marks a failed connect; returns when the proxy becomes eligible again. */
  public Instant markFailed(String proxyId) {
    Instant until = clock.instant().plus(coolDown);
    unhealthyUntil.put(proxyId, until);
    return until;
  }

  public void markHealthy(String proxyId) {
    unhealthyUntil.remove(proxyId);
  }

  /** When an unhealthy proxy becomes eligible again; empty when it is healthy. */
  public Optional<Instant> retryAt(String proxyId) {
    return isHealthy(proxyId) ? Optional.empty() : Optional.ofNullable(unhealthyUntil.get(proxyId));
  }
}
