package dev.wagateway.core.internal.store;

import dev.wagateway.core.GatewayException.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered schema migrations, {@code V<n>__<name>.sql} resources applied in order, each recorded in
 * {@code schema_migrations}. Applying is idempotent: a database that already has a version skips
 * it. All pending migrations run in one transaction, so a failed migration leaves the database as
 * it was. A database that has a version this build does not know is refused.
 */
final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

  /** The SQLite migration set, oldest first. Add new files at the end; never edit applied ones. */
  static final Migrations SQLITE =
      new Migrations(
          "/dev/wagateway/core/internal/store/sqlite/",
          List.of(
              "V1__init.sql",
              "V2__message_journal.sql",
              "V3__sent_messages.sql",
              "V4__received_messages.sql",
              "V5__send_queue.sql"));

  private final String directory;
  private final List<Migration> migrations;

  Migrations(String directory, List<String> fileNames) {
    this.directory = directory;
    List<Migration> parsed = new ArrayList<>();
    int expected = 1;
    for (String fileName : fileNames) {
      Matcher m = NAME.matcher(fileName);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "migration name must look like V1__init.sql: " + fileName);
      }
      int version = Integer.parseInt(m.group(1));
      if (version != expected) {
        throw new IllegalArgumentException(
            "migrations must be numbered 1, 2, 3...; expected V" + expected + " at " + fileName);
      }
      parsed.add(new Migration(version, m.group(2), fileName));
      expected++;
    }
    this.migrations = List.copyOf(parsed);
  }

  /** A migration: its version, its name and its resource file name. */
  record Migration(int version, String name, String fileName) {}

  List<Migration> migrations() {
    return migrations;
  }

  /** The newest version this build knows. */
  int latestVersion() {
    return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
  }

  /**
   * Applies the pending migrations on {@code connection}, which must be inside a transaction.
   *
   * @return the versions applied now (empty when the schema was current)
   */
  List<Integer> apply(Connection connection, long now) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
              + " version INTEGER NOT NULL PRIMARY KEY,"
              + " name TEXT NOT NULL,"
              + " applied_at BIGINT NOT NULL)");
    }
    SortedSet<Integer> applied = appliedVersions(connection);
    if (!applied.isEmpty() && applied.last() > latestVersion()) {
      throw new StoreException(
          "database schema version "
              + applied.last()
              + " is newer than this build supports ("
              + latestVersion()
              + ")",
          null);
    }
    List<Integer> appliedNow = new ArrayList<>();
    for (Migration migration : migrations) {
      if (applied.contains(migration.version())) {
        continue;
      }
      try (Statement st = connection.createStatement()) {
        for (String sql : statements(load(migration.fileName()))) {
          st.execute(sql);
        }
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")) {
        ps.setInt(1, migration.version());
        ps.setString(2, migration.name());
        ps.setLong(3, now);
        ps.executeUpdate();
      }
      log.info("applied store migration V{} {}", migration.version(), migration.name());
      appliedNow.add(migration.version());
    }
    return appliedNow;
  }

  static SortedSet<Integer> appliedVersions(Connection connection) throws SQLException {
    TreeSet<Integer> versions = new TreeSet<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM schema_migrations")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  String load(String fileName) {
    String path = directory + fileName;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new StoreException("migration resource missing: " + path, null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("could not read migration " + path, e);
    }
  }

  /**
   * Splits a migration script into statements: whole-line {@code --} comments are dropped and
   * statements end with {@code ;}. Migration scripts keep semicolons out of literals.
   */
  static List<String> statements(String script) {
    StringBuilder body = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        body.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String part : body.toString().split(";")) {
      String sql = part.strip();
      if (!sql.isEmpty()) {
        out.add(sql);
      }
    }
    return out;
  }
}
