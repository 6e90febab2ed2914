package dev.wagateway.server.internal.session;

import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.transport.EgressResolver;
import dev.wagateway.egress.ProxyEndpoint;
import dev.wagateway.egress.ProxyPool;
import dev.wagateway.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The production session layer: a {@link SessionHost} over the server's store. Sessions reach
 * WhatsApp through the configured proxy pool or Android nodes, routed by {@link
 * ServerEgressResolver} (fail closed). An embedder may replace the pool by one egress ({@link
 * FixedPoolEgressResolver}; the command line's demo reaches its in-process simulator through
 * loopback that way) and point the host at another endpoint.
 */
public final class HostSessions implements SessionServiceFactory {
  private final UnaryOperator<SessionHostConfig.Builder> tuning;

  public HostSessions() {
    this(b -> b);
  }

  /**
   * With {@code tuning} applied to the host's config after the server's settings: how an embedding
   * (or a test) points the host at another endpoint or changes its timings. The egress resolver
   * stays the server's.
   */
  public HostSessions(UnaryOperator<SessionHostConfig.Builder> tuning) {
    this.tuning = Objects.requireNonNull(tuning, "tuning");
  }

  @Override
  public SessionService open(Deps deps) {
    SessionHostConfig.Builder b =
        SessionHostConfig.builder().store(deps.store()).clock(deps.clock());
    ServerEgressResolver egress =
        ServerEgressResolver.open(
            deps.store(),
            deps.egressStore(),
            deps.senders(),
            deps.nodes(),
            deps.poolEgress() != null ? List.of() : proxies(deps.config()),
            ProxyPool.DEFAULT_COOL_DOWN,
            deps.clock());
    EgressResolver resolver = egress;
    if (deps.poolEgress() != null) {
      resolver = new FixedPoolEgressResolver(deps.egressStore(), egress, deps.poolEgress());
    }
    SessionHostConfig.Builder tuned = tuning.apply(deps.hostTuning().apply(b));
    tuned.egressResolver(resolver);
    SessionHost host = SessionHost.open(tuned.build());
    deps.nodes().addListener(new ResumeOnNodeOnline(host, deps.egressStore()));
    return new HostSessionService(host, deps.egressStore(), egress, deps.clock());
  }

  /**
   * Parses the configured proxies, so a bad URI (or a proxy without {@code ?country=}) stops the
   * server at start.
   */
  public static void checkProxies(ServerConfig config) {
    ProxyPool.builder().addAll(proxies(config));
  }

  private static List<ProxyEndpoint> proxies(ServerConfig config) {
    List<ProxyEndpoint> proxies = new ArrayList<>();
    for (String uri : config.egress().proxies()) {
      proxies.add(ProxyEndpoint.parse(uri));
    }
    return proxies;
  }
}
