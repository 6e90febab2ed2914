package dev.wagateway.server.internal.session;

import dev.wagateway.core.SessionHost;
import dev.wagateway.core.SessionHostConfig;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.egress.ProxyEndpoint;
import dev.wagateway.server.ServerConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The production session layer: a {@link SessionHost} over the server's store. Outside demo mode
 * sessions reach WhatsApp through the configured proxies or Android nodes (fail closed); in demo
 * mode through loopback only, to the in-process simulator, trusting its root key.
 */
public final class HostSessions implements SessionServiceFactory {
  @Override
  public SessionService open(Deps deps) {
    SessionHostConfig.Builder b = SessionHostConfig.builder().store(deps.store()).clock(deps.clock());
    if (deps.demo() != null) {
      b.egressResolver(s -> LoopbackOnlyEgress.instance())
          .endpoint(URI.create(deps.demo().simulatorUrl()))
          .trustedRootKey(deps.demo().rootKey());
    } else {
      List<ProxyEndpoint> proxies = new ArrayList<>();
      for (String uri : deps.config().egress().proxies()) {
        proxies.add(ProxyEndpoint.parse(uri));
      }
      b.egressResolver(new ServerEgressResolver(deps.egressStore(), deps.nodes(), proxies));
    }
    return new HostSessionService(SessionHost.open(b.build()), deps.egressStore(), deps.clock());
  }

  /** Parses the configured proxies, so a bad URI stops the server at start. */
  public static void checkProxies(ServerConfig config) {
    for (String uri : config.egress().proxies()) {
      ProxyEndpoint.parse(uri);
    }
  }
}
