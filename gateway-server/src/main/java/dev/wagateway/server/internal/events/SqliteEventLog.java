package dev.wagateway.server.internal.events;

import dev.wagateway.server.internal.store.ServerDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log in the server's SQLite database ({@code server_events}).
 *
 * <p>{@link #append} only assigns the id and hands the event to a bounded queue; one writer thread
 * drains it and inserts in batches, one short transaction per batch on the core's writer lock, so
 * the core's event dispatch never waits for the disk. Until its batch commits an event is served to
 * replays from memory. When the queue is full the event is not stored: it is counted, logged
 * (without its payload) and recorded as missing for its organization, so a client that resumes
 * across it is told it missed events; live delivery is not affected.
 *
 * <p>Ids come from a range reserved in {@code server_event_ids} ahead of use, so they keep
 * increasing across restarts even when queued events were lost in a crash. The writer prunes, in
 * batches, events older than {@code maxAge} and all but the newest {@code maxPerOrg} of each
 * organization, remembering per organization the newest id it dropped ({@code server_event_marks}).
 * It never prunes an event that a webhook has not fanned out into its deliveries yet.
 */
public final class SqliteEventLog implements EventLog {
  private static final Logger log = LoggerFactory.getLogger(SqliteEventLog.class);

  /** How far ahead of the newest handed-out id the reserved range reaches. */
  static final long RESERVE_AHEAD = 100_000;

  private static final int WRITE_BATCH = 500;

  /**
   * The newest id pruning may remove: events a webhook that is not disabled has not fanned out into
   * its deliveries yet are kept (the log is the webhooks' outbox, docs/webhooks.md).
   */
  private static final String HELD_FOR_WEBHOOKS =
      "(SELECT COALESCE(MIN(COALESCE(scanned_through, 0)), 9223372036854775807) FROM webhooks"
          + " WHERE state <> 'disabled')";

  private static final long CLOSE_WAIT_MILLIS = 10_000;

  /**
   * Bounds and tuning.
   *
   * @param maxPerOrg events kept per organization (the newest ones)
   * @param maxAge events older than this are pruned
   * @param queueCapacity events waiting for the writer before new ones are not stored
   * @param pruneBatch rows deleted per pruning transaction
   * @param pruneInterval how often the writer prunes
   */
  public record Settings(
      int maxPerOrg, Duration maxAge, int queueCapacity, int pruneBatch, Duration pruneInterval) {
    public Settings {
      if (maxPerOrg < 1 || queueCapacity < 1 || pruneBatch < 1) {
        throw new IllegalArgumentException(
            "maxPerOrg, queueCapacity and pruneBatch must be positive");
      }
      if (maxAge.isNegative() || maxAge.isZero() || pruneInterval.isNegative()) {
        throw new IllegalArgumentException("maxAge must be positive, pruneInterval not negative");
      }
    }
  }

  private record Row(StoredEvent event, long createdAt) {}

  private final ServerDb db;
  private final Clock clock;
  private final Settings settings;
  private final BlockingQueue<Row> queue;
  private final ConcurrentSkipListMap<Long, StoredEvent> unwritten = new ConcurrentSkipListMap<>();
  private final Map<String, Long> lostThrough = new ConcurrentHashMap<>();
  private final AtomicLong notStored = new AtomicLong();
  private final Thread writer;
  private long nextId;
  private boolean closed;
  private volatile boolean closing;
  private long reservedThrough;
  private long lastPrune;

  private SqliteEventLog(ServerDb db, Clock clock, Settings settings, long nextId, long reserved) {
    this.db = db;
    this.clock = clock;
    this.settings = settings;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.nextId = nextId;
    this.reservedThrough = reserved;
    this.lastPrune = clock.millis();
    this.writer = new Thread(this::runWriter, "wagateway-event-log");
    this.writer.setDaemon(true);
  }

  /**
   * Opens the log on {@code db} (migrated), reserves the next id range, prunes once and starts the
   * writer thread.
   */
  public static SqliteEventLog open(ServerDb db, Clock clock, Settings settings) {
    long[] ids =
        db.transaction(
            "reserve event ids",
            c -> {
              long newest =
                  ServerDb.queryOne(
                          c, "SELECT COALESCE(MAX(id), 0) FROM server_events", rs -> rs.getLong(1))
                      .orElse(0L);
              long reserved =
                  ServerDb.queryOne(
                          c,
                          "SELECT reserved_through FROM server_event_ids WHERE id = 1",
                          rs -> rs.getLong(1))
                      .orElse(0L);
              long next = Math.max(newest, reserved) + 1;
              long through = next - 1 + RESERVE_AHEAD;
              reserve(c, through);
              return new long[] {next, through};
            });
    SqliteEventLog eventLog = new SqliteEventLog(db, clock, settings, ids[0], ids[1]);
    eventLog.prune();
    eventLog.writer.start();
    log.info("event log opened; ids continue at {}", ids[0]);
    return eventLog;
  }

  @Override
  public synchronized StoredEvent append(
      String orgId, String sessionId, String type, LongFunction<String> json) {
    long id = nextId++;
    StoredEvent event = new StoredEvent(id, orgId, sessionId, type, json.apply(id));
    if (closed) {
      notStored(event, "the log is closed");
      return event;
    }
    unwritten.put(id, event);
    if (!queue.offer(new Row(event, clock.millis()))) {
      unwritten.remove(id);
      notStored(event, "the write queue is full");
    }
    return event;
  }

  @Override
  public synchronized long lastId() {
    return nextId - 1;
  }

  @Override
  public List<StoredEvent> after(EventFilter filter, long afterId, long throughId, int limit) {
    if (limit < 1 || throughId <= afterId) {
      return List.of();
    }
    // unwritten first: an event leaves that map only after its batch committed, so whatever is
    // missing from this snapshot is in the table read next
    TreeMap<Long, StoredEvent> merged = new TreeMap<>();
    for (StoredEvent e : unwritten.subMap(afterId, false, throughId, true).values()) {
      if (filter.matches(e)) {
        merged.put(e.id(), e);
        if (merged.size() >= limit) {
          break;
        }
      }
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, org_id, session_id, type, payload FROM server_events"
                + " WHERE org_id = ? AND id > ? AND id <= ?");
    List<Object> params = new ArrayList<>(List.of(filter.orgId(), afterId, throughId));
    if (filter.sessionId() != null) {
      sql.append(" AND session_id = ?");
      params.add(filter.sessionId());
    }
    Set<String> types = filter.types();
    if (!types.isEmpty()) {
      sql.append(" AND type IN (").append("?,".repeat(types.size() - 1)).append("?)");
      params.addAll(types);
    }
    sql.append(" ORDER BY id LIMIT ?");
    params.add(limit);
    List<StoredEvent> stored =
        db.read(
            "replay events",
            c ->
                ServerDb.query(
                    c,
                    sql.toString(),
                    rs ->
                        new StoredEvent(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5)),
                    params.toArray()));
    for (StoredEvent e : stored) {
      merged.put(e.id(), e);
    }
    List<StoredEvent> out = new ArrayList<>(merged.values());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  @Override
  public boolean missed(String orgId, long afterId) {
    Long lost = lostThrough.get(orgId);
    if (lost != null && lost > afterId) {
      return true;
    }
    long marked =
        db.read(
            "read the event log mark",
            c ->
                ServerDb.queryOne(
                        c,
                        "SELECT missing_through FROM server_event_marks WHERE org_id = ?",
                        rs -> rs.getLong(1),
                        orgId)
                    .orElse(0L));
    return marked > afterId;
  }

  /** Events that were handed an id but will not be stored (queue full, write failed, closed). */
  public long notStoredCount() {
    return notStored.get();
  }

  /** Stops taking events, writes what is queued, and stops the writer. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closing = true;
    try {
      writer.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      log.warn("the event log writer did not finish within {} ms", CLOSE_WAIT_MILLIS);
      writer.interrupt();
    }
    if (notStored.get() > 0) {
      log.warn("{} events were published but not stored in the event log", notStored.get());
    }
  }

  private void notStored(StoredEvent event, String why) {
    long n = notStored.incrementAndGet();
    lostThrough.merge(event.orgId(), event.id(), Math::max);
    if (n == 1 || n % 1000 == 0) {
      log.warn(
          "event {} ({}) is delivered live but not stored: {} ({} not stored so far)",
          event.id(),
          event.type(),
          why,
          n);
    }
  }

  // ---- the writer thread ----

  private void runWriter() {
    long pruneEvery = Math.max(1, settings.pruneInterval().toMillis());
    while (true) {
      Row first;
      try {
        first = queue.poll(Math.min(100, pruneEvery), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (first != null) {
        List<Row> batch = new ArrayList<>(WRITE_BATCH);
        batch.add(first);
        queue.drainTo(batch, WRITE_BATCH - 1);
        write(batch);
      } else if (closing) {
        if (!lostThrough.isEmpty()) {
          write(List.of());
        }
        return;
      }
      if (clock.millis() - lastPrune >= pruneEvery) {
        prune();
      }
    }
  }

  private void write(List<Row> batch) {
    long newest = batch.isEmpty() ? 0 : batch.get(batch.size() - 1).event().id();
    Map<String, Long> marks = Map.copyOf(lostThrough);
    try {
      long reserved =
          db.transaction(
              "store events",
              c -> {
                insert(c, batch);
                for (Map.Entry<String, Long> m : marks.entrySet()) {
                  mark(c, m.getKey(), m.getValue());
                }
                if (newest + RESERVE_AHEAD / 2 > reservedThrough) {
                  reserve(c, newest + RESERVE_AHEAD);
                  return newest + RESERVE_AHEAD;
                }
                return reservedThrough;
              });
      reservedThrough = reserved;
      marks.forEach(lostThrough::remove);
    } catch (RuntimeException e) {
      log.warn("could not store {} events: {}", batch.size(), e.getMessage());
      for (Row r : batch) {
        notStored(r.event(), "the write failed");
      }
    } finally {
      for (Row r : batch) {
        unwritten.remove(r.event().id());
      }
    }
  }

  private static void insert(Connection c, List<Row> batch) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO server_events (id, org_id, session_id, type, payload, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Row r : batch) {
        StoredEvent e = r.event();
        ps.setLong(1, e.id());
        ps.setString(2, e.orgId());
        ps.setString(3, e.sessionId());
        ps.setString(4, e.type());
        ps.setString(5, e.json());
        ps.setLong(6, r.createdAt());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void reserve(Connection c, long through) throws SQLException {
    ServerDb.update(
        c,
        "INSERT INTO server_event_ids (id, reserved_through) VALUES (1, ?) ON CONFLICT(id)"
            + " DO UPDATE SET reserved_through = MAX(reserved_through, excluded.reserved_through)",
        through);
  }

  private static void mark(Connection c, String orgId, long missingThrough) throws SQLException {
    ServerDb.update(
        c,
        "INSERT INTO server_event_marks (org_id, missing_through) VALUES (?, ?) ON CONFLICT(org_id)"
            + " DO UPDATE SET missing_through = MAX(missing_through, excluded.missing_through)",
        orgId,
        missingThrough);
  }

  /** Drops expired events, then each organization's surplus, in batches; never throws. */
  void prune() {
    lastPrune = clock.millis();
    try {
      long cutoff = clock.millis() - settings.maxAge().toMillis();
      int removed = 0;
      int n;
      do {
        n = db.transaction("prune expired events", c -> pruneExpired(c, cutoff));
        removed += n;
      } while (n >= settings.pruneBatch());
      List<String> crowded =
          db.read(
              "find crowded event logs",
              c ->
                  ServerDb.query(
                      c,
                      "SELECT org_id FROM server_events GROUP BY org_id HAVING COUNT(*) > ?",
                      rs -> rs.getString(1),
                      settings.maxPerOrg()));
      for (String org : crowded) {
        do {
          n = db.transaction("prune surplus events", c -> pruneSurplus(c, org));
          removed += n;
        } while (n >= settings.pruneBatch());
      }
      if (removed > 0) {
        log.debug("pruned {} events", removed);
      }
    } catch (RuntimeException e) {
      log.warn("could not prune the event log: {}", e.getMessage());
    }
  }

  private int pruneExpired(Connection c, long cutoff) throws SQLException {
    long bound =
        ServerDb.queryOne(
                c,
                "SELECT COALESCE(MAX(id), 0) FROM (SELECT id FROM server_events"
                    + " WHERE created_at < ? AND id <= "
                    + HELD_FOR_WEBHOOKS
                    + " ORDER BY id LIMIT ?)",
                rs -> rs.getLong(1),
                cutoff,
                settings.pruneBatch())
            .orElse(0L);
    if (bound == 0) {
      return 0;
    }
    ServerDb.update(
        c,
        "INSERT INTO server_event_marks (org_id, missing_through)"
            + " SELECT org_id, MAX(id) FROM server_events WHERE id <= ? AND created_at < ?"
            + " GROUP BY org_id ON CONFLICT(org_id) DO UPDATE"
            + " SET missing_through = MAX(missing_through, excluded.missing_through)",
        bound,
        cutoff);
    return ServerDb.update(
        c, "DELETE FROM server_events WHERE id <= ? AND created_at < ?", bound, cutoff);
  }

  private int pruneSurplus(Connection c, String org) throws SQLException {
    long keepFrom =
        ServerDb.queryOne(
                c,
                "SELECT id FROM server_events WHERE org_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?",
                rs -> rs.getLong(1),
                org,
                settings.maxPerOrg() - 1)
            .orElse(0L);
    if (keepFrom == 0) {
      return 0;
    }
    long bound =
        ServerDb.queryOne(
                c,
                "SELECT COALESCE(MAX(id), 0) FROM (SELECT id FROM server_events"
                    + " WHERE org_id = ? AND id < ? AND id <= "
                    + HELD_FOR_WEBHOOKS
                    + " ORDER BY id LIMIT ?)",
                rs -> rs.getLong(1),
                org,
                keepFrom,
                settings.pruneBatch())
            .orElse(0L);
    if (bound == 0) {
      return 0;
    }
    mark(c, org, bound);
    return ServerDb.update(c, "DELETE FROM server_events WHERE org_id = ? AND id <= ?", org, bound);
  }
}
