package dev.wagateway.core.store;

/**
 * The SQLite {@link GatewayStore} ({@code Stores.sqlite}). A module that keeps its own tables in
 * the same database file (the server's orgs, API keys, egress nodes) runs its SQL through {@link
 * #read} and {@link #transaction}, on this store's pool and serialized with the sessions' writes.
 */
public interface SqliteStore extends GatewayStore {
  /**
   * Runs {@code work} on a pooled auto-commit connection (or the calling thread's transaction).
   * SQLExceptions become StoreExceptions.
   *
   * @param what a short description of the work, for error messages
   */
  <T> T read(String what, JdbcWork<T> work);

  /**
   * Runs {@code work} in a write transaction on this store's pool, serialized with the sessions'
   * own writes (one writer at a time); commits when it returns, rolls back when it throws.
   *
   * @param what a short description of the work, for error messages
   */
  <T> T transaction(String what, JdbcWork<T> work);
}
