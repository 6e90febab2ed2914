package dev.wagateway.egress.agent.internal.ws;

import java.io.IOException;

/**
 * The peer broke RFC 6455 (a malformed, oversized or out-of-order frame, or a bad upgrade
 * response). Carries the close code the connection ends with ({@link Rfc6455#PROTOCOL_ERROR},
 * {@link Rfc6455#INVALID_PAYLOAD} or {@link Rfc6455#MESSAGE_TOO_BIG}); it ends only that
 * connection.
 */
public final class WebSocketProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int closeCode;

  public WebSocketProtocolException(int closeCode, String message) {
    super(message);
    this.closeCode = closeCode;
  }

  /** The WebSocket close code to end the connection with. */
  public int closeCode() {
    return closeCode;
  }

  /**
   * A stable name for the failure: {@code websocket_message_too_big} or {@code
   * websocket_protocol_error}.
   */
  public String code() {
    return closeCode == Rfc6455.MESSAGE_TOO_BIG
        ? "websocket_message_too_big"
        : "websocket_protocol_error";
  }
}
