package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.SenderKeyStore;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The {@code sender_keys} table. */
final class SqlSenderKeyStore implements SenderKeyStore {
  private final String sessionId;
  private final SqlDatabase db;
  private final LongSupplier clock;

  SqlSenderKeyStore(String sessionId, SqlDatabase db, LongSupplier clock) {
    this.sessionId = sessionId;
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<byte[]> load(String groupId, String senderAddress) {
    Checks.text(groupId, "group id");
    Checks.text(senderAddress, "sender address");
    return db.read(
        "load a sender key of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT record FROM sender_keys"
                    + " WHERE session_id = ? AND group_id = ? AND sender_address = ?",
                rs -> rs.getBytes(1),
                sessionId,
                groupId,
                senderAddress));
  }

  @Override
  public void store(String groupId, String senderAddress, byte[] record) {
    Checks.text(groupId, "group id");
    Checks.text(senderAddress, "sender address");
    byte[] bytes = Checks.bytes(record, "sender key record").clone();
    db.transaction(
        "save a sender key of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "INSERT INTO sender_keys (session_id, group_id, sender_address, record,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (session_id, group_id, sender_address) DO UPDATE SET"
                    + " record = excluded.record, updated_at = excluded.updated_at",
                sessionId,
                groupId,
                senderAddress,
                bytes,
                clock.getAsLong()));
  }

  @Override
  public void delete(String groupId, String senderAddress) {
    Checks.text(groupId, "group id");
    Checks.text(senderAddress, "sender address");
    db.transaction(
        "delete a sender key of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "DELETE FROM sender_keys"
                    + " WHERE session_id = ? AND group_id = ? AND sender_address = ?",
                sessionId,
                groupId,
                senderAddress));
  }
}
