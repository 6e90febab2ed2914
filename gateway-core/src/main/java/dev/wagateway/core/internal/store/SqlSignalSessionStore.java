package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.SignalSessionStore;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The {@code signal_sessions} table. */
final class SqlSignalSessionStore implements SignalSessionStore {
  private final String sessionId;
  private final SqlDatabase db;
  private final LongSupplier clock;

  SqlSignalSessionStore(String sessionId, SqlDatabase db, LongSupplier clock) {
    this.sessionId = sessionId;
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<byte[]> load(String address) {
    Checks.text(address, "address");
    return db.read(
        "load a Signal session of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT record FROM signal_sessions WHERE session_id = ? AND address = ?",
                rs -> rs.getBytes(1),
                sessionId,
                address));
  }

  @Override
  public void store(String address, byte[] record) {
    Checks.text(address, "address");
    byte[] bytes = Checks.bytes(record, "session record").clone();
    db.transaction(
        "save a Signal session of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "INSERT INTO signal_sessions (session_id, address, record, updated_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (session_id, address) DO UPDATE SET"
                    + " record = excluded.record, updated_at = excluded.updated_at",
                sessionId,
                address,
                bytes,
                clock.getAsLong()));
  }

  @Override
  public void delete(String address) {
    Checks.text(address, "address");
    db.transaction(
        "delete a Signal session of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "DELETE FROM signal_sessions WHERE session_id = ? AND address = ?",
                sessionId,
                address));
  }
}
