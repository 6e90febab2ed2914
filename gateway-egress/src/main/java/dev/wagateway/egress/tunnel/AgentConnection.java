package dev.wagateway.egress.tunnel;

/**
 * What the server's WebSocket endpoint feeds for one agent connection, returned by {@link
 * EgressNodeRegistry#accept}. Calls for one connection must not overlap (WebSocket callbacks are
 * serial); none of them blocks.
 */
public interface AgentConnection {
  /**
   * A binary WebSocket message arrived. The tunnel keeps the array (a stream's unread bytes are
   * held in it), so pass a fresh array and don't reuse it.
   */
  void onBinary(byte[] message);

  /** A text WebSocket message arrived: a protocol error. */
  void onText(String message);

  /** The WebSocket closed or failed. */
  void onClosed(int code, String reason);
}
