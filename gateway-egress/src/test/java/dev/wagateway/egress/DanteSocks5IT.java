package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Socks5Egress} against a real dante server ({@code scripts/proxies.sh start}): username
 * authentication, remote name resolution, reply codes, OkHttp on top.
 */
class DanteSocks5IT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private ProxyEndpoint dante;
  private EchoServer target;

  @BeforeEach
  void setUp() throws IOException {
    dante = RealProxies.require(RealProxies.SOCKS5);
    target = new EchoServer();
  }

  @AfterEach
  void tearDown() throws IOException {
    if (target != null) {
      target.close();
    }
  }

  private ProxyEndpoint withCredentials(String user, String pass) {
    return new ProxyEndpoint(dante.kind(), dante.host(), dante.port(), user, pass, null);
  }

  @Test
  void hostNameIsResolvedByDanteAndTheStreamFlows() throws IOException {
    try (Socket s = new Socks5Egress(dante).connect("localhost", target.port(), TIMEOUT)) {
      Tunnels.assertReachesEchoServer(s);
    }
    assertEquals(1, target.accepted.get());
  }

  @Test
  void ipLiteralTargetWorksToo() throws IOException {
    try (Socket s = new Socks5Egress(dante).connect("127.0.0.1", target.port(), TIMEOUT)) {
      Tunnels.assertReachesEchoServer(s);
    }
  }

  @Test
  void wrongPasswordIsAuthRefused() {
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () ->
                new Socks5Egress(withCredentials(dante.username(), "not-the-password"))
                    .connect("localhost", target.port(), TIMEOUT));
    assertEquals(
        "proxy auth refused: " + dante.describe() + " rejected the username/password (status 0x01)",
        e.getMessage());
    assertEquals(0, target.accepted.get());
  }

  @Test
  void missingCredentialsAreAuthRefused() {
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () -> new Socks5Egress(withCredentials(null, null)).connect("localhost", target.port(), TIMEOUT));
    assertEquals(
        "proxy auth refused: " + dante.describe()
            + " requires authentication and no credentials are configured",
        e.getMessage());
    assertEquals(0, target.accepted.get());
  }

  @Test
  void closedTargetPortIsConnectionRefused() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () -> new Socks5Egress(dante).connect("127.0.0.1", closedPort, TIMEOUT));
    assertEquals(
        "proxy refused connect: " + dante.describe() + " could not reach 127.0.0.1:" + closedPort
            + ": connection refused (0x05)",
        e.getMessage());
  }

  @Test
  void destinationOutsideTheRulesetIsNotAllowed() {
    // The test config relays to loopback only; anything else is blocked by rule.
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () -> new Socks5Egress(dante).connect("192.0.2.1", 443, TIMEOUT));
    assertEquals(
        "proxy refused connect: " + dante.describe()
            + " could not reach 192.0.2.1:443: connection not allowed by ruleset (0x02)",
        e.getMessage());
  }

  @Test
  void unresolvableNameIsReportedByTheProxy() {
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () -> new Socks5Egress(dante).connect("no-such-host.invalid", 443, TIMEOUT));
    assertTrue(
        e.getMessage().startsWith(
            "proxy refused connect: " + dante.describe() + " could not reach no-such-host.invalid:443: "),
        e.getMessage());
  }

  @Test
  void okHttpReachesMockWebServerThroughDante() throws Exception {
    MockWebServer server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    try {
      server.enqueue(new MockResponse().setBody("through dante"));
      OkHttpClient client = OkHttpThroughProxyTest.client(new Socks5Egress(dante));
      String url = "http://localhost:" + server.getPort() + "/v/t62.7118-24/abc";
      try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertEquals(200, r.code());
        assertEquals("through dante", r.body().string());
      }
      RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(recorded);
      assertEquals("/v/t62.7118-24/abc", recorded.getPath());
    } finally {
      server.shutdown();
    }
  }

  @Test
  void okHttpWithRefusedCredentialsNeverReachesTheServer() throws Exception {
    OkHttpClient client =
        OkHttpThroughProxyTest.client(new Socks5Egress(withCredentials(dante.username(), "nope")));
    String url = "http://localhost:" + target.port() + "/";
    IOException e =
        assertThrows(IOException.class, () -> client.newCall(new Request.Builder().url(url).build()).execute());
    assertTrue(OkHttpThroughProxyTest.causalChainHas(e, "proxy auth refused: "), "" + e);
    assertEquals(0, target.accepted.get());
  }
}
