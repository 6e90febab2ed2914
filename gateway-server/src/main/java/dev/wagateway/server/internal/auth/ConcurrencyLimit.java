package dev.wagateway.server.internal.auth;

import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the requests one credential has in progress at once; one more is 429 {@code rate_limited}
 * ({@code details.reason = too_many_concurrent_requests}) with Retry-After. Every successful {@link
 * #acquire} is paired with one {@link #release} when the response completes.
 */
public final class ConcurrencyLimit {
  private final int perKey;
  private final Map<String, int[]> inFlight = new ConcurrentHashMap<>();

  public ConcurrencyLimit(int perKey) {
    if (perKey < 1) {
      throw new IllegalArgumentException("perKey must be positive");
    }
    this.perKey = perKey;
  }

  public void acquire(String key) {
    boolean[] admitted = new boolean[1];
    inFlight.compute(
        key,
        (k, count) -> {
          int[] c = count == null ? new int[1] : count;
          if (c[0] < perKey) {
            c[0]++;
            admitted[0] = true;
          }
          return c;
        });
    if (!admitted[0]) {
      throw new ApiException(
          ApiError.RATE_LIMITED,
          "too many concurrent requests for this credential (at most " + perKey + ")",
          Map.of("reason", "too_many_concurrent_requests", "limit", perKey),
          1);
    }
  }

  public void release(String key) {
    inFlight.computeIfPresent(key, (k, c) -> --c[0] <= 0 ? null : c);
  }

  /** Requests in progress for {@code key}, for tests. */
  int inFlight(String key) {
    int[] c = inFlight.get(key);
    return c == null ? 0 : c[0];
  }
}
