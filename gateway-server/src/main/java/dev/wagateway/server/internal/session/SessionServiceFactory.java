package dev.wagateway.server.internal.session;

import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.internal.store.SenderStore;
import dev.wagateway.server.internal.store.SessionEgressStore;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** Opens the session layer the server runs on, over the server's store. */
@FunctionalInterface
public interface SessionServiceFactory {
  SessionService open(Deps deps);

  /**
   * What the session layer gets from the server.
   *
   * @param hostTuning the embedder's changes to the session host's config, applied after the
   *     server's settings
   * @param poolEgress the egress of every managed-pool session instead of the configured proxies,
   *     or null to use the proxies
   */
  record Deps(
      SqliteStore store,
      ServerConfig config,
      EgressNodeRegistry nodes,
      SessionEgressStore egressStore,
      SenderStore senders,
      UnaryOperator<SessionHostConfig.Builder> hostTuning,
      Egress poolEgress,
      Clock clock) {}
}
