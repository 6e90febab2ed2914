package dev.wagateway.server.internal.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Webhook subscriptions (registration only; delivery is the durable outbox's job). */
public final class WebhookStore {
  private final ServerDb db;

  public WebhookStore(ServerDb db) {
    this.db = db;
  }

  /** A stored webhook. {@code eventTypes} is comma-separated. */
  public record WebhookRow(
      String id,
      String orgId,
      String url,
      String eventTypes,
      String sessionId,
      String secret,
      long createdAt) {}

  public void insert(WebhookRow row) {
    db.transaction(
        "insert webhook",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO webhooks (id, org_id, url, event_types, session_id, secret,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row.id(),
                row.orgId(),
                row.url(),
                row.eventTypes(),
                row.sessionId(),
                row.secret(),
                row.createdAt()));
  }

  public List<WebhookRow> list(String orgId) {
    return db.read(
        "list webhooks",
        c ->
            ServerDb.query(
                c,
                "SELECT * FROM webhooks WHERE org_id = ? ORDER BY created_at DESC, id",
                WebhookStore::map,
                orgId));
  }

  public boolean delete(String orgId, String id) {
    return db.transaction(
            "delete webhook",
            c -> ServerDb.update(c, "DELETE FROM webhooks WHERE id = ? AND org_id = ?", id, orgId))
        > 0;
  }

  private static WebhookRow map(ResultSet rs) throws SQLException {
    return new WebhookRow(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("url"),
        rs.getString("event_types"),
        rs.getString("session_id"),
        rs.getString("secret"),
        rs.getLong("created_at"));
  }
}
