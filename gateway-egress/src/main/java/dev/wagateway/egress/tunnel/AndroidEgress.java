package dev.wagateway.egress.tunnel;

import dev.wagateway.core.transport.Egress;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * The egress of one Android node: {@link #connect} opens a stream through the node's live tunnel
 * (docs/egress-tunnel.md §11). Each connect uses the tunnel live at that moment, so a session
 * reconnecting after the agent reconnected goes through the new tunnel. No tunnel, a revoked node
 * or an exit in the wrong country: {@link EgressUnavailableIOException}; never a direct path.
 */
public final class AndroidEgress implements Egress {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final EgressNodeRegistry registry;
  private final String nodeId;

  AndroidEgress(EgressNodeRegistry registry, String nodeId) {
    this.registry = registry;
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public Socket connect(String host, int port, Duration timeout) throws IOException {
    if (host == null || host.isEmpty() || host.length() > 255) {
      throw new EgressUnavailableIOException("bad destination: egress node " + nodeId + " host");
    }
    if (port < 1 || port > 65535) {
      throw new EgressUnavailableIOException(
          "bad destination: egress node " + nodeId + " can't carry port " + port);
    }
    Duration t =
        timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
    return registry.connect(nodeId, host, port, t.toMillis());
  }

  @Override
  public String toString() {
    return "AndroidEgress[" + nodeId + "]";
  }
}
