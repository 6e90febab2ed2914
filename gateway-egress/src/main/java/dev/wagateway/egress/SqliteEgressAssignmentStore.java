package dev.wagateway.egress;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.SqliteStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link EgressAssignmentStore} in the core store's SQLite database (table {@code
 * egress_assignments}, on the core's connection pool and writer lock), so a session keeps its
 * proxy, and so its exit IP, across restarts. Proxy ids carry no password.
 *
 * <p>The table is created on {@link #open} when missing; its version is recorded in {@code
 * egress_schema_migrations} (numbered separately from the core's and the server's).
 */
final class SqliteEgressAssignmentStore implements EgressAssignmentStore {
  private static final int SCHEMA_VERSION = 1;

  private final SqliteStore store;
  private final Clock clock;

  private SqliteEgressAssignmentStore(SqliteStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The assignments in {@code store}'s database, creating the table when missing.
   *
   * @throws ValidationException when {@code store} is not a SQLite store ({@code Stores.sqlite})
   */
  static SqliteEgressAssignmentStore open(GatewayStore store) {
    return open(store, Clock.systemUTC());
  }

  /** {@link #open(GatewayStore)} with the clock that stamps {@code updated_at}. */
  static SqliteEgressAssignmentStore open(GatewayStore store, Clock clock) {
    Objects.requireNonNull(store, "store");
    if (!(store instanceof SqliteStore sqlite)) {
      throw new ValidationException(
          "proxy assignments need the SQLite store (Stores.sqlite); use"
              + " InMemoryEgressAssignmentStore otherwise");
    }
    SqliteEgressAssignmentStore s =
        new SqliteEgressAssignmentStore(sqlite, Objects.requireNonNull(clock, "clock"));
    sqlite.transaction("create the egress_assignments table", s::migrate);
    return s;
  }

  @Override
  public Optional<String> find(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    return store.read(
        "read the proxy assignment of session " + sessionId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT proxy_id FROM egress_assignments WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public void save(String sessionId, String proxyId) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(proxyId, "proxyId");
    long now = clock.millis();
    store.transaction(
        "store the proxy assignment of session " + sessionId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO egress_assignments (session_id, proxy_id, updated_at)"
                      + " VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE"
                      + " SET proxy_id = excluded.proxy_id, updated_at = excluded.updated_at")) {
            ps.setString(1, sessionId);
            ps.setString(2, proxyId);
            ps.setLong(3, now);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void remove(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    store.transaction(
        "remove the proxy assignment of session " + sessionId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM egress_assignments WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            return ps.executeUpdate();
          }
        });
  }

  private Void migrate(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS egress_schema_migrations ("
              + " version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
      int current = 0;
      try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM egress_schema_migrations")) {
        if (rs.next()) {
          current = rs.getInt(1);
        }
      }
      if (current > SCHEMA_VERSION) {
        throw new SQLException(
            "egress schema version " + current + " is newer than this build supports");
      }
      if (current < 1) {
        st.execute(
            "CREATE TABLE IF NOT EXISTS egress_assignments ("
                + " session_id TEXT NOT NULL PRIMARY KEY,"
                + " proxy_id TEXT NOT NULL,"
                + " updated_at BIGINT NOT NULL)");
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO egress_schema_migrations (version, applied_at) VALUES (1, ?)")) {
          ps.setLong(1, clock.millis());
          ps.executeUpdate();
        }
      }
    }
    return null;
  }
}
