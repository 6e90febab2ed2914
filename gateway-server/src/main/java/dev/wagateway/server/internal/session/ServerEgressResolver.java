package dev.wagateway.server.internal.session;

import dev.wagateway.core.EgressResolver;
import dev.wagateway.core.GatewayException.EgressUnavailableException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.store.StoredSession.EgressChoice;
import dev.wagateway.core.store.StoredSession.EgressKind;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.egress.CountryResolver;
import dev.wagateway.egress.Egresses;
import dev.wagateway.egress.ProxyEndpoint;
import dev.wagateway.egress.ProxyPool;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.store.SessionEgressStore.SessionEgress;
import java.util.List;
import java.util.Optional;

/**
 * How a session reaches WhatsApp, fail-closed: an explicit proxy URL, an Android node's tunnel,
 * or the configured proxy pool by country. Nothing ever connects directly; with no usable egress
 * the session fails with {@code egress_unavailable}.
 */
final class ServerEgressResolver implements EgressResolver {
  private final SessionEgressStore egressStore;
  private final EgressNodeRegistry nodes;
  private final ProxyPool pool;
  private final List<ProxyEndpoint> countryless;

  ServerEgressResolver(
      SessionEgressStore egressStore, EgressNodeRegistry nodes, List<ProxyEndpoint> proxies) {
    this.egressStore = egressStore;
    this.nodes = nodes;
    this.pool = proxies.isEmpty() ? null : ProxyPool.builder().addAll(proxies).build();
    this.countryless = proxies.stream().filter(p -> p.country() == null).toList();
  }

  @Override
  public Egress resolve(SessionInfo session) {
    Optional<SessionEgress> stored = egressStore.get(session.id());
    EgressChoice choice =
        stored.map(SessionEgress::choice).orElse(session.egress());
    if (stored.isPresent() && stored.get().proxyUrl() != null) {
      return Egresses.of(stored.get().proxyUrl());
    }
    EgressKind kind = choice == null ? EgressKind.EXTERNAL : choice.kind();
    switch (kind) {
      case ANDROID:
        if (choice.nodeId() == null) {
          throw new EgressUnavailableException("android egress without a node id", null);
        }
        return nodes.egress(choice.nodeId());
      case DIRECT:
        throw new EgressUnavailableException("direct egress is not allowed", null);
      default:
        return pooled(session, choice == null ? null : choice.country());
    }
  }

  private Egress pooled(SessionInfo session, String country) {
    String c = country;
    if (c == null && session.identity() != null) {
      try {
        c = CountryResolver.countryOf(session.identity().phone());
      } catch (RuntimeException e) {
        c = null;
      }
    }
    if (c != null && pool != null) {
      return pool.egressFor(session.id(), c);
    }
    if (!countryless.isEmpty()) {
      return Egresses.of(countryless.get(0));
    }
    throw new EgressUnavailableException(
        pool == null
            ? "no egress proxies are configured (egress.proxies)"
            : "no country known for the session; set egress.country or a proxy without country",
        null);
  }
}
