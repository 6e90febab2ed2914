package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.IdentityStore;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The {@code identities} table. */
final class SqlIdentityStore implements IdentityStore {
  private final String sessionId;
  private final SqlDatabase db;
  private final LongSupplier clock;

  SqlIdentityStore(String sessionId, SqlDatabase db, LongSupplier clock) {
    this.sessionId = sessionId;
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<byte[]> get(String address) {
    Checks.text(address, "address");
    return db.read(
        "load an identity of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT identity_key FROM identities WHERE session_id = ? AND address = ?",
                rs -> rs.getBytes(1),
                sessionId,
                address));
  }

  @Override
  public void put(String address, byte[] identityKey) {
    Checks.text(address, "address");
    byte[] key = Checks.bytes(identityKey, "identity key").clone();
    db.transaction(
        "save an identity of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "INSERT INTO identities (session_id, address, identity_key, updated_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (session_id, address) DO UPDATE SET"
                    + " identity_key = excluded.identity_key, updated_at = excluded.updated_at",
                sessionId,
                address,
                key,
                clock.getAsLong()));
  }

  @Override
  public void remove(String address) {
    Checks.text(address, "address");
    db.transaction(
        "remove an identity of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "DELETE FROM identities WHERE session_id = ? AND address = ?",
                sessionId,
                address));
  }
}
