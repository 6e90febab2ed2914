package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.error.ApiException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Refuses customer-supplied proxy hosts that resolve to addresses of the gateway's own network:
 * private (RFC 1918, {@code fc00::/7}), loopback, link-local (cloud metadata {@code
 * 169.254.169.254} included), carrier-grade NAT ({@code 100.64.0.0/10}), unspecified and multicast.
 * Every address the name resolves to must be public. Without this, a manage key could point a
 * session's proxy at an internal port and read the answer from the session's state.
 */
final class ProxyTargets {
  private ProxyTargets() {}

  static void requirePublic(String host, String field) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new ApiException(
          dev.wagateway.server.internal.error.ApiError.VALIDATION_ERROR,
          "the proxy host does not resolve",
          Map.of("field", field, "reason", "unresolvable_proxy_host"));
    }
    for (InetAddress address : addresses) {
      if (isInternal(address)) {
        throw new ApiException(
            dev.wagateway.server.internal.error.ApiError.VALIDATION_ERROR,
            "the proxy host resolves to a private, loopback, link-local or metadata address",
            Map.of("field", field, "reason", "private_proxy_target"));
      }
    }
  }

  static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      // fc00::/7 unique local; ::ffff:0:0/96 mapped IPv4 is already unwrapped by the JDK
      return (b[0] & 0xfe) == 0xfc;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || (first == 100 && second >= 64 && second < 128);
  }
}
