package dev.wagateway.core.transport;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * An egress that only reaches this machine's loopback interface: {@code 127.0.0.0/8}, {@code ::1}
 * and the name {@code localhost}. Any other host is refused with {@link
 * Egress.EgressUnavailableIOException}; nothing is resolved through DNS, so a refused host never
 * causes a lookup either.
 *
 * <p>This is the egress of tests and of the simulator demo mode: a session wired to it can reach a
 * local simulator but can never reach the real service from this machine's address.
 */
public final class LoopbackOnlyEgress implements Egress {
  private static final LoopbackOnlyEgress INSTANCE = new LoopbackOnlyEgress();

  private LoopbackOnlyEgress() {}

  /** The shared instance (stateless). */
  public static LoopbackOnlyEgress instance() {
    return INSTANCE;
  }

  @Override
  public Socket connect(String host, int port, Duration timeout) throws IOException {
    InetAddress address = loopbackAddress(host);
    if (port < 1 || port > 65535) {
      throw new EgressUnavailableIOException("loopback egress: bad port " + port);
    }
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address, port), timeoutMillis(timeout));
      return socket;
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new EgressUnavailableIOException(
          "loopback egress: connect to " + host + ":" + port + " timed out", e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new EgressUnavailableIOException(
          "loopback egress: connect to " + host + ":" + port + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the loopback address {@code host} names, or throws when it names anything else. Only
   * literals and the name {@code localhost} are accepted, so no DNS query is ever made.
   */
  static InetAddress loopbackAddress(String host) throws EgressUnavailableIOException {
    if (host == null || host.isEmpty()) {
      throw new EgressUnavailableIOException("loopback egress: empty host");
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    byte[] literal = parseIpv4(h);
    if (literal != null) {
      if ((literal[0] & 0xff) == 127) {
        return byAddress(host, literal);
      }
      throw refused(host);
    }
    if (h.indexOf(':') >= 0 && h.matches("[0-9a-f:.]+")) {
      InetAddress v6 = byName(h);
      if (v6 instanceof Inet6Address && v6.isLoopbackAddress()) {
        return v6;
      }
      if (v6 instanceof Inet4Address && v6.isLoopbackAddress()) {
        return v6;
      }
    }
    throw refused(host);
  }

  private static EgressUnavailableIOException refused(String host) {
    return new EgressUnavailableIOException("loopback egress refuses non-loopback host " + host);
  }

  /** Strict dotted-quad parser (four decimal octets); null when {@code s} is not one. */
  private static byte[] parseIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static InetAddress byAddress(String host, byte[] address)
      throws EgressUnavailableIOException {
    try {
      return InetAddress.getByAddress(address);
    } catch (IOException e) {
      throw refused(host);
    }
  }

  /** Only called with an IPv6 literal (hex digits, colons, dots), so this never queries DNS. */
  private static InetAddress byName(String literal) throws EgressUnavailableIOException {
    try {
      // Brackets make the JDK parse an IPv6 literal or fail; it never falls back to DNS.
      return InetAddress.getByName("[" + literal + "]");
    } catch (IOException e) {
      throw refused(literal);
    }
  }

  /** Null, zero or negative means the default of 30 s: a connect never waits unbounded. */
  private static int timeoutMillis(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      return 30_000;
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing to recover: the connect already failed.
    }
  }
}
