package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.ProxyEndpoint.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The failures both proxy handshakes share, named alike for each kind: the proxy is unreachable,
 * never answers, or hangs up before its reply is complete.
 */
class ProxyHandshakeFailureTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @RegisterExtension final ProxyTarget target = new ProxyTarget();

  private static Egress egress(ProxyEndpoint proxy) {
    return proxy.kind() == Kind.HTTP ? new HttpConnectEgress(proxy) : new Socks5Egress(proxy);
  }

  private static String step(Kind kind) {
    return kind == Kind.HTTP ? "CONNECT" : "the SOCKS5 handshake";
  }

  private static String proxyName(Kind kind, int port) {
    return (kind == Kind.HTTP ? "http" : "socks5") + " proxy 127.0.0.1:" + port;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unreachableProxyIsReportedWithoutItsPassword(Kind kind) throws IOException {
    int closedPort = ProxyTarget.closedPort();
    ProxyEndpoint proxy =
        new ProxyEndpoint(kind, "127.0.0.1", closedPort, "alice", "topsecret", null);
    EgressUnavailableIOException e = target.assertUnavailable(egress(proxy), TIMEOUT);
    assertTrue(
        e.getMessage()
            .startsWith(
                "proxy unreachable: "
                    + proxyName(kind, closedPort)
                    + " refused or dropped the connection: "),
        e.getMessage());
    assertFalse(e.getMessage().contains("topsecret"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void silentProxyTimesOut(Kind kind) throws IOException {
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.silent())) {
      EgressUnavailableIOException e =
          target.assertUnavailable(
              egress(proxy.endpoint(kind, null, null)), Duration.ofMillis(300));
      assertEquals(
          "proxy timeout: "
              + proxyName(kind, proxy.port())
              + " did not complete "
              + step(kind)
              + " within 300 ms",
          e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void proxyHangingUpMidReplyIsABadReply(Kind kind) throws IOException {
    // HTTP: a status line, then the connection ends before the blank line. SOCKS5: one byte of
    // the two-byte method choice.
    byte[] partial =
        kind == Kind.HTTP
            ? "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII)
            : new byte[] {5};
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.scriptedThenClose(1, partial))) {
      EgressUnavailableIOException e =
          target.assertUnavailable(egress(proxy.endpoint(kind, null, null)), TIMEOUT);
      assertEquals(
          "bad proxy reply: "
              + proxyName(kind, proxy.port())
              + " closed the connection during "
              + step(kind),
          e.getMessage());
    }
  }
}
