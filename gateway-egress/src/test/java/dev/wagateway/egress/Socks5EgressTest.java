package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.ProxyEndpoint.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class Socks5EgressTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @RegisterExtension final ProxyTarget target = new ProxyTarget();

  private static Socks5Egress anonymous(FakeProxy proxy) {
    return new Socks5Egress(proxy.endpoint(Kind.SOCKS5, null, null));
  }

  @Test
  void sendsHostNameAsDomainAndAuthenticates() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay("alice", "s3cret"))) {
      target.assertReachable(
          new Socks5Egress(proxy.endpoint(Kind.SOCKS5, "alice", "s3cret")), "localhost", TIMEOUT);
      assertEquals(
          List.of(
              "greeting version=5 methods=[2]",
              "auth alice:s3cret",
              "connect cmd=1 atyp=3 localhost:" + target.port()),
          proxy.events.subList(0, 3));
      assertEquals(1, target.accepted());
    }
  }

  @Test
  void ipLiteralsGoAsAddressesAndNoAuthIsOfferedWithoutCredentials() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay(null, null))) {
      target.assertReachable(anonymous(proxy), "127.0.0.1", TIMEOUT);
      assertEquals("greeting version=5 methods=[0]", proxy.events.get(0));
      assertEquals("connect cmd=1 atyp=1 127.0.0.1:" + target.port(), proxy.events.get(1));
    }
  }

  @Test
  void ipv6LiteralGoesAsAtyp4() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay(null, null))) {
      // The fake relays to ::1, where nothing listens: the proxy answers a failure, which is
      // what the session would see; what matters here is what we asked for.
      target.assertUnavailable(anonymous(proxy), "[::1]", target.port(), TIMEOUT);
      assertEquals("connect cmd=1 atyp=4 0:0:0:0:0:0:0:1:" + target.port(), proxy.events.get(1));
    }
  }

  @Test
  void rejectedCredentialsAreAuthRefusedAndTheTargetSeesNothing() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay("alice", "right"))) {
      EgressUnavailableIOException e =
          target.assertUnavailable(
              new Socks5Egress(proxy.endpoint(Kind.SOCKS5, "alice", "wrong")), TIMEOUT);
      assertEquals(
          "proxy auth refused: socks5 proxy 127.0.0.1:"
              + proxy.port()
              + " rejected the username/password (status 0x01)",
          e.getMessage());
      assertFalse(e.getMessage().contains("wrong"));
    }
  }

  @Test
  void proxyDemandingCredentialsWeDoNotHaveIsAuthRefused() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay("alice", "pw"))) {
      EgressUnavailableIOException e = target.assertUnavailable(anonymous(proxy), TIMEOUT);
      assertEquals(
          "proxy auth refused: socks5 proxy 127.0.0.1:"
              + proxy.port()
              + " requires authentication and no credentials are configured",
          e.getMessage());
    }
  }

  @Test
  void replyCodesBecomeClearMessages() throws IOException {
    String[] words = {
      "general SOCKS server failure",
      "connection not allowed by ruleset",
      "network unreachable",
      "host unreachable",
      "connection refused",
      "TTL expired",
      "command not supported",
      "address type not supported",
      "unassigned reply code"
    };
    for (int code = 1; code <= 9; code++) {
      byte[] reply = {5, 0, 5, (byte) code, 0, 1, 0, 0, 0, 0, 0, 0};
      // After the 3-byte greeting the fake sends the method choice and the CONNECT reply at once.
      try (FakeProxy proxy = FakeProxy.start(FakeProxy.scripted(3, reply))) {
        EgressUnavailableIOException e =
            target.assertUnavailable(anonymous(proxy), "g.whatsapp.net", 443, TIMEOUT);
        assertEquals(
            "proxy refused connect: socks5 proxy 127.0.0.1:"
                + proxy.port()
                + " could not reach g.whatsapp.net:443: "
                + words[code - 1]
                + String.format(" (0x%02x)", code),
            e.getMessage());
      }
    }
  }

  @Test
  void garbageRepliesAreBadProxyReply() throws IOException {
    assertBadReply(
        FakeProxy.scripted(3, new byte[] {'H', 'T', 'T', 'P'}),
        "answered with version 0x48 instead of SOCKS5");
    assertBadReply(
        FakeProxy.scripted(3, new byte[] {5, 2}), "chose auth method 0x02, which was not offered");
    assertBadReply(
        FakeProxy.scriptedThenClose(3, new byte[] {5}),
        "closed the connection during the SOCKS5 handshake");
    assertBadReply(
        FakeProxy.scripted(3, new byte[] {5, 0, 4, 0, 0, 1}), "answered CONNECT with version 0x04");
    assertBadReply(
        FakeProxy.scripted(3, new byte[] {5, 0, 5, 0, 0, 9}),
        "answered CONNECT with address type 0x09");
  }

  private void assertBadReply(FakeProxy.Handler reply, String detail) throws IOException {
    try (FakeProxy proxy = FakeProxy.start(reply)) {
      EgressUnavailableIOException e = target.assertUnavailable(anonymous(proxy), TIMEOUT);
      assertEquals(
          "bad proxy reply: socks5 proxy 127.0.0.1:" + proxy.port() + " " + detail, e.getMessage());
    }
  }

  @Test
  void destinationsThatCantBeExpressedAreRefusedBeforeConnecting() throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay(null, null))) {
      Socks5Egress egress = anonymous(proxy);
      for (String host : new String[] {"", "a b", "x".repeat(256), "evil\r\nhost", "g::x"}) {
        EgressUnavailableIOException e = target.assertUnavailable(egress, host, 443, TIMEOUT);
        assertTrue(e.getMessage().startsWith("bad destination: socks5 proxy"), e.getMessage());
      }
      EgressUnavailableIOException port = target.assertUnavailable(egress, "localhost", 0, TIMEOUT);
      assertEquals(
          "bad destination: socks5 proxy 127.0.0.1:" + proxy.port() + " can't carry port 0",
          port.getMessage());
      assertEquals(0, proxy.connections.get());
    }
  }

  @Test
  void requiresASocks5Endpoint() {
    assertThrows(
        ValidationException.class,
        () -> new Socks5Egress(ProxyEndpoint.of(Kind.HTTP, "127.0.0.1", 8080)));
  }
}
