package dev.wagateway.server.internal.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Senders: the API identity that sessions and egress nodes belong to. */
public final class SenderStore {
  private final ServerDb db;

  public SenderStore(ServerDb db) {
    this.db = db;
  }

  /** A stored sender. */
  public record SenderRow(
      String id, String orgId, String name, String phoneNumber, long createdAt, long updatedAt) {}

  public void insert(SenderRow row) {
    db.transaction(
        "insert sender",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO senders (id, org_id, name, phone_number, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)",
                row.id(),
                row.orgId(),
                row.name(),
                row.phoneNumber(),
                row.createdAt(),
                row.updatedAt()));
  }

  /** The sender when it exists in {@code orgId}. */
  public Optional<SenderRow> get(String orgId, String id) {
    return db.read(
        "read sender",
        c ->
            ServerDb.queryOne(
                c,
                "SELECT * FROM senders WHERE id = ? AND org_id = ?",
                SenderStore::map,
                id,
                orgId));
  }

  public List<SenderRow> list(String orgId) {
    return db.read(
        "list senders",
        c ->
            ServerDb.query(
                c,
                "SELECT * FROM senders WHERE org_id = ? ORDER BY created_at DESC, id",
                SenderStore::map,
                orgId));
  }

  private static SenderRow map(ResultSet rs) throws SQLException {
    return new SenderRow(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("name"),
        rs.getString("phone_number"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }
}
