package dev.wagateway.server.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.MutableClock;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.server.internal.events.EventLog.StoredEvent;
import dev.wagateway.server.internal.store.ServerDb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persisted event log: ids across reopen, filtered replay, pruning bounds, queue overflow. */
class SqliteEventLogTest {
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_800_000_000_000L));
  private SqliteStore store;
  private ServerDb db;

  @BeforeEach
  void open() {
    store = Stores.sqlite(dir);
    db = ServerDb.open(store, clock.millis());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private SqliteEventLog log(int maxPerOrg, Duration maxAge, int queue) {
    return SqliteEventLog.open(
        db, clock, new SqliteEventLog.Settings(maxPerOrg, maxAge, queue, 3, Duration.ofDays(1)));
  }

  private static StoredEvent append(EventLog log, String org, String session, String type) {
    return log.append(
        org, session, type, id -> "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"}");
  }

  private long rows(String org) {
    return db.read(
        "count",
        c ->
            ServerDb.queryOne(
                    c,
                    "SELECT COUNT(*) FROM server_events WHERE org_id = ?",
                    rs -> rs.getLong(1),
                    org)
                .orElseThrow());
  }

  private static List<Long> ids(List<StoredEvent> events) {
    return events.stream().map(StoredEvent::id).toList();
  }

  @Test
  void idsKeepIncreasingAcrossReopenAndStoredEventsReplay() {
    SqliteEventLog first = log(100, Duration.ofHours(1), 100);
    StoredEvent a = append(first, "org", "s1", "auth.qr");
    StoredEvent b = append(first, "org", "s1", "session.status");
    assertEquals(a.id() + 1, b.id());
    assertEquals(b.id(), first.lastId());
    first.close();
    // events appended after close are not stored, and counted
    append(first, "org", "s1", "auth.qr");
    assertEquals(1, first.notStoredCount());

    SqliteEventLog second = log(100, Duration.ofHours(1), 100);
    StoredEvent c = append(second, "org", "s1", "auth.qr");
    assertTrue(c.id() > b.id() + 1, "ids continue after the reserved range: " + c.id());
    List<StoredEvent> replay =
        second.after(new EventFilter("org", null, Set.of()), 0, second.lastId(), 100);
    assertEquals(List.of(a.id(), b.id(), c.id()), ids(replay));
    assertEquals(a, replay.get(0));
    // nothing was pruned or lost while the log was open
    assertFalse(second.missed("org", 0));
    assertFalse(second.missed("other", 0));
    second.close();
    assertEquals(3, rows("org"));
  }

  @Test
  void replayFiltersByOrgSessionTypesAndRange() {
    SqliteEventLog log = log(100, Duration.ofHours(1), 100);
    long e1 = append(log, "org", "s1", "auth.qr").id();
    append(log, "other", "s1", "auth.qr");
    long e3 = append(log, "org", "s2", "auth.qr").id();
    long e4 = append(log, "org", "s1", "session.status").id();
    long e5 = append(log, "org", "s1", "auth.paired").id();
    // some may still be unwritten: replay merges memory and table either way
    assertEquals(
        List.of(e1, e4, e5), ids(log.after(new EventFilter("org", "s1", Set.of()), 0, e5, 10)));
    assertEquals(
        List.of(e1, e3),
        ids(log.after(new EventFilter("org", null, Set.of("auth.qr")), 0, e5, 10)));
    assertEquals(
        List.of(e4, e5),
        ids(
            log.after(
                new EventFilter("org", "s1", Set.of("session.status", "auth.paired")),
                e1,
                e5,
                10)));
    assertEquals(List.of(e3), ids(log.after(new EventFilter("org", null, Set.of()), e1, e4, 1)));
    assertEquals(
        List.of(e1, e3, e4), ids(log.after(new EventFilter("org", null, Set.of()), 0, e4, 10)));
    log.close();
    assertEquals(
        List.of(e1, e4, e5), ids(log.after(new EventFilter("org", "s1", Set.of()), 0, e5, 10)));
    assertEquals(4, rows("org"));
    assertEquals(1, rows("other"));
  }

  @Test
  void pruningKeepsTheNewestPerOrgAndDropsExpiredInBatches() {
    SqliteEventLog log = log(5, Duration.ofHours(1), 100);
    for (int i = 0; i < 12; i++) {
      append(log, "big", "s", "session.status");
    }
    long small1 = append(log, "small", "s", "session.status").id();
    log.close();
    assertEquals(12, rows("big"));

    clock.advance(Duration.ofMinutes(30));
    SqliteEventLog reopened = log(5, Duration.ofHours(1), 100); // prunes on open
    assertEquals(5, rows("big"));
    assertEquals(1, rows("small"));
    List<StoredEvent> big =
        reopened.after(new EventFilter("big", null, Set.of()), 0, reopened.lastId(), 100);
    assertEquals(5, big.size());
    long oldestKept = big.get(0).id();
    assertTrue(reopened.missed("big", oldestKept - 2));
    assertFalse(reopened.missed("big", oldestKept - 1));
    assertFalse(reopened.missed("small", 0));
    long fresh = append(reopened, "small", "s", "session.status").id();
    reopened.close();

    // 40 minutes later the first batch is over an hour old; the fresh one is not
    clock.advance(Duration.ofMinutes(40));
    SqliteEventLog later = log(5, Duration.ofHours(1), 100);
    assertEquals(0, rows("big"));
    assertEquals(1, rows("small"));
    assertTrue(later.missed("big", 0));
    assertTrue(later.missed("small", small1 - 1));
    assertFalse(later.missed("small", small1));
    assertEquals(
        List.of(fresh),
        ids(later.after(new EventFilter("small", null, Set.of()), 0, later.lastId(), 10)));
    later.close();
  }

  @Test
  void aFullWriteQueueCountsAndMarksWhatIsNotStoredWithoutBlocking() throws Exception {
    SqliteEventLog log = log(10_000, Duration.ofHours(1), 4);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // another writer holds the database's write lock, so the log's writer cannot commit
    Thread holder =
        new Thread(
            () ->
                store.transaction(
                    "hold the writer lock",
                    c -> {
                      holding.countDown();
                      try {
                        release.await(20, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return null;
                    }));
    holder.start();
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    int appended = 1_000;
    long firstId = 0;
    for (int i = 0; i < appended; i++) {
      long id = append(log, "org", "s", "message.received").id();
      firstId = i == 0 ? id : firstId;
    }
    // publishing went on while the writer was stuck: the overflow was counted
    assertTrue(log.notStoredCount() > 0, "overflow counted");
    assertTrue(log.missed("org", firstId));
    release.countDown();
    holder.join(20_000);
    log.close();
    long stored = rows("org");
    assertEquals(appended, stored + log.notStoredCount());
    assertTrue(stored >= 1, "the queued events were written: " + stored);

    SqliteEventLog reopened = log(10_000, Duration.ofHours(1), 4);
    assertTrue(reopened.missed("org", firstId), "the loss survives a restart");
    assertEquals(
        stored,
        reopened.after(new EventFilter("org", null, Set.of()), 0, reopened.lastId(), 5_000).size());
    reopened.close();
  }
}
