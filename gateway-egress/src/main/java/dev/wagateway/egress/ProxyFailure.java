package dev.wagateway.egress;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * The messages of proxy failures. Each starts with a stable category, then names the proxy (never
 * its password) and the detail; the session layer reports it as {@code egress_unavailable:
 * <message>}.
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

  /**
   * The failure of a handshake {@code step} (e.g. {@code "CONNECT"}) with {@code proxy}, from the
   * exception it ended with: our own failures as they are; a read timeout is {@link #TIMEOUT}; the
   * proxy hanging up mid-reply is {@link #BAD_REPLY}; any other I/O error is {@link #UNREACHABLE}.
   */
  static EgressUnavailableIOException of(
      IOException failure, ProxyEndpoint proxy, String step, Deadline deadline) {
    if (failure instanceof EgressUnavailableIOException ours) {
      return ours;
    }
    if (failure instanceof SocketTimeoutException) {
      return of(
          TIMEOUT,
          proxy,
          "did not complete " + step + " within " + deadline.budgetMillis() + " ms",
          failure);
    }
    if (failure instanceof EOFException) {
      return of(BAD_REPLY, proxy, "closed the connection during " + step, failure);
    }
    return of(UNREACHABLE, proxy, "dropped the connection: " + failure.getMessage(), failure);
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
