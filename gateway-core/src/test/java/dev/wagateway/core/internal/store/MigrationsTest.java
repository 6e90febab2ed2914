package dev.wagateway.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class MigrationsTest {
  private static final String DIR = "/dev/wagateway/core/internal/store/testmigrations/";

  @TempDir Path dir;

  private SqlDatabase database() {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("m.db"));
    return new SqlDatabase(ds, 5_000);
  }

  private static boolean tableExists(Connection c, String name) throws SQLException {
    return Jdbc.queryOne(
            c,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
            rs -> rs.getString(1),
            name)
        .isPresent();
  }

  @Test
  void appliesInOrderOnceAndRecordsEachVersion() throws Exception {
    SqlDatabase db = database();
    Migrations migrations = new Migrations(DIR, List.of("V1__alpha.sql", "V2__gamma.sql"));
    assertEquals(2, migrations.latestVersion());
    assertEquals(List.of(1, 2), db.transaction("migrate", c -> migrations.apply(c, 7L)));
    assertEquals(List.of(), db.transaction("migrate", c -> migrations.apply(c, 8L)));
    db.read(
        "check",
        c -> {
          assertTrue(tableExists(c, "alpha"));
          assertTrue(tableExists(c, "gamma"));
          assertEquals(
              List.of("1:alpha:7", "2:gamma:7"),
              Jdbc.queryList(
                  c,
                  "SELECT version, name, applied_at FROM schema_migrations ORDER BY version",
                  rs -> rs.getInt(1) + ":" + rs.getString(2) + ":" + rs.getLong(3)));
          assertEquals(
              List.of("one"), Jdbc.queryList(c, "SELECT note FROM alpha", rs -> rs.getString(1)));
          return null;
        });
  }

  @Test
  void aLaterVersionIsAppliedOnTopOfAnEarlierOne() {
    SqlDatabase db = database();
    Migrations first = new Migrations(DIR, List.of("V1__alpha.sql"));
    Migrations both = new Migrations(DIR, List.of("V1__alpha.sql", "V2__gamma.sql"));
    assertEquals(List.of(1), db.transaction("migrate", c -> first.apply(c, 1L)));
    assertEquals(List.of(2), db.transaction("migrate", c -> both.apply(c, 2L)));
    StoreException e =
        assertThrows(
            StoreException.class, () -> db.transaction("migrate", c -> first.apply(c, 3L)));
    assertTrue(e.getMessage().contains("newer than this build"), e.getMessage());
  }

  @Test
  void aFailingMigrationLeavesTheDatabaseUntouched() throws Exception {
    SqlDatabase db = database();
    Migrations broken = new Migrations(DIR, List.of("V1__alpha.sql", "V2__broken.sql"));
    StoreException e =
        assertThrows(
            StoreException.class, () -> db.transaction("migrate", c -> broken.apply(c, 1L)));
    assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
    db.read(
        "check",
        c -> {
          assertFalse(tableExists(c, "alpha"), "V1 of the failed batch was rolled back");
          assertFalse(tableExists(c, "beta"));
          assertFalse(tableExists(c, "schema_migrations"));
          return null;
        });
  }

  @Test
  void namesMustBeNumberedConsecutively() {
    assertThrows(
        IllegalArgumentException.class, () -> new Migrations(DIR, List.of("V2__gamma.sql")));
    assertThrows(IllegalArgumentException.class, () -> new Migrations(DIR, List.of("init.sql")));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Migrations(DIR, List.of("V1__alpha.sql", "V1__alpha.sql")));
  }

  @Test
  void aMissingResourceIsAStoreException() {
    SqlDatabase db = database();
    Migrations missing = new Migrations(DIR, List.of("V1__absent.sql"));
    assertThrows(StoreException.class, () -> db.transaction("migrate", c -> missing.apply(c, 1L)));
  }

  @Test
  void scriptsSplitIntoStatementsWithoutComments() {
    assertEquals(
        List.of("CREATE TABLE a (x INTEGER)", "CREATE INDEX i ON a (x)"),
        Migrations.statements(
            "-- header; with a semicolon\nCREATE TABLE a (x INTEGER);\n\n  -- note\n"
                + "CREATE INDEX i ON a (x);\n"));
    assertEquals(List.of(), Migrations.statements("-- only a comment\n\n"));
  }

  @Test
  void theShippedSchemaCreatesEveryTable() throws Exception {
    SqlDatabase db = database();
    db.transaction("migrate", c -> Migrations.SQLITE.apply(c, 1L));
    db.read(
        "check",
        c -> {
          for (String table :
              List.of(
                  "sessions",
                  "session_leases",
                  "credentials",
                  "identities",
                  "prekeys",
                  "prekey_counters",
                  "signal_sessions",
                  "sender_keys",
                  "app_state_keys",
                  "message_journal",
                  "schema_migrations")) {
            assertTrue(tableExists(c, table), table);
          }
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("PRAGMA table_info(prekeys)")) {
            boolean uploaded = false;
            while (rs.next()) {
              uploaded |= rs.getString("name").equals("uploaded");
            }
            assertTrue(uploaded);
          }
          return null;
        });
  }
}
