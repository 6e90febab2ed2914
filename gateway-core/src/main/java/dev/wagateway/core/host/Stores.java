package dev.wagateway.core.host;

import dev.wagateway.core.internal.store.InMemoryGatewayStore;
import dev.wagateway.core.internal.store.SqliteGatewayStore;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.SqliteStore;
import java.nio.file.Path;

/**
 * Opens a {@link GatewayStore}. Open one per process and share it between every hosted session:
 * each store owns a connection pool.
 */
public final class Stores {
  private Stores() {}

  /**
   * The embedded default: SQLite in {@code dataDir/wagateway.db} (created when missing), with
   * pending schema migrations applied. Other modules may keep their own tables in it through {@link
   * SqliteStore#read} and {@link SqliteStore#transaction}.
   */
  public static SqliteStore sqlite(Path dataDir) {
    return SqliteGatewayStore.open(dataDir);
  }

  /** As {@link #sqlite(Path)} with a pool of at most {@code maxConnections} (1..64). */
  public static SqliteStore sqlite(Path dataDir, int maxConnections) {
    return SqliteGatewayStore.open(dataDir, maxConnections);
  }

  /** A store without persistence, for tests and embedding. */
  public static GatewayStore inMemory() {
    return new InMemoryGatewayStore();
  }
}
