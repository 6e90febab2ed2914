package dev.wagateway.egress.agent.internal.tunnel;

import java.io.IOException;

/**
 * The peer broke the tunnel protocol (docs/egress-tunnel.md §2): the tunnel ends with {@code GOAWAY
 * protocol_error} and WebSocket close code 4007. Never takes down more than its tunnel.
 */
public final class TunnelProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public TunnelProtocolException(String message) {
    super(message);
  }
}
