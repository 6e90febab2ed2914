package dev.wagateway.server.internal.session;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException.EgressUnavailableException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.EgressResolver;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.store.SessionEgressStore.SessionEgress;

/**
 * The server's routing with the managed pool replaced by one egress the embedder gives (the command
 * line's demo gives {@code LoopbackOnlyEgress}, to reach its in-process simulator): a session on
 * the pool ({@code external}) connects through it; a session on an Android node goes through that
 * node's tunnel exactly as otherwise (the server's own resolver, with its checks); {@code direct}
 * stays refused.
 */
final class FixedPoolEgressResolver implements EgressResolver {
  private final SessionEgressStore egressStore;
  private final ServerEgressResolver nodes;
  private final Egress pool;

  FixedPoolEgressResolver(SessionEgressStore egressStore, ServerEgressResolver nodes, Egress pool) {
    this.egressStore = egressStore;
    this.nodes = nodes;
    this.pool = pool;
  }

  @Override
  public Egress resolve(SessionInfo session) {
    return resolve(session, null);
  }

  @Override
  public Egress resolve(SessionInfo session, String pairingPhone) {
    EgressChoice choice =
        egressStore.get(session.id()).map(SessionEgress::choice).orElse(session.egress());
    EgressKind kind = choice == null ? EgressKind.EXTERNAL : choice.kind();
    switch (kind) {
      case ANDROID:
        return nodes.resolve(session, pairingPhone);
      case DIRECT:
        throw new EgressUnavailableException("direct egress is not allowed", null);
      default:
        return pool;
    }
  }
}
