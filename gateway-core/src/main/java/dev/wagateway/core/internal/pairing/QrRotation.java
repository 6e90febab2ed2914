package dev.wagateway.core.internal.pairing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which QR ref to show when, for one unregistered connection (docs/protocol/pairing.md §2.4, §2.5).
 * The server sends all refs in one {@code pair-device} iq; the first is shown for {@link
 * #FIRST_REF_TTL} and each later one for {@link #NEXT_REF_TTL}. When they run out the connection is
 * given up ({@link #EXHAUSTED_STATUS}, "{@value #EXHAUSTED_REASON}"); a new connection gets fresh
 * refs.
 *
 * <p>Not thread-safe: the session's event loop owns it.
 */
public final class QrRotation {
  /** How long the first ref is shown. */
  public static final Duration FIRST_REF_TTL = Duration.ofSeconds(60);

  /** How long each later ref is shown. */
  public static final Duration NEXT_REF_TTL = Duration.ofSeconds(20);

  /** Status a session reports when the refs ran out (Baileys' close code, HTTP "timeout"). */
  public static final int EXHAUSTED_STATUS = 408;

  /** Reason a session reports when the refs ran out. */
  public static final String EXHAUSTED_REASON = "QR refs attempts ended";

  /** One ref to show, its position (0-based) and until when. */
  public record Shown(String ref, int index, Instant expiresAt) {}

  private final List<String> refs;
  private final Duration firstTtl;
  private final Duration nextTtl;
  private int next;

  /** Rotation with the standard timing (60 s, then 20 s each). */
  public QrRotation(List<String> refs) {
    this(refs, FIRST_REF_TTL, NEXT_REF_TTL);
  }

  /**
   * Rotation with explicit timing.
   *
   * @throws IllegalArgumentException if there are no refs, a ref is empty, or a duration is not
   *     positive
   */
  public QrRotation(List<String> refs, Duration firstTtl, Duration nextTtl) {
    if (refs == null || refs.isEmpty()) {
      throw new IllegalArgumentException("pair-device carried no refs");
    }
    for (String ref : refs) {
      if (ref == null || ref.isEmpty()) {
        throw new IllegalArgumentException("pair-device carried an empty ref");
      }
    }
    if (firstTtl.isNegative() || firstTtl.isZero() || nextTtl.isNegative() || nextTtl.isZero()) {
      throw new IllegalArgumentException("QR display times must be positive");
    }
    this.refs = List.copyOf(refs);
    this.firstTtl = firstTtl;
    this.nextTtl = nextTtl;
  }

  /**
   * The next ref, shown from {@code now} until the returned expiry; empty once every ref has been
   * handed out (then the session gives up with {@link #EXHAUSTED_STATUS}).
   */
  public Optional<Shown> next(Instant now) {
    if (next >= refs.size()) {
      return Optional.empty();
    }
    int index = next++;
    Duration ttl = index == 0 ? firstTtl : nextTtl;
    return Optional.of(new Shown(refs.get(index), index, now.plus(ttl)));
  }

  /** True once every ref has been handed out. */
  public boolean exhausted() {
    return next >= refs.size();
  }

  /** Refs not yet handed out. */
  public int remaining() {
    return refs.size() - next;
  }

  /** How long all refs last together: first + (n - 1) × next, e.g. 160 s for six refs. */
  public Duration totalLifetime() {
    return firstTtl.plus(nextTtl.multipliedBy(refs.size() - 1L));
  }
}
