package dev.wagateway.server.internal.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Android egress nodes: registered per sender, revoked by DELETE (the row stays, marked). */
public final class EgressNodeStore {
  private final ServerDb db;

  public EgressNodeStore(ServerDb db) {
    this.db = db;
  }

  /** A stored node. {@code status}: pending, online or offline. */
  public record NodeRow(
      String id,
      String orgId,
      String senderId,
      String label,
      String status,
      String exitIp,
      String exitCountry,
      String net,
      Long lastSeenAt,
      long createdAt,
      Long revokedAt) {}

  public void insert(NodeRow row) {
    db.transaction(
        "insert egress node",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO egress_nodes (id, org_id, sender_id, label, status, exit_ip,"
                    + " exit_country, net, last_seen_at, created_at, revoked_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.id(), row.orgId(), row.senderId(), row.label(), row.status(), row.exitIp(),
                row.exitCountry(), row.net(), row.lastSeenAt(), row.createdAt(), row.revokedAt()));
  }

  /** A node of {@code orgId} that is not revoked. */
  public Optional<NodeRow> get(String orgId, String id) {
    return db.read(
        "read egress node",
        c ->
            ServerDb.queryOne(
                c,
                "SELECT * FROM egress_nodes WHERE id = ? AND org_id = ? AND revoked_at IS NULL",
                EgressNodeStore::map,
                id, orgId));
  }

  /** Any node by id (revoked ones included), for the tunnel endpoint. */
  public Optional<NodeRow> find(String id) {
    return db.read(
        "read egress node",
        c ->
            ServerDb.queryOne(
                c, "SELECT * FROM egress_nodes WHERE id = ?", EgressNodeStore::map, id));
  }

  public List<NodeRow> list(String orgId, String senderId) {
    return db.read(
        "list egress nodes",
        c ->
            ServerDb.query(
                c,
                "SELECT * FROM egress_nodes WHERE org_id = ? AND revoked_at IS NULL"
                    + " AND (? IS NULL OR sender_id = ?) ORDER BY created_at DESC, id",
                EgressNodeStore::map,
                orgId, senderId, senderId));
  }

  public boolean revoke(String orgId, String id, long now) {
    return db.transaction(
            "revoke egress node",
            c ->
                ServerDb.update(
                    c,
                    "UPDATE egress_nodes SET revoked_at = ?, status = 'offline'"
                        + " WHERE id = ? AND org_id = ? AND revoked_at IS NULL",
                    now, id, orgId))
        > 0;
  }

  /** Whether the node is revoked or unknown: pairing tokens for it no longer verify. */
  public boolean isRevoked(String id) {
    return find(id).map(n -> n.revokedAt() != null).orElse(true);
  }

  /** Records what the tunnel reports about a node. */
  public void updateStatus(
      String id, String status, String exitIp, String exitCountry, String net, long now) {
    db.transaction(
        "update egress node status",
        c ->
            ServerDb.update(
                c,
                "UPDATE egress_nodes SET status = ?, exit_ip = COALESCE(?, exit_ip),"
                    + " exit_country = COALESCE(?, exit_country), net = COALESCE(?, net),"
                    + " last_seen_at = ? WHERE id = ? AND revoked_at IS NULL",
                status, exitIp, exitCountry, net, now, id));
  }

  private static NodeRow map(ResultSet rs) throws SQLException {
    return new NodeRow(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("sender_id"),
        rs.getString("label"),
        rs.getString("status"),
        rs.getString("exit_ip"),
        rs.getString("exit_country"),
        rs.getString("net"),
        ServerDb.nullableLong(rs, "last_seen_at"),
        rs.getLong("created_at"),
        ServerDb.nullableLong(rs, "revoked_at"));
  }
}
