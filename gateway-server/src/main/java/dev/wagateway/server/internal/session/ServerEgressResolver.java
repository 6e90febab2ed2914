package dev.wagateway.server.internal.session;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException.EgressUnavailableException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.core.transport.EgressResolver;
import dev.wagateway.egress.EgressAssignmentStore;
import dev.wagateway.egress.EgressRouter;
import dev.wagateway.egress.Egresses;
import dev.wagateway.egress.ProxyEndpoint;
import dev.wagateway.egress.ProxyPool;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.internal.store.SenderStore;
import dev.wagateway.server.internal.store.SenderStore.SenderRow;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.store.SessionEgressStore.SessionEgress;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a server session reaches WhatsApp, fail-closed. The egress the API set (the server's {@code
 * session_egress} row, else the core's choice) goes to gateway-egress's {@link EgressRouter}: the
 * managed pool's sticky per-country proxy for {@code external} (country from the explicit {@code
 * country}, the linked number, the pairing-code number, then the sender's number), the node's
 * tunnel for {@code android}, a refusal for {@code direct}. Pool assignments are persisted in the
 * server's database ({@link EgressAssignmentStore#sqlite}, same file and pool). An explicit proxy
 * URL of the gateway family ({@code egress.kind=proxy}) is used as given. Nothing ever connects
 * directly; with no usable egress the session fails with {@code egress_unavailable}.
 *
 * <p>An Android node is also checked against the session's own country (the same explicit country
 * or number the pool would use) at every connect: a node whose agent reports another {@code
 * exitCountry} is not used ({@code egress node ... exits in ar, not in the session's country cl}),
 * and the session retries with back-off until the exit or the choice changes. The registry already
 * refuses a node whose exit contradicts its sender's number.
 */
final class ServerEgressResolver implements EgressResolver {
  private final SessionEgressStore egressStore;
  private final EgressRouter router;
  private final EgressNodeRegistry nodes;

  ServerEgressResolver(
      SessionEgressStore egressStore, EgressRouter router, EgressNodeRegistry nodes) {
    this.egressStore = egressStore;
    this.router = router;
    this.nodes = nodes;
  }

  /**
   * The resolver for a server: the configured proxies (each needs a country) with their assignments
   * in {@code store}'s database, the node registry, and senders' numbers.
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
              .store(EgressAssignmentStore.sqlite(store, clock))
              .coolDown(coolDown)
              .clock(clock)
              .build());
    }
    return new ServerEgressResolver(egressStore, router.build(), nodes);
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
    SessionInfo routed = withEgress(session, choice);
    Egress egress = router.resolve(routed, pairingPhone);
    if (choice != null && choice.kind() == EgressKind.ANDROID) {
      return new CountryCheckedNode(egress, choice.nodeId(), sessionCountry(routed, pairingPhone));
    }
    return egress;
  }

  /** The country the session's exit should be in, or null when nothing gives one. */
  private String sessionCountry(SessionInfo session, String pairingPhone) {
    try {
      return router.countryOf(session, pairingPhone);
    } catch (EgressUnavailableException e) {
      return null;
    }
  }

  /**
   * Drops the session's pool assignment: when it is deleted, or when its egress moves off the pool
   * (to an Android node or an explicit proxy). A change of country needs no release: the pool moves
   * a session whose stored proxy is in another country on its next connect.
   */
  void release(String sessionId) {
    router.release(sessionId);
  }

  /** A node's egress that refuses to connect while the node exits in another country. */
  private final class CountryCheckedNode implements Egress {
    private final Egress node;
    private final String nodeId;
    private final String country;

    CountryCheckedNode(Egress node, String nodeId, String country) {
      this.node = node;
      this.nodeId = nodeId;
      this.country = country;
    }

    @Override
    public Socket connect(String host, int port, Duration timeout) throws IOException {
      EgressNode current = nodes.find(nodeId).orElse(null);
      // a node contradicting its sender's number is refused by the registry, in its own words
      if (country != null && current != null && !current.countryMismatch()) {
        String exit = current.exitCountry();
        if (exit != null && !exit.equals(country)) {
          throw new EgressUnavailableIOException(
              "egress node "
                  + nodeId
                  + " exits in "
                  + exit
                  + ", not in the session's country "
                  + country);
        }
      }
      return node.connect(host, port, timeout);
    }

    @Override
    public String toString() {
      return "node " + nodeId + " (country " + country + ")";
    }
  }

  private static SessionInfo withEgress(SessionInfo s, EgressChoice choice) {
    if (java.util.Objects.equals(choice, s.egress())) {
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
