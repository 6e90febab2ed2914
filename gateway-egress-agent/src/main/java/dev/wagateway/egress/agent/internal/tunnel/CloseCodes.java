package dev.wagateway.egress.agent.internal.tunnel;

/** WebSocket close codes and {@code GOAWAY} errors of the tunnel (docs/egress-tunnel.md §9). */
public final class CloseCodes {
  public static final int NORMAL = 1000;
  public static final int TOKEN_INVALID = 4001;
  public static final int TOKEN_EXPIRED = 4002;
  public static final int NODE_REVOKED = 4003;
  public static final int UNSUPPORTED_VERSION = 4004;
  public static final int REPLACED = 4005;
  public static final int HEARTBEAT_TIMEOUT = 4006;
  public static final int PROTOCOL_ERROR = 4007;
  public static final int HANDSHAKE_TIMEOUT = 4008;

  private CloseCodes() {}

  /** The close code for a {@code GOAWAY} error name. */
  public static int forError(String error) {
    switch (error) {
      case "token_invalid":
        return TOKEN_INVALID;
      case "token_expired":
        return TOKEN_EXPIRED;
      case "node_revoked":
        return NODE_REVOKED;
      case "unsupported_version":
        return UNSUPPORTED_VERSION;
      case "replaced":
        return REPLACED;
      case "heartbeat_timeout":
        return HEARTBEAT_TIMEOUT;
      case "protocol_error":
        return PROTOCOL_ERROR;
      case "handshake_timeout":
        return HANDSHAKE_TIMEOUT;
      default:
        return NORMAL;
    }
  }
}
