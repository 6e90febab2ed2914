package dev.wagateway.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-request timeouts. {@code call} bounds a whole call including redirects and body; zero means
 * none. Retries each get a fresh timeout.
 *
 * @param connect TCP and TLS connect
 * @param read longest wait for bytes of an answer
 * @param write longest wait to send bytes of a request
 * @param call whole call, or {@link Duration#ZERO} for none
 */
public record Timeouts(Duration connect, Duration read, Duration write, Duration call) {
  /** 10 s connect, 30 s read and write, no call limit. */
  public static final Timeouts DEFAULT =
      new Timeouts(
          Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ZERO);

  public Timeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(write, "write");
    Objects.requireNonNull(call, "call");
    for (Duration d : new Duration[] {connect, read, write, call}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("timeouts must not be negative: " + d);
      }
    }
  }

  /** The same limit for connect, read and write, no call limit. */
  public static Timeouts of(Duration each) {
    return new Timeouts(each, each, each, Duration.ZERO);
  }
}
