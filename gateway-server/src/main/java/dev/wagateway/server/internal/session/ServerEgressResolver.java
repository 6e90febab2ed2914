package dev.wagateway.server.internal.session;

import dev.wagateway.core.EgressResolver;
import dev.wagateway.core.GatewayException.EgressUnavailableException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.StoredSession.EgressChoice;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.egress.EgressRouter;
import dev.wagateway.egress.Egresses;
import dev.wagateway.egress.ProxyEndpoint;
import dev.wagateway.egress.ProxyPool;
import dev.wagateway.egress.SqliteEgressAssignmentStore;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.internal.store.SenderStore;
import dev.wagateway.server.internal.store.SenderStore.SenderRow;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.store.SessionEgressStore.SessionEgress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a server session reaches WhatsApp, fail-closed. The egress the API set (the server's {@code
 * session_egress} row, else the core's choice) goes to gateway-egress's {@link EgressRouter}:
 * the managed pool's sticky per-country proxy for {@code external} (country from the explicit
 * {@code country}, the linked number, the pairing-code number, then the sender's number), the
 * node's tunnel for {@code android}, a refusal for {@code direct}. Pool assignments are persisted
 * in the server's database ({@link SqliteEgressAssignmentStore}, same file and pool). An explicit
 * proxy URL of the gateway family ({@code egress.kind=proxy}) is used as given. Nothing ever
 * connects directly; with no usable egress the session fails with {@code egress_unavailable}.
 */
final class ServerEgressResolver implements EgressResolver {
  private final SessionEgressStore egressStore;
  private final EgressRouter router;

  ServerEgressResolver(SessionEgressStore egressStore, EgressRouter router) {
    this.egressStore = egressStore;
    this.router = router;
  }

  /**
   * The resolver for a server: the configured proxies (each needs a country) with their
   * assignments in {@code store}'s database, the node registry, and senders' numbers.
   */
  static ServerEgressResolver open(
      GatewayStore store,
      SessionEgressStore egressStore,
      SenderStore senders,
      EgressNodeRegistry nodes,
      List<ProxyEndpoint> proxies,
      Duration coolDown,
      Clock clock) {
    EgressRouter.Builder router =
        EgressRouter.builder()
            .nodes(nodes)
            .senderPhones(
                (orgId, senderId) -> senders.get(orgId, senderId).map(SenderRow::phoneNumber));
    if (!proxies.isEmpty()) {
      router.pool(
          ProxyPool.builder()
              .addAll(proxies)
              .store(SqliteEgressAssignmentStore.open(store, clock))
              .coolDown(coolDown)
              .clock(clock)
              .build());
    }
    return new ServerEgressResolver(egressStore, router.build());
  }

  @Override
  public Egress resolve(SessionInfo session) {
    return resolve(session, null);
  }

  @Override
  public Egress resolve(SessionInfo session, String pairingPhone) {
    Optional<SessionEgress> stored = egressStore.get(session.id());
    if (stored.isPresent() && stored.get().proxyUrl() != null) {
      try {
        return Egresses.of(stored.get().proxyUrl());
      } catch (RuntimeException e) {
        throw new EgressUnavailableException("the session's proxy URL is unusable", null);
      }
    }
    EgressChoice choice = stored.map(SessionEgress::choice).orElse(session.egress());
    return router.resolve(withEgress(session, choice), pairingPhone);
  }

  /** The pool proxy the session is assigned to now, if any. */
  Optional<ProxyEndpoint> assignment(String sessionId) {
    return router.assignment(sessionId);
  }

  /**
   * Drops the session's pool assignment: when it is deleted, or when its egress moves off the
   * pool (to an Android node or an explicit proxy). A change of country needs no release: the
   * pool moves a session whose stored proxy is in another country on its next connect.
   */
  void release(String sessionId) {
    router.release(sessionId);
  }

  private static SessionInfo withEgress(SessionInfo s, EgressChoice choice) {
    if (choice == s.egress()) {
      return s;
    }
    return new SessionInfo(
        s.id(),
        s.orgId(),
        s.senderId(),
        s.displayName(),
        s.status(),
        s.desiredState(),
        s.lastError(),
        choice,
        s.identity(),
        s.currentQr(),
        s.createdAt(),
        s.updatedAt(),
        s.lastConnectedAt());
  }
}
