package dev.wagateway.server.internal.session;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.EgressNodeListener;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.store.SessionEgressStore.SessionEgress;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an egress node comes online, starts again the sessions routed through it that gave up while
 * it was away: still wanted started, but {@code failed} with an {@code egress_unavailable:} or
 * {@code reconnect_loop:} error (stored by versions whose loop detector ended the back-off;
 * sessions now keep retrying). Sessions still retrying need nothing: their next attempt goes
 * through the tunnel. Runs off the tunnel's thread.
 */
final class ResumeOnNodeOnline implements EgressNodeListener {
  private static final Logger log = LoggerFactory.getLogger(ResumeOnNodeOnline.class);

  private final SessionHost host;
  private final SessionEgressStore egressStore;

  ResumeOnNodeOnline(SessionHost host, SessionEgressStore egressStore) {
    this.host = host;
    this.egressStore = egressStore;
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // resume() catches and logs its own failures
  public void onChange(EgressNode before, EgressNode after) {
    boolean cameOnline =
        after.status() == EgressNode.Status.ONLINE
            && (before == null || before.status() != EgressNode.Status.ONLINE);
    if (cameOnline) {
      CompletableFuture.runAsync(() -> resume(after));
    }
  }

  private void resume(EgressNode node) {
    try {
      for (SessionInfo s : host.list(node.orgId())) {
        if (gaveUpOn(s, node.id())) {
          log.info("egress node {} is back: starting session {} again", node.id(), s.id());
          host.start(s.id());
        }
      }
    } catch (GatewayException | IllegalStateException e) {
      // the host is closing, or a session went away meanwhile
      log.debug("resuming the sessions of egress node {} stopped: {}", node.id(), e.toString());
    }
  }

  private boolean gaveUpOn(SessionInfo s, String nodeId) {
    String error = s.lastError();
    if (s.desiredState() != DesiredState.STARTED
        || s.status() != SessionStatus.FAILED
        || error == null
        || !(error.startsWith("egress_unavailable:") || error.startsWith("reconnect_loop:"))) {
      return false;
    }
    EgressChoice choice = egressStore.get(s.id()).map(SessionEgress::choice).orElse(s.egress());
    return choice != null && choice.kind() == EgressKind.ANDROID && nodeId.equals(choice.nodeId());
  }
}
