package dev.wagateway.server.internal.webhook;

import dev.wagateway.server.internal.store.ServerDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The webhook tables: registrations with their state, fan-out cursor and secrets ({@code
 * webhooks}), one row per event and webhook ({@code webhook_deliveries}), the lanes with pending
 * work ({@code webhook_lanes}) and every attempt ({@code webhook_attempts}). See docs/webhooks.md.
 */
final class DeliveryStore {
  static final String PENDING = "pending";
  static final String DELIVERED = "delivered";
  static final String DEAD = "dead_lettered";

  static final String ACTIVE = "active";
  static final String PAUSED = "paused";
  static final String DISABLED = "disabled";

  /** A webhook as the dispatcher and the API see it. */
  record Hook(
      String id,
      String orgId,
      String url,
      Set<String> types,
      String sessionId,
      String secret,
      String previousSecret,
      Long previousSecretUntil,
      String state,
      String stateReason,
      Long scannedThrough,
      long createdAt) {

    /** The secrets that sign at {@code now}: the current one, and the previous within overlap. */
    List<String> signingSecrets(long now) {
      if (previousSecret != null && previousSecretUntil != null && now < previousSecretUntil) {
        return List.of(secret, previousSecret);
      }
      return List.of(secret);
    }
  }

  /** One event for one webhook. {@code id} is the {@code webhook-id} header. */
  record Delivery(
      long seq,
      String id,
      String webhookId,
      String lane,
      Long eventId,
      String type,
      String payload,
      String status,
      int attempts,
      Integer lastStatus,
      Long lastLatencyMs,
      String lastError,
      Long lastAttemptAt,
      Long nextAttemptAt,
      long horizonAt,
      long createdAt,
      Long finishedAt,
      int generation) {}

  /** One attempt of a delivery. {@code statusCode} is null when no answer came. */
  record Attempt(int attempt, long at, Integer statusCode, long latencyMs, String error) {}

  /** What one attempt came to, to be recorded. */
  record Outcome(
      Delivery delivery,
      long at,
      Integer statusCode,
      long latencyMs,
      String error,
      long nextAttemptAt,
      String newStatus,
      boolean disableHook) {}

  private final ServerDb db;

  DeliveryStore(ServerDb db) {
    this.db = db;
  }

  // ---- webhooks ----

