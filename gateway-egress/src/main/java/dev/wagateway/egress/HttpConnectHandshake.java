package dev.wagateway.egress;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a tunnel through an HTTP proxy with {@code CONNECT host:port HTTP/1.1} (RFC 9110 §9.3.6),
 * with Basic credentials when the proxy has them. Any 2xx status opens the tunnel; 407 (and 401,
 * which tinyproxy sends for wrong credentials) is "proxy auth refused"; anything else is refused.
 * The reply is read byte by byte up to the blank line, bounded in line length and total size, so no
 * tunnel byte is consumed.
 */
final class HttpConnectHandshake {
  /** Longest status or header line we accept. */
  static final int MAX_LINE_BYTES = 8 * 1024;

  /** Most header bytes (all lines together) we read before giving up. */
  static final int MAX_HEADER_BYTES = 32 * 1024;

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: (.*))?");

  private HttpConnectHandshake() {}

  /** Connects to {@code host:port} through {@code proxy}; the returned socket is the tunnel. */
  public static Socket open(ProxyEndpoint proxy, String host, int port, Duration timeout)
      throws EgressUnavailableIOException {
    return ProxyDialer.open(
        proxy,
        host,
        port,
        timeout,
        "CONNECT",
        (tunnel, in, out, destination, deadline) -> {
          out.write(request(proxy, destination));
          out.flush();
          readReply(tunnel, in, proxy, destination, deadline);
        });
  }

  static byte[] request(ProxyEndpoint proxy, Destination destination) {
    String authority = destination.authority();
    StringBuilder request =
        new StringBuilder()
            .append("CONNECT ")
            .append(authority)
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(authority)
            .append("\r\n");
    if (proxy.hasCredentials()) {
      String pair = proxy.username() + ":" + proxy.password();
      request
          .append("Proxy-Authorization: Basic ")
          .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
          .append("\r\n");
    }
    request.append("\r\n");
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void readReply(
      Socket socket,
      InputStream in,
      ProxyEndpoint proxy,
      Destination destination,
      Deadline deadline)
      throws IOException {
    String statusLine = ProxyDialer.readLine(socket, in, MAX_LINE_BYTES, deadline);
    if (statusLine == null) {
      throw ProxyFailure.of(
          ProxyFailure.BAD_REPLY,
          proxy,
          "sent a status line longer than " + MAX_LINE_BYTES + " bytes");
    }
    Matcher m = STATUS_LINE.matcher(statusLine);
    if (!m.matches()) {
      throw ProxyFailure.of(
          ProxyFailure.BAD_REPLY, proxy, "sent something other than an HTTP status line");
    }
    int status = Integer.parseInt(m.group(1));
    // Read the headers in every case: the proxy's reply must be complete and bounded.
    int headerBytes = statusLine.length();
    while (true) {
      String line = ProxyDialer.readLine(socket, in, MAX_LINE_BYTES, deadline);
      if (line == null || (headerBytes += line.length() + 2) > MAX_HEADER_BYTES) {
        throw ProxyFailure.of(
            ProxyFailure.BAD_REPLY,
            proxy,
            "sent headers longer than "
                + (line == null ? MAX_LINE_BYTES : MAX_HEADER_BYTES)
                + " bytes");
      }
      if (line.isEmpty()) {
        break;
      }
    }
    if (status >= 200 && status < 300) {
      return;
    }
    // Only the status code: the proxy's own words are not repeated, so a customer-supplied proxy
    // URL can't be used to read what an internal service answers (docs/egress.md).
    String answered = "answered " + status;
    // 407 is the standard answer; some proxies (tinyproxy 1.11) answer 401 to wrong credentials.
    if (status == 407 || status == 401) {
      throw ProxyFailure.of(
          ProxyFailure.AUTH_REFUSED,
          proxy,
          answered + (proxy.hasCredentials() ? "" : " (no credentials configured)"));
    }
    throw ProxyFailure.of(
        ProxyFailure.REFUSED_CONNECT, proxy, answered + " to CONNECT " + destination.authority());
  }
}
