package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.store.IdempotencyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for the message endpoints, per organization, session and key, kept 24
 * hours in the server's database (so a retry after a restart is still recognised). The first
 * request claims the key; its accepted (2xx) answer is stored and replayed, byte for byte, to a
 * repeated request, which sends nothing. An error answer releases the key, so a retry acts. The
 * same key with another request is 409 {@code conflict} ({@code details.reason =
 * idempotency_key_reused}); while the first request still runs, 409 with {@code
 * idempotency_key_in_use}. A claim left unanswered by a process that stopped mid-request holds the
 * key for {@link #IN_PROGRESS_LEASE} at most.
 */
final class Idempotency {
  static final String HEADER = "Idempotency-Key";
  static final Duration RETENTION = Duration.ofHours(24);

  /**
   * How long a claim without an answer holds its key: far longer than a request takes to be
   * accepted (media bytes are read before the claim), so an older one was left by a process that
   * stopped mid-request, and a retry may act.
   */
  static final Duration IN_PROGRESS_LEASE = Duration.ofMinutes(2);

  private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

  private final IdempotencyStore store;
  private final Clock clock;
  private volatile long lastPrune;

  Idempotency(IdempotencyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The header's key: 1-255 printable ASCII characters, or null when absent. */
  static String key(String header) {
    if (header == null) {
      return null;
    }
    boolean printable = !header.isEmpty() && header.length() <= 255;
    for (int i = 0; printable && i < header.length(); i++) {
      char c = header.charAt(i);
      printable = c >= 0x20 && c <= 0x7e;
    }
    if (!printable) {
      throw ApiException.validation(HEADER, HEADER + " must be 1-255 printable ASCII characters");
    }
    return header;
  }

  /** Runs {@code action} once per key; a repeat gets the first answer. */
  Reply run(
      String orgId, String sessionId, String key, String fingerprint, Supplier<Reply> action) {
    if (key == null) {
      return action.get();
    }
    long now = clock.millis();
    prune(now);
    Optional<IdempotencyStore.Entry> existing =
        store.claim(
            orgId,
            sessionId,
            key,
            fingerprint,
            now,
            now - RETENTION.toMillis(),
            now - IN_PROGRESS_LEASE.toMillis());
    if (existing.isPresent()) {
      IdempotencyStore.Entry e = existing.get();
      if (!e.requestHash().equals(fingerprint)) {
        throw new ApiException(
            ApiError.CONFLICT,
            "this Idempotency-Key was used with a different request",
            Map.of("reason", "idempotency_key_reused", "field", HEADER));
      }
      if (!e.answered()) {
        throw new ApiException(
            ApiError.CONFLICT,
            "a request with this Idempotency-Key is still in progress",
            Map.of("reason", "idempotency_key_in_use", "field", HEADER));
      }
      return new Reply(
          e.status(), "application/json", e.body(), Map.of("Idempotent-Replayed", "true"));
    }
    Reply reply;
    try {
      reply = action.get();
    } catch (RuntimeException | Error t) {
      store.release(orgId, sessionId, key);
      throw t;
    }
    if (reply.status() >= 200 && reply.status() < 300) {
      store.answer(orgId, sessionId, key, reply.status(), reply.body());
    } else {
      store.release(orgId, sessionId, key);
    }
    return reply;
  }

  private void prune(long now) {
    if (now - lastPrune < PRUNE_EVERY.toMillis()) {
      return;
    }
    lastPrune = now;
    store.deleteOlderThan(now - RETENTION.toMillis());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
