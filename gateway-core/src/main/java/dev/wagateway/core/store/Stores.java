package dev.wagateway.core.store;

import dev.wagateway.core.internal.store.SqliteGatewayStore;
import java.nio.file.Path;

/**
 * Opens a {@link GatewayStore}. Open one per process and share it between every hosted session:
 * each store owns a connection pool.
 */
public final class Stores {
  private Stores() {}

  /**
   * The embedded default: SQLite in {@code dataDir/wagateway.db} (created when missing), with
   * pending schema migrations applied.
   */
  public static GatewayStore sqlite(Path dataDir) {
    return SqliteGatewayStore.open(dataDir);
  }

  /** As {@link #sqlite(Path)} with a pool of at most {@code maxConnections} (1..64). */
  public static GatewayStore sqlite(Path dataDir, int maxConnections) {
    return SqliteGatewayStore.open(dataDir, maxConnections);
  }

  /** A store without persistence, for tests and embedding. */
  public static GatewayStore inMemory() {
    return new InMemoryGatewayStore();
  }
}
