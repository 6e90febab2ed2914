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

/** {@link HttpConnectEgress} against a real tinyproxy with Basic auth ({@code scripts/proxies.sh}). */
class TinyproxyHttpConnectIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private ProxyEndpoint tinyproxy;
  private EchoServer target;

  @BeforeEach
  void setUp() throws IOException {
    tinyproxy = RealProxies.require(RealProxies.HTTP);
    target = new EchoServer();
  }

  @AfterEach
  void tearDown() throws IOException {
    if (target != null) {
      target.close();
    }
  }

  private ProxyEndpoint withCredentials(String user, String pass) {
    return new ProxyEndpoint(tinyproxy.kind(), tinyproxy.host(), tinyproxy.port(), user, pass, null);
  }

  @Test
  void tunnelToHostNameFlows() throws IOException {
    try (Socket s = new HttpConnectEgress(tinyproxy).connect("localhost", target.port(), TIMEOUT)) {
      Tunnels.assertReachesEchoServer(s);
    }
    assertEquals(1, target.accepted.get());
  }

  @Test
  void wrongPasswordIsAuthRefused() {
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () ->
                new HttpConnectEgress(withCredentials(tinyproxy.username(), "not-the-password"))
                    .connect("localhost", target.port(), TIMEOUT));
    assertTrue(
        // tinyproxy 1.11 answers wrong credentials with 401, missing ones with 407.
        e.getMessage().startsWith("proxy auth refused: " + tinyproxy.describe() + " answered 40"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("not-the-password"));
    assertEquals(0, target.accepted.get());
  }

  @Test
  void missingCredentialsAre407AuthRefused() {
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () -> new HttpConnectEgress(withCredentials(null, null)).connect("localhost", target.port(), TIMEOUT));
    assertTrue(
        e.getMessage().startsWith("proxy auth refused: " + tinyproxy.describe() + " answered 407"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("(no credentials configured)"), e.getMessage());
    assertEquals(0, target.accepted.get());
  }

  @Test
  void closedTargetPortIsRefusedConnect() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () -> new HttpConnectEgress(tinyproxy).connect("127.0.0.1", closedPort, TIMEOUT));
    assertTrue(
        e.getMessage().startsWith("proxy refused connect: " + tinyproxy.describe() + " answered 5"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" to CONNECT 127.0.0.1:" + closedPort), e.getMessage());
  }

  @Test
  void okHttpReachesMockWebServerThroughTinyproxy() throws Exception {
    MockWebServer server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    try {
      server.enqueue(new MockResponse().setBody("through tinyproxy"));
      OkHttpClient client = OkHttpThroughProxyTest.client(new HttpConnectEgress(tinyproxy));
      String url = "http://localhost:" + server.getPort() + "/mms/audio/xyz";
      try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertEquals("through tinyproxy", r.body().string());
      }
      RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(recorded);
      assertEquals("/mms/audio/xyz", recorded.getPath());
      // A CONNECT tunnel carries our request untouched: no proxy header was added to it.
      assertEquals(null, recorded.getHeader("Via"));
      assertEquals(null, recorded.getHeader("Proxy-Authorization"));
    } finally {
      server.shutdown();
    }
  }
}
