package dev.wagateway.server.internal.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.MutableClock;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.store.IdempotencyStore;
import dev.wagateway.server.internal.store.ServerDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotencyTest {
  @TempDir Path dir;

  private SqliteStore store;
  private IdempotencyStore keys;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private Idempotency idempotency;
  private final AtomicInteger acted = new AtomicInteger();

  @BeforeEach
  void open() {
    store = Stores.sqlite(dir);
    keys = new IdempotencyStore(ServerDb.open(store, 0));
    idempotency = new Idempotency(keys, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Reply accepted() {
    int n = acted.incrementAndGet();
    return new Reply(
        202, "application/json", ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Test
  void theFirstAcceptedAnswerIsReplayedUntilTheKeyExpires() {
    Reply first = idempotency.run("org", "s1", "k", "h1", this::accepted);
    Reply again = idempotency.run("org", "s1", "k", "h1", this::accepted);
    assertEquals(1, acted.get());
    assertEquals(202, again.status());
    assertArrayEquals(first.body(), again.body());
    assertEquals("true", again.headers().get("Idempotent-Replayed"));

    idempotency.run("org", "s2", "k", "h1", this::accepted);
    idempotency.run("other-org", "s1", "k", "h1", this::accepted);
    assertEquals(3, acted.get(), "keys are per organization and session");

    clock.advance(Duration.ofHours(24).plusMillis(1));
    Reply later = idempotency.run("org", "s1", "k", "h1", this::accepted);
    assertEquals(4, acted.get(), "an expired key acts again");
    assertEquals("{\"n\":4}", new String(later.body(), StandardCharsets.UTF_8));
  }

  @Test
  void aDifferentRequestOrOneStillRunningIsAConflict() {
    idempotency.run("org", "s1", "k", "h1", this::accepted);
    ApiException reused =
        assertThrows(
            ApiException.class, () -> idempotency.run("org", "s1", "k", "h2", this::accepted));
    assertEquals(409, reused.status());
    assertEquals("idempotency_key_reused", reused.details().get("reason"));

    long now = clock.millis();
    keys.claim("org", "s1", "busy", "h1", now, now - 1000, now - 1000);
    ApiException inUse =
        assertThrows(
            ApiException.class, () -> idempotency.run("org", "s1", "busy", "h1", this::accepted));
    assertEquals("idempotency_key_in_use", inUse.details().get("reason"));
    assertEquals(1, acted.get());
  }

  @Test
  void aClaimLeftUnansweredByAStoppedProcessIsTakenOverAfterTheLease() {
    long then = clock.millis();
    keys.claim("org", "s1", "orphan", "h1", then, then - 1000, then - 1000);
    clock.advance(Idempotency.IN_PROGRESS_LEASE.minusMillis(1));
    ApiException inUse =
        assertThrows(
            ApiException.class, () -> idempotency.run("org", "s1", "orphan", "h1", this::accepted));
    assertEquals("idempotency_key_in_use", inUse.details().get("reason"));
    assertEquals(0, acted.get());

    clock.advance(Duration.ofMillis(2));
    Reply taken = idempotency.run("org", "s1", "orphan", "h1", this::accepted);
    assertEquals(202, taken.status());
    Reply replayed = idempotency.run("org", "s1", "orphan", "h1", this::accepted);
    assertArrayEquals(taken.body(), replayed.body());
    assertEquals(1, acted.get(), "the answered claim is replayed, not taken over again");
  }

  @Test
  void anErrorReleasesTheKeySoTheRetryActs() {
    assertThrows(
        ApiException.class,
        () ->
            idempotency.run(
                "org",
                "s1",
                "k",
                "h1",
                () -> {
                  throw ApiException.conflict("not connected");
                }));
    Reply refused = idempotency.run("org", "s1", "k2", "h1", () -> Reply.json(409, Map.of("x", 1)));
    assertEquals(409, refused.status());
    idempotency.run("org", "s1", "k", "h1", this::accepted);
    idempotency.run("org", "s1", "k2", "h1", this::accepted);
    assertEquals(2, acted.get());
  }

  @Test
  void keysMustBePrintableAsciiUpTo255() {
    assertEquals("order-1 x", Idempotency.key("order-1 x"));
    assertEquals(null, Idempotency.key(null));
    for (String bad : new String[] {"", "k".repeat(256), "tab\there", "caf\u00e9"}) {
      ApiException e = assertThrows(ApiException.class, () -> Idempotency.key(bad));
      assertEquals("Idempotency-Key", e.details().get("field"));
    }
  }
}