  void insert(Hook h) {
    db.transaction(
        "insert webhook",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO webhooks (id, org_id, url, event_types, session_id, secret,"
                    + " created_at, state, scanned_through) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                    + " (SELECT COALESCE(MAX(id), 0) FROM server_events))",
                h.id(),
                h.orgId(),
                h.url(),
                String.join(",", h.types()),
                h.sessionId(),
                h.secret(),
                h.createdAt(),
                ACTIVE));
  }

  List<Hook> hooks() {
    return db.read(
        "list webhooks",
        c -> ServerDb.query(c, "SELECT * FROM webhooks ORDER BY id", DeliveryStore::hook));
  }

  List<Hook> hooks(String orgId) {
    return db.read(
        "list webhooks",
        c ->
            ServerDb.query(
                c,
                "SELECT * FROM webhooks WHERE org_id = ? ORDER BY created_at DESC, id",
                DeliveryStore::hook,
                orgId));
  }

  Optional<Hook> hook(String orgId, String id) {
    return db.read(
        "read webhook",
        c ->
            ServerDb.queryOne(
                c,
                "SELECT * FROM webhooks WHERE id = ? AND org_id = ?",
                DeliveryStore::hook,
                id,
                orgId));
  }

  /** Deletes the webhook with its deliveries, lanes and attempts. */
  boolean delete(String orgId, String id) {
    return db.transaction(
        "delete webhook",
        c -> {
          int n = ServerDb.update(c, "DELETE FROM webhooks WHERE id = ? AND org_id = ?", id, orgId);
          if (n > 0) {
            ServerDb.update(
                c,
                "DELETE FROM webhook_attempts WHERE delivery_seq IN"
                    + " (SELECT seq FROM webhook_deliveries WHERE webhook_id = ?)",
                id);
            ServerDb.update(c, "DELETE FROM webhook_deliveries WHERE webhook_id = ?", id);
            ServerDb.update(c, "DELETE FROM webhook_lanes WHERE webhook_id = ?", id);
          }
          return n > 0;
        });
  }

  boolean setState(String orgId, String id, String state, String reason) {
    return db.transaction(
            "change webhook state",
            c ->
                ServerDb.update(
                    c,
                    "UPDATE webhooks SET state = ?, state_reason = ? WHERE id = ? AND org_id = ?",
                    state,
                    reason,
                    id,
                    orgId))
        > 0;
  }

  /** Makes {@code secret} current; the old one keeps signing until {@code previousUntil}. */
  boolean rotate(String orgId, String id, String secret, long previousUntil) {
    return db.transaction(
            "rotate webhook secret",
            c ->
                ServerDb.update(
                    c,
                    "UPDATE webhooks SET previous_secret = secret, previous_secret_until = ?,"
                        + " secret = ? WHERE id = ? AND org_id = ?",
                    previousUntil,
                    secret,
                    id,
                    orgId))
        > 0;
  }

  // ---- fan-out: the event log is the outbox ----

  /** The newest event id in the log, 0 when empty. */
  long newestEvent() {
    return db.read(
        "newest event",
        c ->
            ServerDb.queryOne(
                    c, "SELECT COALESCE(MAX(id), 0) FROM server_events", rs -> rs.getLong(1))
                .orElse(0L));
  }

  /**
   * Turns the events after {@code h}'s cursor (at most {@code batch} ids of the log) into pending
   * deliveries and moves the cursor, in one transaction: an event is fanned out exactly once. The
   * log writes events in id order, so an id below the newest stored one that is missing will never
   * appear. Returns how many deliveries were created.
   */
  int fanOut(Hook h, int batch, long now, long horizonMillis) {
    return db.transaction(
        "fan out events to a webhook", c -> fanOut(c, h, batch, now, horizonMillis));
  }

  private static int fanOut(Connection c, Hook h, int batch, long now, long horizonMillis)
      throws SQLException {
    long from =
        ServerDb.queryOne(
                c,
                "SELECT COALESCE(scanned_through, 0) FROM webhooks WHERE id = ?",
                rs -> rs.getLong(1),
                h.id())
            .orElse(-1L);
    if (from < 0) {
      return 0; // deleted meanwhile
    }
    long bound =
        ServerDb.queryOne(
                c,
                "SELECT COALESCE(MAX(id), 0) FROM (SELECT id FROM server_events WHERE id > ?"
                    + " ORDER BY id LIMIT ?)",
                rs -> rs.getLong(1),
                from,
                batch)
            .orElse(0L);
    if (bound <= from) {
      return 0;
    }
    long seqBefore =
        ServerDb.queryOne(
                c, "SELECT COALESCE(MAX(seq), 0) FROM webhook_deliveries", rs -> rs.getLong(1))
            .orElse(0L);
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO webhook_deliveries (id, webhook_id, lane, event_id, type, payload, status,"
                + " attempts, next_attempt_at, horizon_at, created_at)"
                + " SELECT 'msg_' || e.id || '_' || ?, ?, COALESCE(e.session_id, ''), e.id, e.type,"
                + " e.payload, ?, 0, ?, e.created_at + ?, ? FROM server_events e"
                + " WHERE e.id > ? AND e.id <= ? AND e.org_id = ?");
    List<Object> params =
        new ArrayList<>(
            List.of(h.id(), h.id(), PENDING, now, horizonMillis, now, from, bound, h.orgId()));
    if (h.sessionId() != null) {
      sql.append(" AND e.session_id = ?");
      params.add(h.sessionId());
    }
    sql.append(" AND e.type IN (").append("?,".repeat(h.types().size() - 1)).append("?)");
    params.addAll(h.types());
    sql.append(" ORDER BY e.id");
    int created = ServerDb.update(c, sql.toString(), params.toArray());
    if (created > 0) {
      ServerDb.update(
          c,
          "INSERT INTO webhook_lanes (webhook_id, lane, next_attempt_at)"
              + " SELECT DISTINCT webhook_id, lane, ? FROM webhook_deliveries"
              + " WHERE webhook_id = ? AND seq > ? ON CONFLICT (webhook_id, lane) DO NOTHING",
          now,
          h.id(),
          seqBefore);
    }
    ServerDb.update(c, "UPDATE webhooks SET scanned_through = ? WHERE id = ?", bound, h.id());
    return created;
  }

  /** A {@code webhook.test} delivery in a lane of its own, due now. */
  Delivery insertTest(Hook h, String deliveryId, String payload, long now, long horizonMillis) {
    String lane = "test:" + deliveryId;
    return db.transaction(
        "insert a test delivery",
        c -> {
          ServerDb.update(
              c,
              "INSERT INTO webhook_deliveries (id, webhook_id, lane, event_id, type, payload,"
                  + " status, attempts, next_attempt_at, horizon_at, created_at)"
                  + " VALUES (?, ?, ?, NULL, ?, ?, ?, 0, ?, ?, ?)",
              deliveryId,
              h.id(),
              lane,
              EventTypes.TEST,
              payload,
              PENDING,
              now,
              now + horizonMillis,
              now);
          ServerDb.update(
              c,
              "INSERT INTO webhook_lanes (webhook_id, lane, next_attempt_at) VALUES (?, ?, ?)",
              h.id(),
              lane,
              now);
          return ServerDb.queryOne(
                  c,
                  "SELECT * FROM webhook_deliveries WHERE id = ?",
                  DeliveryStore::delivery,
                  deliveryId)
              .orElseThrow();
        });
  }

  // ---- dispatch ----

  /**
   * The head (oldest pending delivery) of each due lane of {@code webhookId} not in {@code busy},
   * oldest due first, at most {@code max}. Lanes found empty are removed.
   */
  List<Delivery> due(String webhookId, Set<String> busy, int max, long now) {
    if (max < 1) {
      return List.of();
    }
    List<String> lanes =
        db.read(
            "find due webhook lanes",
            c ->
                ServerDb.query(
                    c,
                    "SELECT lane FROM webhook_lanes WHERE webhook_id = ? AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at LIMIT ?",
                    rs -> rs.getString(1),
                    webhookId,
                    now,
                    max + busy.size()));
    List<Delivery> heads = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    db.read(
        "read lane heads",
        c -> {
          for (String lane : lanes) {
            if (busy.contains(lane) || heads.size() >= max) {
              continue;
            }
            Optional<Delivery> head =
                ServerDb.queryOne(
                    c,
                    "SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND lane = ?"
                        + " AND status = ? ORDER BY seq LIMIT 1",
                    DeliveryStore::delivery,
                    webhookId,
                    lane,
                    PENDING);
            if (head.isPresent()) {
              heads.add(head.get());
            } else {
              empty.add(lane);
            }
          }
          return null;
        });
    if (!empty.isEmpty()) {
      db.transaction(
          "drop empty webhook lanes",
          c -> {
            for (String lane : empty) {
              // only when still empty: a fan-out may have refilled it meanwhile
              ServerDb.update(
                  c,
                  "DELETE FROM webhook_lanes WHERE webhook_id = ? AND lane = ? AND NOT EXISTS"
                      + " (SELECT 1 FROM webhook_deliveries WHERE webhook_id = ? AND lane = ?"
                      + " AND status = ?)",
                  webhookId,
                  lane,
                  webhookId,
                  lane,
                  PENDING);
            }
            return null;
          });
    }
    return heads;
  }

  /**
   * Records attempts in one transaction; returns those whose outcome stands (not those of a
   * delivery retried through the API while the attempt was under way).
   */
  List<Outcome> record(List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return List.of();
    }
    return db.transaction(
        "record webhook attempts",
        c -> {
          List<Outcome> applied = new ArrayList<>();
          for (Outcome o : outcomes) {
            if (record(c, o)) {
              applied.add(o);
            }
          }
          return applied;
        });
  }

  private static boolean record(Connection c, Outcome o) throws SQLException {
    Delivery d = o.delivery();
    int attempt = d.attempts() + 1;
    ServerDb.update(
        c,
        "INSERT OR REPLACE INTO webhook_attempts (delivery_seq, attempt, at, status_code,"
            + " latency_ms, error) VALUES (?, ?, ?, ?, ?, ?)",
        d.seq(),
        attempt,
        o.at(),
        o.statusCode(),
        o.latencyMs(),
        o.error());
    boolean pending = PENDING.equals(o.newStatus());
    int updated =
        ServerDb.update(
            c,
            "UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status = ?,"
                + " last_latency_ms = ?, last_error = ?, last_attempt_at = ?, next_attempt_at = ?,"
                + " finished_at = ? WHERE seq = ? AND generation = ?",
            o.newStatus(),
            attempt,
            o.statusCode(),
            o.latencyMs(),
            o.error(),
            o.at(),
            pending && !o.disableHook() ? o.nextAttemptAt() : null,
            pending ? null : o.at(),
            d.seq(),
            d.generation());
    if (updated == 0) {
      // retried through the API while this attempt was under way: the retry stands, and a 410
      // answer is not acted on
      ServerDb.update(
          c,
          "UPDATE webhook_deliveries SET attempts = ?, last_status = ?, last_latency_ms = ?,"
              + " last_error = ?, last_attempt_at = ? WHERE seq = ?",
          attempt,
          o.statusCode(),
          o.latencyMs(),
          o.error(),
          o.at(),
          d.seq());
      return false;
    }
    ServerDb.update(
        c,
        "UPDATE webhook_lanes SET next_attempt_at = ? WHERE webhook_id = ? AND lane = ?",
        pending ? o.nextAttemptAt() : o.at(),
        d.webhookId(),
        d.lane());
    if (o.disableHook()) {
      ServerDb.update(
          c,
          "UPDATE webhooks SET state = ?, state_reason = ? WHERE id = ?",
          DISABLED,
          "the receiver answered 410 Gone",
          d.webhookId());
    }
    return true;
  }

  /**
   * Puts a delivery back in its lane as due now, with a fresh retry horizon; false when no such
   * delivery. A delivered one is sent again under the same {@code webhook-id}.
   */
  Optional<Delivery> retry(String webhookId, String deliveryId, long now, long horizonMillis) {
    return db.transaction(
        "retry a webhook delivery",
        c -> {
          Optional<Delivery> d =
              ServerDb.queryOne(
                  c,
                  "SELECT * FROM webhook_deliveries WHERE id = ? AND webhook_id = ?",
                  DeliveryStore::delivery,
                  deliveryId,
                  webhookId);
          if (d.isEmpty()) {
            return d;
          }
          ServerDb.update(
              c,
              "UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, horizon_at = ?,"
                  + " finished_at = NULL, generation = generation + 1 WHERE seq = ?",
              PENDING,
              now,
              now + horizonMillis,
              d.get().seq());
          ServerDb.update(
              c,
              "INSERT INTO webhook_lanes (webhook_id, lane, next_attempt_at) VALUES (?, ?, ?)"
                  + " ON CONFLICT (webhook_id, lane) DO UPDATE SET next_attempt_at ="
                  + " MIN(next_attempt_at, excluded.next_attempt_at)",
              webhookId,
              d.get().lane(),
              now);
          return ServerDb.queryOne(
              c,
              "SELECT * FROM webhook_deliveries WHERE seq = ?",
              DeliveryStore::delivery,
              d.get().seq());
        });
  }

  /** Makes every lane of the webhook due now (after resume). */
  void wake(String webhookId, long now) {
    db.transaction(
        "wake webhook lanes",
        c ->
            ServerDb.update(
                c,
                "UPDATE webhook_lanes SET next_attempt_at = MIN(next_attempt_at, ?)"
                    + " WHERE webhook_id = ?",
                now,
                webhookId));
  }

  // ---- the delivery log ----

  /** Newest first, below {@code beforeSeq} (0 for the first page), optionally of one status. */
  List<Delivery> list(String webhookId, String status, long beforeSeq, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM webhook_deliveries WHERE webhook_id = ?");
    List<Object> params = new ArrayList<>(List.of(webhookId));
    if (status != null) {
      sql.append(" AND status = ?");
      params.add(status);
    }
    if (beforeSeq > 0) {
      sql.append(" AND seq < ?");
      params.add(beforeSeq);
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    params.add(limit);
    return db.read(
        "list webhook deliveries",
        c -> ServerDb.query(c, sql.toString(), DeliveryStore::delivery, params.toArray()));
  }

  /** The attempts of each delivery, oldest first, keyed by delivery seq. */
  Map<Long, List<Attempt>> attempts(List<Delivery> deliveries) {
    Map<Long, List<Attempt>> out = new TreeMap<>();
    if (deliveries.isEmpty()) {
      return out;
    }
    Object[] seqs = deliveries.stream().map(Delivery::seq).toArray();
    db.read(
        "list webhook attempts",
        c ->
            ServerDb.query(
                c,
                "SELECT * FROM webhook_attempts WHERE delivery_seq IN ("
                    + "?,".repeat(seqs.length - 1)
                    + "?) ORDER BY delivery_seq, attempt",
                rs -> {
                  out.computeIfAbsent(rs.getLong("delivery_seq"), k -> new ArrayList<>())
                      .add(
                          new Attempt(
                              rs.getInt("attempt"),
                              rs.getLong("at"),
                              (Integer) nullableInt(rs, "status_code"),
                              rs.getLong("latency_ms"),
                              rs.getString("error")));
                  return null;
                },
                seqs));
    return out;
  }

  /** Removes finished deliveries (and their attempts) older than {@code before}. */
  int prune(long before, int batch) {
    return db.transaction(
        "prune webhook deliveries",
        c -> {
          long bound =
              ServerDb.queryOne(
                      c,
                      "SELECT COALESCE(MAX(seq), 0) FROM (SELECT seq FROM webhook_deliveries"
                          + " WHERE finished_at IS NOT NULL AND finished_at < ? ORDER BY seq"
                          + " LIMIT ?)",
                      rs -> rs.getLong(1),
                      before,
                      batch)
                  .orElse(0L);
          if (bound == 0) {
            return 0;
          }
          ServerDb.update(
              c,
              "DELETE FROM webhook_attempts WHERE delivery_seq IN (SELECT seq FROM"
                  + " webhook_deliveries WHERE seq <= ? AND finished_at IS NOT NULL"
                  + " AND finished_at < ?)",
              bound,
              before);
          return ServerDb.update(
              c,
              "DELETE FROM webhook_deliveries WHERE seq <= ? AND finished_at IS NOT NULL"
                  + " AND finished_at < ?",
              bound,
              before);
        });
  }

  private static Object nullableInt(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static Hook hook(ResultSet rs) throws SQLException {
    return new Hook(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("url"),
        new LinkedHashSet<>(Arrays.asList(rs.getString("event_types").split(","))),
        rs.getString("session_id"),
        rs.getString("secret"),
        rs.getString("previous_secret"),
        ServerDb.nullableLong(rs, "previous_secret_until"),
        rs.getString("state"),
        rs.getString("state_reason"),
        ServerDb.nullableLong(rs, "scanned_through"),
        rs.getLong("created_at"));
  }

  private static Delivery delivery(ResultSet rs) throws SQLException {
    return new Delivery(
        rs.getLong("seq"),
        rs.getString("id"),
        rs.getString("webhook_id"),
        rs.getString("lane"),
        ServerDb.nullableLong(rs, "event_id"),
        rs.getString("type"),
        rs.getString("payload"),
        rs.getString("status"),
        rs.getInt("attempts"),
        (Integer) nullableInt(rs, "last_status"),
        ServerDb.nullableLong(rs, "last_latency_ms"),
        rs.getString("last_error"),
        ServerDb.nullableLong(rs, "last_attempt_at"),
        ServerDb.nullableLong(rs, "next_attempt_at"),
        rs.getLong("horizon_at"),
        rs.getLong("created_at"),
        ServerDb.nullableLong(rs, "finished_at"),
        rs.getInt("generation"));
  }
}
