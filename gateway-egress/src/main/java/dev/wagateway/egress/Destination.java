package dev.wagateway.egress;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Where the proxy should connect: an IP literal or a host name that is passed on unresolved.
 * Classifying a host never queries DNS: only strict IPv4 dotted quads and strings made of IPv6
 * literal characters are parsed as addresses; everything else is a name for the proxy to resolve.
 */
final class Destination {
  enum Type {
    IPV4,
    IPV6,
    DOMAIN
  }

  final Type type;
  final String host;
  final int port;

  /** 4 or 16 address bytes, or the ASCII host name. */
  final byte[] bytes;

  private Destination(Type type, String host, int port, byte[] bytes) {
    this.type = type;
    this.host = host;
    this.port = port;
    this.bytes = bytes;
  }

  static Destination of(ProxyEndpoint proxy, String host, int port)
      throws EgressUnavailableIOException {
    if (port < 1 || port > 65535) {
      throw ProxyFailure.of(ProxyFailure.BAD_DESTINATION, proxy, "can't carry port " + port);
    }
    if (host == null || host.isEmpty()) {
      throw ProxyFailure.of(ProxyFailure.BAD_DESTINATION, proxy, "can't carry an empty host");
    }
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    byte[] v4 = parseIpv4(h);
    if (v4 != null) {
      return new Destination(Type.IPV4, h, port, v4);
    }
    if (h.indexOf(':') >= 0) {
      if (!h.matches("[0-9A-Fa-f:.]+")) {
        throw ProxyFailure.of(
            ProxyFailure.BAD_DESTINATION, proxy, "can't carry host " + ProxyFailure.quote(h));
      }
      try {
        // Brackets make the JDK parse an IPv6 literal or fail; it never falls back to DNS.
        InetAddress parsed = InetAddress.getByName("[" + h + "]");
        if (parsed instanceof Inet6Address) {
          return new Destination(Type.IPV6, h, port, parsed.getAddress());
        }
        if (parsed instanceof Inet4Address) {
          return new Destination(Type.IPV4, parsed.getHostAddress(), port, parsed.getAddress());
        }
      } catch (UnknownHostException e) {
        throw ProxyFailure.of(
            ProxyFailure.BAD_DESTINATION, proxy, "can't carry host " + ProxyFailure.quote(h));
      }
    }
    byte[] name = h.getBytes(StandardCharsets.US_ASCII);
    boolean clean =
        name.length <= 255
            && h.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/' && c != '@' && c != ':');
    if (!clean) {
      throw ProxyFailure.of(
          ProxyFailure.BAD_DESTINATION, proxy, "can't carry host " + ProxyFailure.quote(h));
    }
    return new Destination(Type.DOMAIN, h, port, name);
  }

  /** {@code host:port} as an HTTP CONNECT request target (brackets around IPv6). */
  String authority() {
    return (type == Type.IPV6 ? "[" + host + "]" : host) + ":" + port;
  }

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
}
