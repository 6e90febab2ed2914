package dev.wagateway.egress.tunnel;

/**
 * The gateway's side of one agent WebSocket, implemented by the server's {@code /egress/agent}
 * endpoint (Jetty) or a test server. The hub calls it from its own threads.
 */
public interface AgentChannel {
  /**
   * Queues one binary WebSocket message. Must not block (queue and return); flow control bounds
   * what the hub queues. Returns false when the socket is closed.
   */
  boolean sendBinary(byte[] message);

  /** Closes the WebSocket with {@code code} and {@code reason}. Idempotent. */
  void close(int code, String reason);

  /**
   * The agent's public address as this server sees it (the TCP peer, or the client address a
   * trusted reverse proxy forwarded), an IP literal.
   */
  String remoteIp();
}
