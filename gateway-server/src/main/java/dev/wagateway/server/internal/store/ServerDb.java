package dev.wagateway.server.internal.store;

import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.store.JdbcWork;
import dev.wagateway.core.store.SqliteStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's tables in the core store's SQLite database, on the core's pool and writer lock.
 * Server migrations are numbered separately from the core's and recorded in {@code
 * server_schema_migrations}.
 */
public final class ServerDb {
  private static final Logger log = LoggerFactory.getLogger(ServerDb.class);
  private static final String DIR = "/dev/wagateway/server/internal/store/";

  /**
   * The migrations in order; each one's version is the number in its name. Versions may have gaps
   * (numbers are reserved per feature), a database records each version it applied.
   */
  private static final List<String> MIGRATIONS =
      List.of(
          "V1__server.sql",
          "V2__session_egress.sql",
          "V3__events.sql",
          "V4__egress_nodes.sql",
          "V5__idempotency.sql",
          "V8__webhook_deliveries.sql");

  private static final Pattern VERSION = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

  private final SqliteStore store;

  private ServerDb(SqliteStore store) {
    this.store = store;
  }

  /** Applies pending server migrations on {@code store}'s database. */
  public static ServerDb open(SqliteStore store, long now) {
    ServerDb db = new ServerDb(store);
    db.transaction("migrate the server tables", c -> migrate(c, now));
    return db;
  }

  public <T> T read(String what, JdbcWork<T> work) {
    return store.read(what, work);
  }

  public <T> T transaction(String what, JdbcWork<T> work) {
    return store.transaction(what, work);
  }

  private static Void migrate(Connection c, long now) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS server_schema_migrations ("
              + " version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL,"
              + " applied_at BIGINT NOT NULL)");
    }
    TreeSet<Integer> applied = new TreeSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM server_schema_migrations")) {
      while (rs.next()) {
        applied.add(rs.getInt(1));
      }
    }
    int latest = version(MIGRATIONS.get(MIGRATIONS.size() - 1));
    if (!applied.isEmpty() && applied.last() > latest) {
      throw new StoreException(
          "server schema version " + applied.last() + " is newer than this build supports", null);
    }
    for (String file : MIGRATIONS) {
      int version = version(file);
      if (applied.contains(version)) {
        continue;
      }
      try (Statement st = c.createStatement()) {
        for (String sql : statements(load(file))) {
          st.execute(sql);
        }
      }
      update(
          c,
          "INSERT INTO server_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
          version,
          file,
          now);
      log.info("applied server migration {}", file);
    }
    return null;
  }

  static int version(String file) {
    java.util.regex.Matcher m = VERSION.matcher(file);
    if (!m.matches()) {
      throw new StoreException("server migration name must look like V1__name.sql: " + file, null);
    }
    return Integer.parseInt(m.group(1));
  }

  private static String load(String file) {
    try (InputStream in = ServerDb.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new StoreException("server migration missing: " + file, null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("could not read server migration " + file, e);
    }
  }

  static List<String> statements(String script) {
    StringBuilder body = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        body.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String part : body.toString().split(";")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  // ---- JDBC helpers for the repositories ----

  /** Maps one row. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.map(rs));
        }
        return out;
      }
    }
  }

  public static <T> Optional<T> queryOne(Connection c, String sql, Row<T> row, Object... params)
      throws SQLException {
    List<T> rows = query(c, sql, row, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int index = i + 1;
      if (p == null) {
        ps.setNull(index, Types.VARCHAR);
      } else if (p instanceof String s) {
        ps.setString(index, s);
      } else if (p instanceof Long n) {
        ps.setLong(index, n);
      } else if (p instanceof Integer n) {
        ps.setInt(index, n);
      } else if (p instanceof byte[] b) {
        ps.setBytes(index, b);
      } else {
        throw new IllegalArgumentException("unsupported SQL parameter " + p.getClass());
      }
    }
  }
}
