package dev.wagateway.egress;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the TCP connection to a proxy (the one connection we make ourselves: to the proxy, never to
 * the destination) and reads its handshake replies within a {@link Deadline}.
 */
final class ProxyDialer {
  private static final Logger log = LoggerFactory.getLogger(ProxyDialer.class);

  private ProxyDialer() {}

  static Socket dial(ProxyEndpoint proxy, Deadline deadline) throws EgressUnavailableIOException {
    InetSocketAddress address = new InetSocketAddress(proxy.host(), proxy.port());
    if (address.isUnresolved()) {
      throw ProxyFailure.of(ProxyFailure.UNREACHABLE, proxy, "host name does not resolve");
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      int remaining = deadline.remainingMillis();
      if (remaining == 0) {
        throw new SocketTimeoutException("deadline passed before connecting");
      }
      socket.connect(address, remaining);
      return socket;
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw ProxyFailure.of(
          ProxyFailure.TIMEOUT,
          proxy,
          "did not accept the connection within " + deadline.budgetMillis() + " ms",
          e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw ProxyFailure.of(
          ProxyFailure.UNREACHABLE,
          proxy,
          "refused or dropped the connection: " + e.getMessage(),
          e);
    }
  }

  /** A proxy protocol's exchange on the dialled connection, up to the open stream. */
  @FunctionalInterface
  interface Exchange {
    void run(Socket socket, InputStream in, OutputStream out, Destination to, Deadline deadline)
        throws IOException;
  }

  /**
   * Opens a stream to {@code host:port} through {@code proxy}: checks the destination, dials the
   * proxy and runs {@code exchange} within {@code timeout}; returns the socket, now the stream to
   * the destination, with its read timeout cleared. On any failure the socket is closed and the
   * failure is reported by {@link ProxyFailure#of(IOException, ProxyEndpoint, String, Deadline)}.
   *
   * @param step what the exchange is called in messages
   */
  static Socket open(
      ProxyEndpoint proxy, String host, int port, Duration timeout, String step, Exchange exchange)
      throws EgressUnavailableIOException {
    Destination destination = Destination.of(proxy, host, port);
    Deadline deadline = Deadline.after(timeout);
    Socket socket = dial(proxy, deadline);
    boolean ok = false;
    try {
      exchange.run(
          socket, socket.getInputStream(), socket.getOutputStream(), destination, deadline);
      socket.setSoTimeout(0);
      ok = true;
      log.debug("stream to {} open through {}", destination.authority(), proxy.describe());
      return socket;
    } catch (IOException e) {
      throw ProxyFailure.of(e, proxy, step, deadline);
    } finally {
      if (!ok) {
        closeQuietly(socket);
      }
    }
  }

  /** Arms the socket's read timeout with what is left of the deadline. */
  static void arm(Socket socket, Deadline deadline) throws IOException {
    int remaining = deadline.remainingMillis();
    if (remaining == 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    socket.setSoTimeout(remaining);
  }

  /** Reads exactly {@code n} bytes; throws {@link EOFException} if the proxy hangs up first. */
  static byte[] readFully(Socket socket, InputStream in, int n, Deadline deadline)
      throws IOException {
    byte[] out = new byte[n];
    int off = 0;
    while (off < n) {
      arm(socket, deadline);
      int read = in.read(out, off, n - off);
      if (read < 0) {
        throw new EOFException("proxy closed the connection mid-reply");
      }
      off += read;
    }
    return out;
  }

  /**
   * Reads one CRLF- (or LF-) terminated line byte by byte, so nothing past the proxy's reply is
   * consumed from the tunnel. Returns null if the line exceeds {@code maxBytes}.
   */
  static String readLine(Socket socket, InputStream in, int maxBytes, Deadline deadline)
      throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      arm(socket, deadline);
      int b = in.read();
      if (b < 0) {
        throw new EOFException("proxy closed the connection mid-reply");
      }
      if (b == '\n') {
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
          line.setLength(len - 1);
        }
        return line.toString();
      }
      if (line.length() >= maxBytes) {
        return null;
      }
      line.append((char) (b & 0xff));
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // The handshake already failed; nothing else to release.
    }
  }
}
