package dev.wagateway.server.internal.session;

import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.internal.demo.DemoWorld;
import dev.wagateway.server.internal.store.SenderStore;
import dev.wagateway.server.internal.store.SessionEgressStore;
import java.time.Clock;

/** Opens the session layer the server runs on, over the server's store. */
@FunctionalInterface
public interface SessionServiceFactory {
  SessionService open(Deps deps);

  /** What the session layer gets from the server. {@code demo} is null outside demo mode. */
  record Deps(
      SqliteStore store,
      ServerConfig config,
      EgressNodeRegistry nodes,
      SessionEgressStore egressStore,
      SenderStore senders,
      DemoWorld demo,
      Clock clock) {}
}
