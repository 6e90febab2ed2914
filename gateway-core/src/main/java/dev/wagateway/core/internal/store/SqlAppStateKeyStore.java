package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.AppStateKeyStore;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The {@code app_state_keys} table. */
final class SqlAppStateKeyStore implements AppStateKeyStore {
  private final String sessionId;
  private final SqlDatabase db;
  private final LongSupplier clock;

  SqlAppStateKeyStore(String sessionId, SqlDatabase db, LongSupplier clock) {
    this.sessionId = sessionId;
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<byte[]> load(byte[] keyId) {
    byte[] id = Checks.bytes(keyId, "key id").clone();
    return db.read(
        "load an app-state key of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT key_data FROM app_state_keys WHERE session_id = ? AND key_id = ?",
                rs -> rs.getBytes(1),
                sessionId,
                id));
  }

  @Override
  public void store(byte[] keyId, byte[] keyData) {
    byte[] id = Checks.bytes(keyId, "key id").clone();
    byte[] data = Checks.bytes(keyData, "key data").clone();
    db.transaction(
        "save an app-state key of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "INSERT INTO app_state_keys (session_id, key_id, key_data, updated_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (session_id, key_id) DO UPDATE SET"
                    + " key_data = excluded.key_data, updated_at = excluded.updated_at",
                sessionId,
                id,
                data,
                clock.getAsLong()));
  }
}
