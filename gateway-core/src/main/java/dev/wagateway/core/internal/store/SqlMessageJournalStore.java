package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.MessageJournalStore;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The {@code message_journal} table. */
final class SqlMessageJournalStore implements MessageJournalStore {
  private final String sessionId;
  private final SqlDatabase db;
  private final LongSupplier clock;

  SqlMessageJournalStore(String sessionId, SqlDatabase db, LongSupplier clock) {
    this.sessionId = sessionId;
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void record(String key, byte[] plaintext) {
    Checks.text(key, "journal key");
    byte[] bytes = Checks.bytes(plaintext, "plaintext").clone();
    db.transaction(
        "journal a message of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "INSERT INTO message_journal (session_id, entry_key, plaintext, recorded_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (session_id, entry_key) DO UPDATE SET"
                    + " plaintext = excluded.plaintext, recorded_at = excluded.recorded_at",
                sessionId,
                key,
                bytes,
                clock.getAsLong()));
  }

  @Override
  public Optional<byte[]> load(String key) {
    Checks.text(key, "journal key");
    return db.read(
        "load a journaled message of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT plaintext FROM message_journal WHERE session_id = ? AND entry_key = ?",
                rs -> rs.getBytes(1),
                sessionId,
                key));
  }

  @Override
  public int deleteOlderThan(long epochMillis) {
    return db.transaction(
        "prune the message journal of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "DELETE FROM message_journal WHERE session_id = ? AND recorded_at < ?",
                sessionId,
                epochMillis));
  }
}
