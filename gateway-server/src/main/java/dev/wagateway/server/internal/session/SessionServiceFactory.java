package dev.wagateway.server.internal.session;

import dev.wagateway.core.internal.store.SqliteGatewayStore;
import dev.wagateway.server.ServerConfig;
import dev.wagateway.server.internal.store.EgressNodeStore;
import java.time.Clock;

/** Opens the session layer the server runs on, over the server's store. */
@FunctionalInterface
public interface SessionServiceFactory {
  SessionService open(Deps deps);

  /** What the session layer gets from the server. */
  record Deps(
      SqliteGatewayStore store, ServerConfig config, EgressNodeStore nodes, Clock clock) {}
}
