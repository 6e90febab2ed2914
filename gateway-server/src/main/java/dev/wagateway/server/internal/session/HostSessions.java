package dev.wagateway.server.internal.session;

import dev.wagateway.core.SessionHost;
import dev.wagateway.core.SessionHostConfig;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.egress.ProxyEndpoint;
import dev.wagateway.egress.ProxyPool;
import dev.wagateway.server.ServerConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The production session layer: a {@link SessionHost} over the server's store. Outside demo mode
 * sessions reach WhatsApp through the configured proxy pool or Android nodes, routed by {@link
 * ServerEgressResolver} (fail closed); in demo mode through loopback only, to the in-process
 * simulator, trusting its root key.
 */
public final class HostSessions implements SessionServiceFactory {
  private final UnaryOperator<SessionHostConfig.Builder> tuning;

  public HostSessions() {
    this(b -> b);
  }

  /**
   * With {@code tuning} applied to the host's config after the server's settings: how an
   * embedding (or a test) points the host at another endpoint or changes its timings. The egress
   * resolver stays the server's.
   */
  public HostSessions(UnaryOperator<SessionHostConfig.Builder> tuning) {
    this.tuning = Objects.requireNonNull(tuning, "tuning");
  }

  @Override
  public SessionService open(Deps deps) {
    SessionHostConfig.Builder b = SessionHostConfig.builder().store(deps.store()).clock(deps.clock());
    ServerEgressResolver egress = null;
    if (deps.demo() != null) {
      b.egressResolver(s -> LoopbackOnlyEgress.instance())
          .endpoint(URI.create(deps.demo().simulatorUrl()))
          .trustedRootKey(deps.demo().rootKey());
    } else {
      egress =
          ServerEgressResolver.open(
              deps.store(),
              deps.egressStore(),
              deps.senders(),
              deps.nodes(),
              proxies(deps.config()),
              ProxyPool.DEFAULT_COOL_DOWN,
              deps.clock());
    }
    SessionHostConfig.Builder tuned = tuning.apply(b);
    if (egress != null) {
      tuned.egressResolver(egress);
    }
    SessionHost host = SessionHost.open(tuned.build());
    if (egress != null) {
      deps.nodes().addListener(new ResumeOnNodeOnline(host, deps.egressStore()));
    }
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
