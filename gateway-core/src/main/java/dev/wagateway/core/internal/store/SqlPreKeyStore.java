package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.store.PreKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The {@code prekeys} table and its {@code prekey_counters} high-water mark. */
final class SqlPreKeyStore implements PreKeyStore {
  private final String sessionId;
  private final SqlDatabase db;
  private final LongSupplier clock;

  SqlPreKeyStore(String sessionId, SqlDatabase db, LongSupplier clock) {
    this.sessionId = sessionId;
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<PreKey> get(int id) {
    return db.read(
        "load a prekey of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT key_id, public_key, private_key FROM prekeys"
                    + " WHERE session_id = ? AND key_id = ?",
                SqlPreKeyStore::map,
                sessionId,
                id));
  }

  @Override
  public void store(List<PreKey> preKeys) {
    List<PreKey> keys = List.copyOf(Checks.present(preKeys, "preKeys"));
    if (keys.isEmpty()) {
      return;
    }
    int max = keys.stream().mapToInt(PreKey::id).max().orElse(0);
    long now = clock.getAsLong();
    db.transaction(
        "save " + keys.size() + " prekeys of session " + sessionId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO prekeys (session_id, key_id, public_key, private_key, uploaded,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (session_id, key_id) DO UPDATE SET"
                      + " public_key = excluded.public_key, private_key = excluded.private_key,"
                      + " uploaded = excluded.uploaded, created_at = excluded.created_at")) {
            for (PreKey key : keys) {
              Jdbc.bind(
                  ps,
                  sessionId,
                  key.id(),
                  key.keyPair().publicKey(),
                  key.keyPair().privateKey(),
                  Boolean.FALSE,
                  now);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return Jdbc.update(
              c,
              "INSERT INTO prekey_counters (session_id, max_id) VALUES (?, ?)"
                  + " ON CONFLICT (session_id) DO UPDATE SET max_id = CASE"
                  + " WHEN excluded.max_id > prekey_counters.max_id THEN excluded.max_id"
                  + " ELSE prekey_counters.max_id END",
              sessionId,
              max);
        });
  }

  @Override
  public void remove(int id) {
    db.transaction(
        "remove a prekey of session " + sessionId,
        c ->
            Jdbc.update(
                c, "DELETE FROM prekeys WHERE session_id = ? AND key_id = ?", sessionId, id));
  }

  @Override
  public int maxId() {
    return db.read(
        "read the prekey counter of session " + sessionId,
        c ->
            Jdbc.queryOne(
                    c,
                    "SELECT max_id FROM prekey_counters WHERE session_id = ?",
                    rs -> rs.getInt(1),
                    sessionId)
                .orElse(0));
  }

  @Override
  public List<PreKey> unuploaded(int limit) {
    Checks.window(0, limit);
    return db.read(
        "list prekeys to upload of session " + sessionId,
        c ->
            Jdbc.queryList(
                c,
                "SELECT key_id, public_key, private_key FROM prekeys"
                    + " WHERE session_id = ? AND uploaded = ? ORDER BY key_id LIMIT ?",
                SqlPreKeyStore::map,
                sessionId,
                Boolean.FALSE,
                limit));
  }

  @Override
  public void markUploaded(int id) {
    db.transaction(
        "mark prekeys uploaded of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "UPDATE prekeys SET uploaded = ?"
                    + " WHERE session_id = ? AND key_id <= ? AND uploaded = ?",
                Boolean.TRUE,
                sessionId,
                id,
                Boolean.FALSE));
  }

  @Override
  public int uploadedCount() {
    return db.read(
        "count uploaded prekeys of session " + sessionId,
        c ->
            Jdbc.queryOne(
                    c,
                    "SELECT COUNT(*) FROM prekeys WHERE session_id = ? AND uploaded = ?",
                    rs -> rs.getInt(1),
                    sessionId,
                    Boolean.TRUE)
                .orElse(0));
  }

  private static PreKey map(ResultSet rs) throws SQLException {
    return new PreKey(
        rs.getInt("key_id"), new KeyPair(rs.getBytes("public_key"), rs.getBytes("private_key")));
  }
}
