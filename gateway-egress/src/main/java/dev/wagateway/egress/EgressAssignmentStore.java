package dev.wagateway.egress;

import java.util.Optional;

/**
 * Where {@link ProxyPool} keeps which proxy each session uses, so the assignment survives a restart
 * (a session that changes exit IP without reason looks like a stolen session). Proxy ids are {@link
 * ProxyEndpoint#id()} values: they contain no password.
 *
 * <p>Implementations must be safe for concurrent use. The pool only calls these three methods.
 */
public interface EgressAssignmentStore {
  /** The proxy id assigned to {@code sessionId}, if any. */
  Optional<String> find(String sessionId);

  /** Assigns (or moves) {@code sessionId} to {@code proxyId}, durably. */
  void save(String sessionId, String proxyId);

  /** Forgets the assignment of {@code sessionId} (the session was deleted). */
  void remove(String sessionId);

  /** Assignments kept in memory only: for tests and embedders without a database. */
  static EgressAssignmentStore inMemory() {
    return new InMemoryEgressAssignmentStore();
  }

  /**
   * Assignments kept in {@code store}'s SQLite database (its own table, same file and pool).
   *
   * @throws dev.wagateway.core.GatewayException.ValidationException when {@code store} is not an
   *     SQLite store
   */
  static EgressAssignmentStore sqlite(dev.wagateway.core.store.GatewayStore store) {
    return SqliteEgressAssignmentStore.open(store);
  }

  /**
   * As {@link #sqlite(dev.wagateway.core.store.GatewayStore)}, stamping rows with {@code clock}.
   */
  static EgressAssignmentStore sqlite(
      dev.wagateway.core.store.GatewayStore store, java.time.Clock clock) {
    return SqliteEgressAssignmentStore.open(store, clock);
  }
}
