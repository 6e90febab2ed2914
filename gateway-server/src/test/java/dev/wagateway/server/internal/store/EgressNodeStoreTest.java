package dev.wagateway.server.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wagateway.core.MutableClock;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.server.internal.store.SenderStore.SenderRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Egress nodes in the server's SQLite database (migration V4): rows survive a reopen field for
 * field, every save stamps updated_at, nodes left online are switched offline at start-up (and only
 * those), and no column could hold a pairing token.
 */
class EgressNodeStoreTest {
  private static final long T0 = 1_800_000_000_000L;

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));

  @Test
  void nodesAreDurableStampedAndResetToOfflineAtStart() {
    EgressNode online =
        node("en_a", EgressNode.Status.ONLINE, Instant.ofEpochMilli(T0 - 5_000), null);
    EgressNode pending = node("en_b", EgressNode.Status.PENDING, null, null);
    EgressNode revoked =
        node("en_c", EgressNode.Status.REVOKED, null, Instant.ofEpochMilli(T0 - 1_000));
    try (SqliteStore store = Stores.sqlite(dir)) {
      ServerDb db = ServerDb.open(store, T0);
      new Orgs(db).ensure("org1", "Org", T0);
      new SenderStore(db).insert(new SenderRow("snd_1", "org1", "Store", "+56912345678", T0, T0));
      EgressNodeStore nodes = new EgressNodeStore(db, clock);
      nodes.save(online);
      nodes.save(pending);
      clock.advance(Duration.ofSeconds(1));
      nodes.save(revoked);
      assertEquals(T0, updatedAt(db, "en_a"));
      assertEquals(T0 + 1_000, updatedAt(db, "en_c"));
      assertEquals(
          List.of(4),
          db.read(
              "schema",
              c ->
                  ServerDb.query(
                      c,
                      "SELECT version FROM server_schema_migrations WHERE version = 4",
                      rs -> rs.getInt(1))));
      List<String> columns =
          db.read(
              "columns",
              c ->
                  ServerDb.query(c, "PRAGMA table_info(egress_nodes)", rs -> rs.getString("name")));
      assertFalse(
          columns.stream().anyMatch(name -> name.contains("token")), () -> "columns " + columns);
    }

    // a restart: the same rows come back; only the online node is switched to offline
    clock.advance(Duration.ofMinutes(1));
    try (SqliteStore store = Stores.sqlite(dir)) {
      ServerDb db = ServerDb.open(store, clock.millis());
      EgressNodeStore nodes = new EgressNodeStore(db, clock);
      assertEquals(Optional.of(pending), nodes.find("en_b"));
      assertEquals(Optional.of(revoked), nodes.find("en_c"));
      assertEquals(Optional.of(online), nodes.find("en_a"));

      EgressNode offline = withStatus(online, EgressNode.Status.OFFLINE);
      assertEquals(List.of(offline), nodes.markOnlineNodesOffline());
      assertEquals(Optional.of(offline), nodes.find("en_a"));
      assertEquals(T0 + 61_000, updatedAt(db, "en_a"));
      assertEquals(T0 + 1_000, updatedAt(db, "en_c"), "other rows untouched");
      assertEquals(List.of(), nodes.markOnlineNodesOffline());
      assertEquals(
          List.of(offline, pending, revoked),
          nodes.list("org1").stream()
              .sorted(java.util.Comparator.comparing(EgressNode::id))
              .toList());
    }
  }

  private static EgressNode node(
      String id, EgressNode.Status status, Instant seen, Instant revokedAt) {
    return new EgressNode(
        id,
        "org1",
        "snd_1",
        "Phone " + id,
        status,
        Instant.ofEpochMilli(T0 - 10_000),
        seen,
        seen == null ? null : "203.0.113.7",
        seen == null ? null : "cl",
        "cl",
        seen == null ? null : "cell",
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" + id,
        revokedAt);
  }

  private static EgressNode withStatus(EgressNode n, EgressNode.Status status) {
    return new EgressNode(
        n.id(),
        n.orgId(),
        n.senderId(),
        n.label(),
        status,
        n.createdAt(),
        n.lastSeenAt(),
        n.exitIp(),
        n.exitCountry(),
        n.expectedCountry(),
        n.net(),
        n.deviceKey(),
        n.revokedAt());
  }

  private static long updatedAt(ServerDb db, String id) {
    return db.read(
        "updated_at",
        c ->
            ServerDb.queryOne(
                    c, "SELECT updated_at FROM egress_nodes WHERE id = ?", rs -> rs.getLong(1), id)
                .orElseThrow());
  }
}
