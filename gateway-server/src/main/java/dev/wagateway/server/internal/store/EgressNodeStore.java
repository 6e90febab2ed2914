package dev.wagateway.server.internal.store;

import dev.wagateway.egress.tunnel.EgressNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Egress-node records of the tunnel registry ({@link dev.wagateway.egress.tunnel.EgressNodeStore})
 * in the server's database. Revoked nodes keep their row (status revoked).
 */
public final class EgressNodeStore implements dev.wagateway.egress.tunnel.EgressNodeStore {
  private final ServerDb db;

  public EgressNodeStore(ServerDb db) {
    this.db = db;
  }

  @Override
  public Optional<EgressNode> find(String nodeId) {
    return db.read(
        "read egress node",
        c ->
            ServerDb.queryOne(
                c, "SELECT * FROM egress_nodes WHERE id = ?", EgressNodeStore::map, nodeId));
  }

  @Override
  public void save(EgressNode n) {
    db.transaction(
        "save egress node",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO egress_nodes (id, org_id, sender_id, label, status, exit_ip,"
                    + " exit_country, net, last_seen_at, created_at, revoked_at, expected_country,"
                    + " device_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT(id) DO UPDATE SET label = excluded.label,"
                    + " status = excluded.status, exit_ip = excluded.exit_ip,"
                    + " exit_country = excluded.exit_country, net = excluded.net,"
                    + " last_seen_at = excluded.last_seen_at, revoked_at = excluded.revoked_at,"
                    + " expected_country = excluded.expected_country,"
                    + " device_key = excluded.device_key",
                n.id(), n.orgId(), n.senderId(), n.label(), n.status().wireName(), n.exitIp(),
                n.exitCountry(), n.net(), millis(n.lastSeenAt()), n.createdAt().toEpochMilli(),
                millis(n.revokedAt()), n.expectedCountry(), n.deviceKey()));
  }

  @Override
  public List<EgressNode> list(String orgId) {
    return db.read(
        "list egress nodes",
        c ->
            ServerDb.query(
                c,
                "SELECT * FROM egress_nodes WHERE org_id = ? ORDER BY created_at, id",
                EgressNodeStore::map,
                orgId));
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Long v = ServerDb.nullableLong(rs, column);
    return v == null ? null : Instant.ofEpochMilli(v);
  }

  private static EgressNode map(ResultSet rs) throws SQLException {
    return new EgressNode(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("sender_id"),
        rs.getString("label"),
        EgressNode.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        instant(rs, "last_seen_at"),
        rs.getString("exit_ip"),
        rs.getString("exit_country"),
        rs.getString("expected_country"),
        rs.getString("net"),
        rs.getString("device_key"),
        instant(rs, "revoked_at"));
  }
}
