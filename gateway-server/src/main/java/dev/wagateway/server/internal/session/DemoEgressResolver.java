package dev.wagateway.server.internal.session;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException.EgressUnavailableException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.EgressResolver;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.store.SessionEgressStore.SessionEgress;

/**
 * Demo mode's egress: the in-process simulator stands in for WhatsApp on loopback, so a session
 * on the managed pool reaches it through {@link LoopbackOnlyEgress} (which refuses any other
 * address). A session on an Android node goes through that node's tunnel exactly as outside demo
 * mode (the server's own resolver, with its checks), so an agent on the same machine carries the
 * demo's traffic. {@code direct} stays refused.
 */
final class DemoEgressResolver implements EgressResolver {
  private final SessionEgressStore egressStore;
  private final ServerEgressResolver nodes;

  DemoEgressResolver(SessionEgressStore egressStore, ServerEgressResolver nodes) {
    this.egressStore = egressStore;
    this.nodes = nodes;
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
        return LoopbackOnlyEgress.instance();
    }
  }
}
