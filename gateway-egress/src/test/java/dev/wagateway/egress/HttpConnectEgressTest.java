package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.ProxyEndpoint.Kind;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpConnectEgressTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @RegisterExtension final ProxyTarget target = new ProxyTarget();

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static HttpConnectEgress anonymous(FakeProxy proxy) {
    return new HttpConnectEgress(proxy.endpoint(Kind.HTTP, null, null));
  }

  @Test
  void connectsWithBasicAuthAndSendsTheExactRequest() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.httpConnectRelay("alice", "p@ss:w"))) {
      target.assertReachable(
          new HttpConnectEgress(proxy.endpoint(Kind.HTTP, "alice", "p@ss:w")),
          "localhost",
          TIMEOUT);
      String authority = "localhost:" + target.port();
      assertEquals(
          "request CONNECT "
              + authority
              + " HTTP/1.1\r\n"
              + "Host: "
              + authority
              + "\r\n"
              + "Proxy-Authorization: Basic YWxpY2U6cEBzczp3\r\n"
              + "\r\n",
          proxy.events.get(0));
      assertEquals(1, target.accepted());
    }
  }

  @Test
  void noCredentialsMeansNoAuthorizationHeader() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.httpConnectRelay(null, null))) {
      target.assertReachable(anonymous(proxy), "127.0.0.1", TIMEOUT);
      assertEquals(
          "request CONNECT 127.0.0.1:"
              + target.port()
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + target.port()
              + "\r\n\r\n",
          proxy.events.get(0));
    }
  }

  @Test
  void ipv6DestinationIsBracketed() throws IOException {
    byte[] reply = ascii("HTTP/1.1 502 Bad Gateway\r\n\r\n");
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.scripted(1, reply))) {
      EgressUnavailableIOException e =
          target.assertUnavailable(anonymous(proxy), "::1", 443, TIMEOUT);
      assertEquals(
          "proxy refused connect: http proxy 127.0.0.1:"
              + proxy.port()
              + " answered 502 to CONNECT [::1]:443",
          e.getMessage());
    }
  }

  @Test
  void status407IsProxyAuthRefusedAndTheTargetSeesNothing() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.httpConnectRelay("alice", "right"))) {
      EgressUnavailableIOException e =
          target.assertUnavailable(
              new HttpConnectEgress(proxy.endpoint(Kind.HTTP, "alice", "wrong")), TIMEOUT);
      assertEquals(
          "proxy auth refused: http proxy 127.0.0.1:" + proxy.port() + " answered 407",
          e.getMessage());

      EgressUnavailableIOException none = target.assertUnavailable(anonymous(proxy), TIMEOUT);
      assertEquals(
          "proxy auth refused: http proxy 127.0.0.1:"
              + proxy.port()
              + " answered 407 (no credentials configured)",
          none.getMessage());
    }
  }

  @Test
  void status401IsAlsoProxyAuthRefused() throws IOException {
    byte[] reply = ascii("HTTP/1.0 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.scripted(1, reply))) {
      EgressUnavailableIOException e =
          target.assertUnavailable(
              new HttpConnectEgress(proxy.endpoint(Kind.HTTP, "u", "p")),
              "web.whatsapp.com",
              443,
              TIMEOUT);
      assertEquals(
          "proxy auth refused: http proxy 127.0.0.1:" + proxy.port() + " answered 401",
          e.getMessage());
    }
  }

  @Test
  void otherStatusesAreRefusedConnect() throws IOException {
    byte[] reply = ascii("HTTP/1.0 403 Forbidden\r\nContent-Length: 4\r\n\r\nnope");
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.scripted(1, reply))) {
      EgressUnavailableIOException e =
          target.assertUnavailable(anonymous(proxy), "web.whatsapp.com", 443, TIMEOUT);
      assertEquals(
          "proxy refused connect: http proxy 127.0.0.1:"
              + proxy.port()
              + " answered 403 to CONNECT web.whatsapp.com:443",
          e.getMessage());
    }
  }

  @Test
  void tunnelBytesArrivingWithTheReplyAreNotLost() throws IOException {
    byte[] reply = ascii("HTTP/1.1 200 OK\r\nProxy-Agent: fake\r\n\r\nHI\n");
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.scripted(1, reply))) {
      try (Socket s = anonymous(proxy).connect("localhost", 1, TIMEOUT)) {
        assertEquals(0, s.getSoTimeout(), "handshake read timeout is cleared");
        s.setSoTimeout(5000);
        assertEquals(
            "HI\n", new String(s.getInputStream().readNBytes(3), StandardCharsets.US_ASCII));
      }
    }
  }

  @Test
  void garbageAndOversizedRepliesAreBadProxyReply() throws IOException {
    assertBadReply(
        ascii("SSH-2.0-OpenSSH_9.2\r\n"), "sent something other than an HTTP status line");
    assertBadReply(
        ascii("HTTP/1.1 2000 OK\r\n\r\n"), "sent something other than an HTTP status line");
    assertBadReply(ascii("\u0000\u0001\u0002\n"), "sent something other than an HTTP status line");
    assertBadReply(ascii("HTTP/1.1 200 OK\r\nX: y\r\n"), "closed the connection during CONNECT");
    assertBadReply(ascii(""), "closed the connection during CONNECT");
    assertBadReply(ascii("A".repeat(9000)), "sent a status line longer than 8192 bytes");
    assertBadReply(
        ascii("HTTP/1.1 200 OK\r\nX: " + "a".repeat(9000) + "\r\n\r\n"),
        "sent headers longer than 8192 bytes");
    StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (int i = 0; i < 5000; i++) {
      many.append("X-").append(i).append(": v\r\n");
    }
    assertBadReply(ascii(many + "\r\n"), "sent headers longer than 32768 bytes");
  }

  private void assertBadReply(byte[] reply, String detail) throws IOException {
    FakeProxy.Handler handler =
        reply.length == 0
            ? (client, p) -> {
              FakeProxy.readHead(client.getInputStream());
              client.close();
            }
            : FakeProxy.scripted(1, reply);
    try (FakeProxy proxy = FakeProxy.start(handler)) {
      EgressUnavailableIOException e = target.assertUnavailable(anonymous(proxy), TIMEOUT);
      assertEquals(
          "bad proxy reply: http proxy 127.0.0.1:" + proxy.port() + " " + detail, e.getMessage());
    }
  }

  @Test
  void headerInjectionThroughTheHostIsImpossible() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.httpConnectRelay(null, null))) {
      EgressUnavailableIOException e =
          target.assertUnavailable(anonymous(proxy), "evil.example\r\nX-Injected: 1", 443, TIMEOUT);
      assertTrue(e.getMessage().startsWith("bad destination: "), e.getMessage());
      assertEquals(0, proxy.connections.get());
    }
  }

  @Test
  void requiresAnHttpEndpoint() {
    assertThrows(
        ValidationException.class,
        () -> new HttpConnectEgress(ProxyEndpoint.of(Kind.SOCKS5, "127.0.0.1", 1080)));
  }
}
