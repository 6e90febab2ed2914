package dev.wagateway.core.transport;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * How bytes reach a WhatsApp endpoint: the one-method extension point behind every connection
 * (WebSocket and media). Implementations tunnel through an HTTP CONNECT or SOCKS5 proxy, or through
 * a customer's Android egress node.
 *
 * <p>An egress fails closed: when it cannot carry the connection it throws; it never falls back to
 * a direct connection from this machine. Host names are passed through unresolved so that a proxy
 * can resolve them remotely.
 */
@FunctionalInterface
public interface Egress {
  /**
   * Opens a TCP stream to {@code host:port} through this egress and returns it connected (TLS, if
   * any, is layered on top by the caller).
   *
   * @throws EgressUnavailableIOException when the egress cannot carry the connection
   */
  Socket connect(String host, int port, Duration timeout) throws IOException;

  /** Thrown by an egress that cannot carry a connection. The session fails closed. */
  final class EgressUnavailableIOException extends IOException {
    private static final long serialVersionUID = 1L;

    public EgressUnavailableIOException(String message) {
      super(message);
    }

    public EgressUnavailableIOException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
