package dev.wagateway.server.internal.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** API key rows: never the secret, only its SHA-256. */
public final class ApiKeyStore {
  private static final String COLUMNS =
      "id, org_id, name, prefix, mode, capabilities, secret_hash, created_at, last_used_at,"
          + " expires_at";

  private final ServerDb db;

  public ApiKeyStore(ServerDb db) {
    this.db = db;
  }

  /** A stored key. {@code capabilities} is a comma-separated list of wire names. */
  public record KeyRow(
      String id,
      String orgId,
      String name,
      String prefix,
      String mode,
      String capabilities,
      byte[] secretHash,
      long createdAt,
      Long lastUsedAt,
      Long expiresAt) {}

  public void insert(KeyRow row) {
    db.transaction(
        "insert api key",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.id(),
                row.orgId(),
                row.name(),
                row.prefix(),
                row.mode(),
                row.capabilities(),
                row.secretHash(),
                row.createdAt(),
                row.lastUsedAt(),
                row.expiresAt()));
  }

  public Optional<KeyRow> get(String id) {
    return db.read(
        "read api key",
        c ->
            ServerDb.queryOne(
                c, "SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", ApiKeyStore::map, id));
  }

  public List<KeyRow> list(String orgId) {
    return db.read(
        "list api keys",
        c ->
            ServerDb.query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM api_keys WHERE org_id = ? ORDER BY created_at DESC, id",
                ApiKeyStore::map,
                orgId));
  }

  public boolean delete(String orgId, String id) {
    return db.transaction(
            "delete api key",
            c -> ServerDb.update(c, "DELETE FROM api_keys WHERE id = ? AND org_id = ?", id, orgId))
        > 0;
  }

  public void touch(String id, long now) {
    db.transaction(
        "mark api key used",
        c -> ServerDb.update(c, "UPDATE api_keys SET last_used_at = ? WHERE id = ?", now, id));
  }

  private static KeyRow map(ResultSet rs) throws SQLException {
    return new KeyRow(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("name"),
        rs.getString("prefix"),
        rs.getString("mode"),
        rs.getString("capabilities"),
        rs.getBytes("secret_hash"),
        rs.getLong("created_at"),
        ServerDb.nullableLong(rs, "last_used_at"),
        ServerDb.nullableLong(rs, "expires_at"));
  }
}
