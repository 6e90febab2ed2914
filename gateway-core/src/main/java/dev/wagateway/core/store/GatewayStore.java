package dev.wagateway.core.store;

/**
 * The whole durable state of a gateway process: one per process (one connection pool), shared by
 * every hosted session. The embedded default is SQLite ({@code Stores.sqlite}); PostgreSQL serves
 * several nodes; {@code Stores.inMemory()} serves tests and embedding.
 *
 * <p>Transactions: every write made inside {@link #inTransaction} (through the handed-in store,
 * through {@link #device} or through {@link #sessionMeta()} on the same thread) commits together
 * when the work returns, or not at all when it throws. A nested {@code inTransaction} on the same
 * thread joins the outer transaction; if the nested work throws, the outer transaction can only
 * roll back. Outside a transaction each call commits by itself (a multi-row call such as {@link
 * PreKeyStore#store} still commits all rows or none).
 *
 * <p>Failures to read or write durably are {@link
 * dev.wagateway.core.GatewayException.StoreException}.
 */
public interface GatewayStore extends AutoCloseable {
  /**
   * Key material of one session. Cheap: a view over the shared pool, not a connection. Each call
   * outside a transaction commits by itself.
   */
  DeviceStore device(String sessionId);

  /**
   * Runs {@code work} in one transaction over the session's key material: every write made through
   * the handed-in store commits together, or none does if {@code work} throws (the exception is
   * rethrown unchanged).
   */
  <T> T inTransaction(String sessionId, TransactionWork<T> work);

  /** Removes the session's key material (every narrow store), in one transaction. */
  void deleteDevice(String sessionId);

  /** Session metadata for the session host and the API. */
  SessionMetaStore sessionMeta();

  /**
   * Removes everything that belongs to the session (key material, metadata, lease), in one
   * transaction. Does nothing when there is nothing to remove.
   */
  void deleteSession(String sessionId);

  /** Releases the pool. Calls after close fail with a StoreException. */
  @Override
  void close();

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface TransactionWork<T> {
    T run(DeviceStore tx);
  }
}
