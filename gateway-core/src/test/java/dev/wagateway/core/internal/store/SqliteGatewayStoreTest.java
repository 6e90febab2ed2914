package dev.wagateway.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.GatewayStoreContract;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import dev.wagateway.core.store.StoredSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against SQLite, plus what only SQLite has: file, pool, pragmas, schema. */
class SqliteGatewayStoreTest extends GatewayStoreContract {
  /** Every table that holds rows of a session, with its session column. */
  private static final Map<String, String> SESSION_TABLES = new LinkedHashMap<>();

  static {
    for (String table : SqlDeviceStore.KEY_TABLES) {
      SESSION_TABLES.put(table, "session_id");
    }
    SESSION_TABLES.put("session_leases", "session_id");
    SESSION_TABLES.put("sessions", "id");
  }

  @TempDir Path dataDir;

  @Override
  protected GatewayStore newStore() {
    return SqliteGatewayStore.open(dataDir);
  }

  private SqliteGatewayStore sqlite() {
    return (SqliteGatewayStore) store;
  }

  /** A raw connection to the same file, outside the store's pool. */
  private Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + sqlite().databaseFile());
  }

  private long rows(String table, String column, String sessionId) throws SQLException {
    try (Connection c = raw();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?")) {
      ps.setString(1, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getLong(1);
      }
    }
  }

  private String pragma(String name) {
    return sqlite()
        .database()
        .read("pragma", c -> Jdbc.queryOne(c, "PRAGMA " + name, rs -> rs.getString(1)))
        .orElseThrow();
  }

  private void addLease(String sessionId) throws SQLException {
    try (Connection c = raw()) {
      Jdbc.update(
          c,
          "INSERT INTO session_leases (session_id, node_id, acquired_at, expires_at)"
              + " VALUES (?, ?, ?, ?)",
          sessionId,
          "node-1",
          1L,
          2L);
    }
  }

  // ---- rows in the tables ----

  @Test
  void deleteSessionLeavesZeroRowsInEveryTable() throws Exception {
    store.sessionMeta().create(StoredSession.create("s1", "org", 1));
    store.sessionMeta().create(StoredSession.create("s2", "org", 2));
    fillDevice("s1");
    fillDevice("s2");
    addLease("s1");
    addLease("s2");
    for (Map.Entry<String, String> t : SESSION_TABLES.entrySet()) {
      assertTrue(rows(t.getKey(), t.getValue(), "s1") > 0, t.getKey() + " has no s1 row");
    }

    store.deleteSession("s1");

    for (Map.Entry<String, String> t : SESSION_TABLES.entrySet()) {
      assertEquals(0, rows(t.getKey(), t.getValue(), "s1"), t.getKey() + " kept rows of s1");
      assertTrue(rows(t.getKey(), t.getValue(), "s2") > 0, t.getKey() + " lost rows of s2");
    }
  }

  @Test
  void deleteDeviceLeavesZeroKeyRowsAndKeepsMetadata() throws Exception {
    store.sessionMeta().create(StoredSession.create("s1", "org", 1));
    fillDevice("s1");
    store.deleteDevice("s1");
    for (String table : SqlDeviceStore.KEY_TABLES) {
      assertEquals(0, rows(table, "session_id", "s1"), table);
    }
    assertEquals(1, rows("sessions", "id", "s1"));
  }

  @Test
  void failedTransactionWritesNoRows() throws Exception {
    assertThrows(
        IllegalStateException.class,
        () ->
            store.inTransaction(
                "s1",
                tx -> {
                  tx.credentials().save(DeviceKeys.credentials(RANDOM));
                  tx.preKeys().store(DeviceKeys.preKeys(1, 30, RANDOM));
                  tx.signalSessions().store("a.0", bytes("r"));
                  throw new IllegalStateException("abort");
                }));
    for (String table : SqlDeviceStore.KEY_TABLES) {
      assertEquals(0, rows(table, "session_id", "s1"), table);
    }
    store.inTransaction(
        "s1",
        tx -> {
          tx.preKeys().store(DeviceKeys.preKeys(1, 30, RANDOM));
          return null;
        });
    assertEquals(30, rows("prekeys", "session_id", "s1"));
    assertEquals(1, rows("prekey_counters", "session_id", "s1"));
  }

  @Test
  void keysAreStoredAsBlobsAndTimestampsAsMillis() throws Exception {
    DeviceCredentials creds = DeviceKeys.credentials(RANDOM);
    long before = System.currentTimeMillis();
    store.device("s1").credentials().save(creds);
    try (Connection c = raw();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT typeof(noise_private), noise_private, typeof(updated_at), updated_at"
                    + " FROM credentials")) {
      assertTrue(rs.next());
      assertEquals("blob", rs.getString(1));
      assertArrayEquals(creds.noiseKey().privateKey(), rs.getBytes(2));
      assertEquals("integer", rs.getString(3));
      long updatedAt = rs.getLong(4);
      assertTrue(updatedAt >= before && updatedAt <= System.currentTimeMillis() + 1000);
    }
  }

  // ---- file, reopen, migrations ----

  @Test
  void reopeningTheFileKeepsTheData() {
    DeviceCredentials creds = pairedCredentials();
    List<PreKey> preKeys = DeviceKeys.preKeys(1, 20, RANDOM);
    StoredSession meta =
        new StoredSession(
            "s1",
            "org",
            "sender",
            "Label",
            DesiredState.STARTED,
            StoredSession.STATUS_READY,
            null,
            new EgressChoice(EgressKind.DIRECT, null, "NL"),
            "15551234567",
            "Alice",
            "15551234567:3@s.whatsapp.net",
            "99:3@lid",
            10L,
            20L,
            15L);
    DeviceStore device = store.device("s1");
    device.credentials().save(creds);
    device.preKeys().store(preKeys);
    device.preKeys().markUploaded(10);
    device.appStateKeys().store(bytes("k"), bytes("v"));
    store.sessionMeta().create(meta);
    Path file = sqlite().databaseFile();
    store.close();

    store = SqliteGatewayStore.open(dataDir);
    assertEquals(file, sqlite().databaseFile());
    assertEquals(List.of(), sqlite().migratedOnOpen());
    DeviceStore reopened = store.device("s1");
    DeviceCredentials loaded = reopened.credentials().load().orElseThrow();
    assertEquals(creds, loaded);
    assertArrayEquals(creds.identityKey().privateKey(), loaded.identityKey().privateKey());
    assertTrue(DeviceKeys.verify(loaded.signedPreKey(), loaded.identityKey().publicKey()));
    assertEquals(preKeys.subList(10, 20), reopened.preKeys().unuploaded(100));
    assertEquals(10, reopened.preKeys().uploadedCount());
    assertEquals(20, reopened.preKeys().maxId());
    assertArrayEquals(bytes("v"), reopened.appStateKeys().load(bytes("k")).orElseThrow());
    assertEquals(meta, store.sessionMeta().get("s1").orElseThrow());
  }

  @Test
  void migrationsAreAppliedOnceAndRecorded() throws Exception {
    assertEquals(List.of(1, 2, 3, 4, 5), sqlite().migratedOnOpen());
    store.close();
    store = Stores.sqlite(dataDir);
    assertEquals(List.of(), sqlite().migratedOnOpen());
    store.close();
    store = SqliteGatewayStore.open(dataDir);
    assertEquals(List.of(), sqlite().migratedOnOpen());
    try (Connection c = raw();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
      assertEquals("init", rs.getString(2));
      assertTrue(rs.getLong(3) > 0);
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
      assertEquals("message_journal", rs.getString(2));
      assertTrue(rs.next());
      assertEquals(3, rs.getInt(1));
      assertEquals("sent_messages", rs.getString(2));
      assertTrue(rs.next());
      assertEquals(4, rs.getInt(1));
      assertEquals("received_messages", rs.getString(2));
      assertTrue(rs.next());
      assertEquals(5, rs.getInt(1));
      assertEquals("send_queue", rs.getString(2));
      assertFalse(rs.next(), "one row per migration");
    }
  }

  @Test
  void aDatabaseFromANewerBuildIsRefused() throws Exception {
    store.close();
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:sqlite:" + dataDir.resolve(SqliteGatewayStore.DATABASE_FILE))) {
      Jdbc.update(
          c,
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
          99,
          "future",
          1L);
    }
    StoreException e = assertThrows(StoreException.class, () -> SqliteGatewayStore.open(dataDir));
    assertTrue(e.getMessage().contains("newer"), e.getMessage());
    store = null;
    // the refused open released the file: a second attempt reports the same, not "already open"
    StoreException again =
        assertThrows(StoreException.class, () -> SqliteGatewayStore.open(dataDir));
    assertTrue(again.getMessage().contains("newer"), again.getMessage());
  }

  @Test
  void migrationResourcesMatchTheRegisteredList() throws Exception {
    Path dir = Path.of("src/main/resources/dev/wagateway/core/internal/store/sqlite");
    List<String> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> registered =
        Migrations.SQLITE.migrations().stream().map(Migrations.Migration::fileName).toList();
    assertEquals(files, registered);
  }

  // ---- pragmas ----

  @Test
  void pooledConnectionsRunWalFullSyncForeignKeysAndBusyTimeout() throws Exception {
    assertEquals("wal", pragma("journal_mode"));
    assertEquals("2", pragma("synchronous"), "2 = FULL");
    assertEquals("1", pragma("foreign_keys"));
    assertEquals("10000", pragma("busy_timeout"));
    assertTrue(Files.exists(Path.of(sqlite().databaseFile() + "-wal")));
    // journal mode is a property of the file: a foreign connection sees it too
    try (Connection c = raw();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      assertTrue(rs.next());
      assertEquals("wal", rs.getString(1));
    }
  }

  @Test
  void foreignKeysAreEnforced() {
    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                sqlite()
                    .database()
                    .transaction(
                        "insert an orphan lease",
                        c ->
                            Jdbc.update(
                                c,
                                "INSERT INTO session_leases (session_id, node_id, acquired_at,"
                                    + " expires_at) VALUES (?, ?, ?, ?)",
                                "missing",
                                "node",
                                1L,
                                2L)));
    assertTrue(e.getMessage().contains("FOREIGN KEY"), e.getMessage());
  }

  // ---- pool ----

  @Test
  void hundredDeviceStoresShareOnePool() {
    List<DeviceStore> devices = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      DeviceStore device = store.device("pooled-" + i);
      device.identities().put("a.0", bytes("k" + i));
      devices.add(device);
    }
    for (int i = 0; i < 100; i++) {
      assertArrayEquals(bytes("k" + i), devices.get(i).identities().get("a.0").orElseThrow());
    }
    assertEquals(SqliteGatewayStore.DEFAULT_MAX_CONNECTIONS, sqlite().maxConnections());
    assertTrue(
        sqlite().totalConnections() <= SqliteGatewayStore.DEFAULT_MAX_CONNECTIONS,
        "pool grew to " + sqlite().totalConnections());
    assertEquals(0, sqlite().activeConnections(), "every connection went back to the pool");
  }

  @Test
  void aSecondStoreOnTheSameFileIsRefused() {
    StoreException e = assertThrows(StoreException.class, () -> SqliteGatewayStore.open(dataDir));
    assertTrue(e.getMessage().contains("already open"), e.getMessage());
    store.device("s1").identities().put("a.0", bytes("still works"));
    assertArrayEquals(bytes("still works"), store.device("s1").identities().get("a.0").get());
  }

  @Test
  void transactionHoldsOneConnectionWhateverItTouches() {
    int active =
        store.inTransaction(
            "s1",
            tx -> {
              tx.identities().put("a.0", bytes("x"));
              store.device("s2").identities().put("a.0", bytes("y"));
              store.sessionMeta().listAll();
              return sqlite().activeConnections();
            });
    assertEquals(1, active);
    assertEquals(0, sqlite().activeConnections());
  }

  @Test
  void concurrentSessionsNeverSeeBusyErrors() throws Exception {
    store.close();
    store = SqliteGatewayStore.open(dataDir, 3);
    int threads = 12;
    int rounds = 40;
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String sessionId = "busy-" + t;
        futures.add(
            pool.submit(
                () -> {
                  try {
                    for (int i = 1; i <= rounds; i++) {
                      int id = i;
                      store.inTransaction(
                          sessionId,
                          tx -> {
                            tx.preKeys().store(DeviceKeys.preKeys(id, 1, RANDOM));
                            tx.signalSessions().store("a." + id, bytes("r" + id));
                            return tx.preKeys().maxId();
                          });
                      store.device(sessionId).identities().put("i." + id, bytes("k"));
                      store.device(sessionId).signalSessions().load("a." + id);
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
    }
    assertEquals(List.of(), failures);
    for (int t = 0; t < threads; t++) {
      assertEquals(rounds, rows("prekeys", "session_id", "busy-" + t));
      assertEquals(rounds, rows("signal_sessions", "session_id", "busy-" + t));
      assertEquals(rounds, rows("identities", "session_id", "busy-" + t));
    }
    assertTrue(sqlite().totalConnections() <= 3);
  }

  // ---- errors ----

  @Test
  void sqlFailuresBecomeStoreExceptionsWithoutKeyBytes() throws Exception {
    DeviceCredentials creds = DeviceKeys.credentials(RANDOM);
    try (Connection c = raw();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE credentials");
    }
    StoreException e =
        assertThrows(StoreException.class, () -> store.device("s1").credentials().save(creds));
    assertEquals("store_error", e.code());
    assertTrue(e.getMessage().contains("save credentials of session s1"), e.getMessage());
    assertTrue(e.getCause() instanceof SQLException);
    String hex = HexFormat.of().formatHex(creds.noiseKey().privateKey());
    assertFalse(e.getMessage().contains(hex.substring(0, 8)));
    assertFalse(e.getMessage().contains(HexFormat.of().formatHex(creds.advSecret(), 0, 4)));
  }

  @Test
  void aFileThatIsNotADatabaseIsAStoreExceptionAndReleasesTheFile() throws Exception {
    Path other = dataDir.resolve("corrupt");
    Files.createDirectories(other);
    byte[] garbage = new byte[8192];
    java.util.Arrays.fill(garbage, (byte) 0x5a);
    Files.write(other.resolve(SqliteGatewayStore.DATABASE_FILE), garbage);
    StoreException first = assertThrows(StoreException.class, () -> SqliteGatewayStore.open(other));
    assertEquals("store_error", first.code());
    StoreException second =
        assertThrows(StoreException.class, () -> SqliteGatewayStore.open(other));
    assertFalse(second.getMessage().contains("already open"), second.getMessage());
  }

  @Test
  void aBadDataDirectoryIsAStoreException() throws Exception {
    Path notADir = Files.writeString(dataDir.resolve("plain-file"), "x");
    assertThrows(StoreException.class, () -> SqliteGatewayStore.open(notADir.resolve("sub")));
  }
}
