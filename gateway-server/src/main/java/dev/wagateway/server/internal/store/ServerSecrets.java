package dev.wagateway.server.internal.store;

import java.security.SecureRandom;

/** Random server secrets generated on first use and kept in the database (pairing-token key). */
public final class ServerSecrets {
  private final ServerDb db;
  private final SecureRandom random;

  public ServerSecrets(ServerDb db, SecureRandom random) {
    this.db = db;
    this.random = random;
  }

  /** The secret named {@code name}, {@code length} random bytes created on first call. */
  public byte[] getOrCreate(String name, int length, long now) {
    return db.transaction(
        "read server secret",
        c -> {
          var existing =
              ServerDb.queryOne(
                  c, "SELECT value FROM server_secrets WHERE name = ?", rs -> rs.getBytes(1), name);
          if (existing.isPresent()) {
            return existing.get();
          }
          byte[] value = new byte[length];
          random.nextBytes(value);
          ServerDb.update(
              c,
              "INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)",
              name,
              value,
              now);
          return value;
        });
  }
}
