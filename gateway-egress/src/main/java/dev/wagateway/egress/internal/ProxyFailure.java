package dev.wagateway.egress.internal;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.ProxyEndpoint;

/**
 * The messages of proxy failures. Each starts with a stable category, then names the proxy
 * (never its password) and the detail; the session layer reports it as {@code
 * egress_unavailable: <message>}.
 *
 * <ul>
 *   <li>{@code proxy auth refused: ...} the proxy rejected (or demanded) credentials
 *   <li>{@code proxy unreachable: ...} no TCP connection to the proxy
 *   <li>{@code proxy timeout: ...} the proxy did not accept or answer in time
 *   <li>{@code bad proxy reply: ...} the proxy spoke something we can't accept
 *   <li>{@code proxy refused connect: ...} the proxy answered but would not reach the destination
 *   <li>{@code bad destination: ...} the destination can't be expressed to a proxy
 * </ul>
 */
final class ProxyFailure {
  static final String AUTH_REFUSED = "proxy auth refused";
  static final String UNREACHABLE = "proxy unreachable";
  static final String TIMEOUT = "proxy timeout";
  static final String BAD_REPLY = "bad proxy reply";
  static final String REFUSED_CONNECT = "proxy refused connect";
  static final String BAD_DESTINATION = "bad destination";

  private ProxyFailure() {}

  static EgressUnavailableIOException of(String category, ProxyEndpoint proxy, String detail) {
    return new EgressUnavailableIOException(category + ": " + proxy.describe() + " " + detail);
  }

  static EgressUnavailableIOException of(
      String category, ProxyEndpoint proxy, String detail, Throwable cause) {
    return new EgressUnavailableIOException(
        category + ": " + proxy.describe() + " " + detail, cause);
  }

  /** {@link #sanitize} in double quotes. */
  static String quote(String untrusted) {
    return '"' + sanitize(untrusted) + '"';
  }

  /** Printable ASCII only, at most 80 characters: for repeating a proxy's words in a message. */
  static String sanitize(String untrusted) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < untrusted.length() && i < 80; i++) {
      char c = untrusted.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (untrusted.length() > 80) {
      out.append("...");
    }
    return out.toString();
  }
}
