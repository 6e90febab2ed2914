package dev.wagateway.server.internal.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code idempotency_keys} table: claims a key for a request, records the accepted answer,
 * releases the claim when the request failed (so a retry acts), and forgets keys older than the
 * retention.
 */
public final class IdempotencyStore {
  private final ServerDb db;

  public IdempotencyStore(ServerDb db) {
    this.db = db;
  }

  /**
   * What a key already holds: the first request's hash and, once answered, its answer ({@code
   * status} 0 and a null body while the first request is still running).
   */
  public record Entry(String requestHash, int status, byte[] body) {
    public boolean answered() {
      return status > 0;
    }
  }

  /**
   * Claims {@code key} for a request with {@code requestHash}, unless a claim newer than {@code
   * expiredBefore} exists: then that claim is returned and nothing changes. An expired claim is
   * replaced, and so is an unanswered one made before {@code abandonedBefore}: its request can no
   * longer answer (its process stopped or crashed mid-request), and its caller never got a 2xx.
   */
  public Optional<Entry> claim(
      String orgId,
      String sessionId,
      String key,
      String requestHash,
      long now,
      long expiredBefore,
      long abandonedBefore) {
    return db.transaction(
        "claim an idempotency key",
        c -> {
          Optional<Entry> existing =
              ServerDb.queryOne(
                  c,
                  "SELECT request_hash, response_status, response_body, created_at"
                      + " FROM idempotency_keys WHERE org_id = ? AND session_id = ?"
                      + " AND idem_key = ? AND created_at >= ?"
                      + " AND (response_status IS NOT NULL OR created_at >= ?)",
                  IdempotencyStore::entry,
                  orgId,
                  sessionId,
                  key,
                  expiredBefore,
                  abandonedBefore);
          if (existing.isPresent()) {
            return existing;
          }
          ServerDb.update(
              c,
              "DELETE FROM idempotency_keys WHERE org_id = ? AND session_id = ? AND idem_key = ?",
              orgId,
              sessionId,
              key);
          ServerDb.update(
              c,
              "INSERT INTO idempotency_keys (org_id, session_id, idem_key, request_hash,"
                  + " created_at) VALUES (?, ?, ?, ?, ?)",
              orgId,
              sessionId,
              key,
              requestHash,
              now);
          return Optional.<Entry>empty();
        });
  }

  /** Stores the answer of the request that claimed {@code key}. */
  public void answer(String orgId, String sessionId, String key, int status, byte[] body) {
    db.transaction(
        "record an idempotent answer",
        c ->
            ServerDb.update(
                c,
                "UPDATE idempotency_keys SET response_status = ?, response_body = ?"
                    + " WHERE org_id = ? AND session_id = ? AND idem_key = ?",
                status,
                body,
                orgId,
                sessionId,
                key));
  }

  /** Gives up a claim whose request failed, so that a retry with the key acts. */
  public void release(String orgId, String sessionId, String key) {
    db.transaction(
        "release an idempotency key",
        c ->
            ServerDb.update(
                c,
                "DELETE FROM idempotency_keys WHERE org_id = ? AND session_id = ? AND idem_key = ?"
                    + " AND response_status IS NULL",
                orgId,
                sessionId,
                key));
  }

  /** Forgets keys claimed before {@code epochMillis}; returns how many. */
  public int deleteOlderThan(long epochMillis) {
    return db.transaction(
        "prune idempotency keys",
        c -> ServerDb.update(c, "DELETE FROM idempotency_keys WHERE created_at < ?", epochMillis));
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    int status = rs.getInt("response_status");
    return new Entry(
        rs.getString("request_hash"), rs.wasNull() ? 0 : status, rs.getBytes("response_body"));
  }
}
