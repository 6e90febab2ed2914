package dev.wagateway.egress.internal.ws;

import dev.wagateway.core.wire.WireException;

/**
 * The peer broke RFC 6455 (a malformed, oversized or out-of-order frame, or a bad upgrade
 * response). Carries the close code the connection ends with; it ends only that connection.
 */
public final class WebSocketProtocolException extends WireException {
  private static final long serialVersionUID = 1L;

  /** 1002: protocol error. */
  public static final int PROTOCOL_ERROR = 1002;
  /** 1007: a close reason that is not UTF-8. */
  public static final int INVALID_PAYLOAD = 1007;
  /** 1009: a message above the size limit. */
  public static final int MESSAGE_TOO_BIG = 1009;

  private final int closeCode;

  public WebSocketProtocolException(int closeCode, String message) {
    super(closeCode == MESSAGE_TOO_BIG ? "websocket_message_too_big" : "websocket_protocol_error",
        message);
    this.closeCode = closeCode;
  }

  /** The WebSocket close code to end the connection with. */
  public int closeCode() {
    return closeCode;
  }
}
