package dev.wagateway.core.store;

/**
 * The whole durable state of a gateway process: one per process (one connection pool), shared
 * by every hosted session. The embedded default is SQLite; PostgreSQL serves several nodes.
 */
public interface GatewayStore extends AutoCloseable {
  /** Key material of one session. Each call outside a transaction commits by itself. */
  DeviceStore device(String sessionId);

  /**
   * Runs {@code work} in one transaction over the session's key material: every write made
   * through the handed-in store commits together, or none does if {@code work} throws.
   */
  <T> T inTransaction(String sessionId, TransactionWork<T> work);

  /** Removes every row that belongs to the session, in one transaction. */
  void deleteDevice(String sessionId);

  @Override
  void close();

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface TransactionWork<T> {
    T run(DeviceStore tx);
  }
}
