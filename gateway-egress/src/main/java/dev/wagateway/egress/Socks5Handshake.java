package dev.wagateway.egress;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Opens a stream through a SOCKS5 proxy (RFC 1928), authenticating with username/password (RFC
 * 1929) when the proxy has credentials. Host names go to the proxy as ATYP 3 (domain name) and are
 * resolved there, never here; IP literals go as ATYP 1 or 4.
 */
final class Socks5Handshake {
  static final int VERSION = 0x05;
  static final int METHOD_NO_AUTH = 0x00;
  static final int METHOD_USERNAME_PASSWORD = 0x02;
  static final int METHOD_NONE_ACCEPTABLE = 0xFF;
  static final int AUTH_VERSION = 0x01;
  static final int CMD_CONNECT = 0x01;
  static final int ATYP_IPV4 = 0x01;
  static final int ATYP_DOMAIN = 0x03;
  static final int ATYP_IPV6 = 0x04;

  private Socks5Handshake() {}

  /** Connects to {@code host:port} through {@code proxy}; the returned socket is the stream. */
  public static Socket open(ProxyEndpoint proxy, String host, int port, Duration timeout)
      throws EgressUnavailableIOException {
    return ProxyDialer.open(
        proxy,
        host,
        port,
        timeout,
        "the SOCKS5 handshake",
        (stream, in, out, destination, deadline) -> {
          negotiate(stream, in, out, proxy, deadline);
          out.write(connectRequest(destination));
          out.flush();
          readConnectReply(stream, in, proxy, destination, deadline);
        });
  }

  private static void negotiate(
      Socket socket, InputStream in, OutputStream out, ProxyEndpoint proxy, Deadline deadline)
      throws IOException {
    // Offer exactly one method: credentials if we have them, else none. A proxy that picks
    // another method is answering something we did not ask.
    int offered = proxy.hasCredentials() ? METHOD_USERNAME_PASSWORD : METHOD_NO_AUTH;
    out.write(new byte[] {VERSION, 1, (byte) offered});
    out.flush();
    byte[] choice = ProxyDialer.readFully(socket, in, 2, deadline);
    if ((choice[0] & 0xff) != VERSION) {
      throw ProxyFailure.of(
          ProxyFailure.BAD_REPLY,
          proxy,
          String.format("answered with version 0x%02x instead of SOCKS5", choice[0] & 0xff));
    }
    int method = choice[1] & 0xff;
    if (method == METHOD_NONE_ACCEPTABLE) {
      throw ProxyFailure.of(
          ProxyFailure.AUTH_REFUSED,
          proxy,
          proxy.hasCredentials()
              ? "does not accept username/password authentication"
              : "requires authentication and no credentials are configured");
    }
    if (method != offered) {
      throw ProxyFailure.of(
          ProxyFailure.BAD_REPLY,
          proxy,
          String.format("chose auth method 0x%02x, which was not offered", method));
    }
    if (method == METHOD_USERNAME_PASSWORD) {
      out.write(credentials(proxy));
      out.flush();
      byte[] status = ProxyDialer.readFully(socket, in, 2, deadline);
      // RFC 1929 says version 0x01; some servers echo 0x05. Either is understood.
      int version = status[0] & 0xff;
      if (version != AUTH_VERSION && version != VERSION) {
        throw ProxyFailure.of(
            ProxyFailure.BAD_REPLY,
            proxy,
            String.format("answered the credentials with version 0x%02x", version));
      }
      if (status[1] != 0) {
        throw ProxyFailure.of(
            ProxyFailure.AUTH_REFUSED,
            proxy,
            String.format("rejected the username/password (status 0x%02x)", status[1] & 0xff));
      }
    }
  }

  static byte[] credentials(ProxyEndpoint proxy) {
    byte[] user = proxy.username().getBytes(StandardCharsets.UTF_8);
    byte[] pass = proxy.password().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(3 + user.length + pass.length);
    out.write(AUTH_VERSION);
    out.write(user.length);
    out.writeBytes(user);
    out.write(pass.length);
    out.writeBytes(pass);
    return out.toByteArray();
  }

  static byte[] connectRequest(Destination destination) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(7 + destination.bytes.length);
    out.write(VERSION);
    out.write(CMD_CONNECT);
    out.write(0x00);
    switch (destination.type) {
      case IPV4:
        out.write(ATYP_IPV4);
        break;
      case IPV6:
        out.write(ATYP_IPV6);
        break;
      default:
        out.write(ATYP_DOMAIN);
        out.write(destination.bytes.length);
        break;
    }
    out.writeBytes(destination.bytes);
    out.write(destination.port >>> 8);
    out.write(destination.port & 0xff);
    return out.toByteArray();
  }

  private static void readConnectReply(
      Socket socket,
      InputStream in,
      ProxyEndpoint proxy,
      Destination destination,
      Deadline deadline)
      throws IOException {
    byte[] head = ProxyDialer.readFully(socket, in, 4, deadline);
    if ((head[0] & 0xff) != VERSION) {
      throw ProxyFailure.of(
          ProxyFailure.BAD_REPLY,
          proxy,
          String.format("answered CONNECT with version 0x%02x", head[0] & 0xff));
    }
    int reply = head[1] & 0xff;
    if (reply != 0x00) {
      throw ProxyFailure.of(
          ProxyFailure.REFUSED_CONNECT,
          proxy,
          "could not reach "
              + destination.authority()
              + ": "
              + replyMessage(reply)
              + String.format(" (0x%02x)", reply));
    }
    int boundLength;
    switch (head[3] & 0xff) {
      case ATYP_IPV4:
        boundLength = 4;
        break;
      case ATYP_IPV6:
        boundLength = 16;
        break;
      case ATYP_DOMAIN:
        boundLength = ProxyDialer.readFully(socket, in, 1, deadline)[0] & 0xff;
        break;
      default:
        throw ProxyFailure.of(
            ProxyFailure.BAD_REPLY,
            proxy,
            String.format("answered CONNECT with address type 0x%02x", head[3] & 0xff));
    }
    // The bound address and port are of no use to us, but they must be consumed: what follows
    // is the destination's stream.
    ProxyDialer.readFully(socket, in, boundLength + 2, deadline);
  }

  /** RFC 1928 §6 reply codes in words. */
  static String replyMessage(int reply) {
    switch (reply) {
      case 0x01:
        return "general SOCKS server failure";
      case 0x02:
        return "connection not allowed by ruleset";
      case 0x03:
        return "network unreachable";
      case 0x04:
        return "host unreachable";
      case 0x05:
        return "connection refused";
      case 0x06:
        return "TTL expired";
      case 0x07:
        return "command not supported";
      case 0x08:
        return "address type not supported";
      default:
        return "unassigned reply code";
    }
  }
}
