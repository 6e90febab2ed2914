package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.SessionMetaStore;
import java.util.function.LongSupplier;

/**
 * A {@link GatewayStore} over any JDBC database whose SQL this package speaks (SQLite now;
 * PostgreSQL takes the same statements: {@code ON CONFLICT ... DO UPDATE}, {@code LIMIT/OFFSET},
 * typed nulls). A database-specific subclass opens the pool, applies its migration set and closes;
 * everything about rows lives here and in the narrow Sql*Store classes.
 */
abstract class SqlGatewayStore implements GatewayStore {
  /** What deleteSession removes after the key material: the lease, then the metadata. */
  private static final String DELETE_LEASE = "DELETE FROM session_leases WHERE session_id = ?";

  private static final String DELETE_SESSION = "DELETE FROM sessions WHERE id = ?";

  final SqlDatabase db;
  private final LongSupplier clock;
  private final SessionMetaStore sessionMeta;

  SqlGatewayStore(SqlDatabase db, LongSupplier clock) {
    this.db = db;
    this.clock = clock;
    this.sessionMeta = new SqlSessionMetaStore(db);
  }

  @Override
  public DeviceStore device(String sessionId) {
    return new SqlDeviceStore(Checks.sessionId(sessionId), db, clock);
  }

  @Override
  public <T> T inTransaction(String sessionId, TransactionWork<T> work) {
    Checks.sessionId(sessionId);
    Checks.present(work, "work");
    DeviceStore tx = new SqlDeviceStore(sessionId, db, clock);
    return db.transaction("run a transaction for session " + sessionId, c -> work.run(tx));
  }

  @Override
  public void deleteDevice(String sessionId) {
    Checks.sessionId(sessionId);
    db.transaction(
        "delete the key material of session " + sessionId,
        c -> {
          for (String table : SqlDeviceStore.KEY_TABLES) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE session_id = ?", sessionId);
          }
          return null;
        });
  }

  @Override
  public SessionMetaStore sessionMeta() {
    return sessionMeta;
  }

  @Override
  public void deleteSession(String sessionId) {
    Checks.sessionId(sessionId);
    db.transaction(
        "delete session " + sessionId,
        c -> {
          for (String table : SqlDeviceStore.KEY_TABLES) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE session_id = ?", sessionId);
          }
          Jdbc.update(c, "DELETE FROM sent_messages WHERE session_id = ?", sessionId);
          Jdbc.update(c, DELETE_LEASE, sessionId);
          Jdbc.update(c, DELETE_SESSION, sessionId);
          return null;
        });
  }

  /** The database, for tests in this package. */
  SqlDatabase database() {
    return db;
  }
}
