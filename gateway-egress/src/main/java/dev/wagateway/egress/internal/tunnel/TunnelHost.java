package dev.wagateway.egress.internal.tunnel;

import dev.wagateway.egress.agent.internal.tunnel.Json;
import dev.wagateway.egress.agent.internal.tunnel.TunnelProtocolException;

/** What a {@link GatewayTunnel} needs from the node registry that hosts it. */
public interface TunnelHost {
  /**
   * Checks a {@code HELLO} against the challenge {@code nonce}: enrolment token or node key.
   *
   * @throws Refused with the {@code GOAWAY} error ({@code token_invalid}, {@code token_expired},
   *     {@code node_revoked}, {@code unsupported_version})
   */
  Identity authenticate(Json.Obj hello, byte[] nonce) throws Refused;

  /** The tunnel sent {@code WELCOME}: it is the node's tunnel now. */
  void online(GatewayTunnel tunnel);

  /** The agent sent a {@code REPORT}. */
  void report(GatewayTunnel tunnel, Json.Obj report) throws TunnelProtocolException;

  /** The tunnel ended (after or before authentication). */
  void closed(GatewayTunnel tunnel, String reason);

  /** Who a {@code HELLO} proved to be. */
  final class Identity {
    public final String nodeId;
    public final String orgId;

    /** The device key the HELLO proved possession of (base64url SubjectPublicKeyInfo). */
    public final String deviceKey;

    public Identity(String nodeId, String orgId, String deviceKey) {
      this.nodeId = nodeId;
      this.orgId = orgId;
      this.deviceKey = deviceKey;
    }
  }

  /** Authentication refused with a {@code GOAWAY} error code. */
  final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    public final String error;

    public Refused(String error, String message) {
      super(message);
      this.error = error;
    }
  }
}
