package dev.wagateway.server.internal.store;

import dev.wagateway.egress.tunnel.EgressNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Egress-node records of the tunnel registry ({@link dev.wagateway.egress.tunnel.EgressNodeStore})
 * in the server's database, so nodes keep their ids, status, exit and revocation across restarts.
 * Revoked nodes keep their row (status revoked), which is what refuses their tokens and device keys
 * later. Every save stamps {@code updated_at}. Pairing tokens are never stored.
 */
public final class EgressNodeStore implements dev.wagateway.egress.tunnel.EgressNodeStore {
  private final ServerDb db;
  private final Clock clock;

  public EgressNodeStore(ServerDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Marks every node stored as online offline: called once at start-up, before any agent can
   * connect, since no tunnel survives a restart. A node shows online again when its agent
   * reconnects. Its lastSeenAt is kept.
   *
   * @return the nodes that were switched, as they are now
   */
  public List<EgressNode> markOnlineNodesOffline() {
    return db.transaction(
        "mark online egress nodes offline",
        c -> {
          List<EgressNode> online =
              ServerDb.query(
                  c,
                  "SELECT * FROM egress_nodes WHERE status = ? ORDER BY created_at, id",
                  EgressNodeStore::map,
                  EgressNode.Status.ONLINE.wireName());
          ServerDb.update(
              c,
              "UPDATE egress_nodes SET status = ?, updated_at = ? WHERE status = ?",
              EgressNode.Status.OFFLINE.wireName(),
              clock.millis(),
              EgressNode.Status.ONLINE.wireName());
          return online.stream()
              .map(
                  n ->
                      new EgressNode(
                          n.id(),
                          n.orgId(),
                          n.senderId(),
                          n.label(),
                          EgressNode.Status.OFFLINE,
                          n.createdAt(),
                          n.lastSeenAt(),
                          n.exitIp(),
                          n.exitCountry(),
                          n.expectedCountry(),
                          n.net(),
                          n.deviceKey(),
                          n.revokedAt()))
              .toList();
        });
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
                    + " device_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT(id) DO UPDATE SET label = excluded.label,"
                    + " status = excluded.status, exit_ip = excluded.exit_ip,"
                    + " exit_country = excluded.exit_country, net = excluded.net,"
                    + " last_seen_at = excluded.last_seen_at, revoked_at = excluded.revoked_at,"
                    + " expected_country = excluded.expected_country,"
                    + " device_key = excluded.device_key, updated_at = excluded.updated_at",
                n.id(),
                n.orgId(),
                n.senderId(),
                n.label(),
                n.status().wireName(),
                n.exitIp(),
                n.exitCountry(),
                n.net(),
                millis(n.lastSeenAt()),
                n.createdAt().toEpochMilli(),
                millis(n.revokedAt()),
                n.expectedCountry(),
                n.deviceKey(),
                clock.millis()));
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
