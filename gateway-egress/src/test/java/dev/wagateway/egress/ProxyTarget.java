package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.transport.Egress;
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
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The destination of the proxy tests (fake proxies and real ones alike): a loopback {@link
 * EchoServer} started around each test ({@code @RegisterExtension}), and the checks those tests
 * make through an egress: the stream reaches it, or the egress fails closed and it saw nothing.
 */
final class ProxyTarget implements BeforeEachCallback, AfterEachCallback {
  private EchoServer server;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server = new EchoServer();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  int port() {
    return server.port();
  }

  /** Connections the target accepted. */
  int accepted() {
    return server.accepted.get();
  }

  /**
   * Opens a stream to the target by {@code host} through {@code egress} and checks it end to end
   * (greeting, then an echoed payload).
   */
  void assertReachable(Egress egress, String host, Duration timeout) throws IOException {
    try (Socket s = egress.connect(host, port(), timeout)) {
      Tunnels.assertReachesEchoServer(s);
    }
  }

  /** {@link #assertUnavailable(Egress, String, int, Duration)} towards the target itself. */
  EgressUnavailableIOException assertUnavailable(Egress egress, Duration timeout) {
    return assertUnavailable(egress, "localhost", port(), timeout);
  }

  /**
   * Asserts that connecting to {@code host:port} through {@code egress} fails closed, with an
   * {@link EgressUnavailableIOException}, and that the target never got a connection.
   */
  EgressUnavailableIOException assertUnavailable(
      Egress egress, String host, int port, Duration timeout) {
    EgressUnavailableIOException e =
        assertThrows(EgressUnavailableIOException.class, () -> egress.connect(host, port, timeout));
    assertEquals(0, accepted(), "the target saw no connection");
    return e;
  }

  /** A loopback port on which nothing listens (it was bound, then closed). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@code proxy} with other credentials (null for none). */
  static ProxyEndpoint withCredentials(ProxyEndpoint proxy, String user, String pass) {
    return new ProxyEndpoint(proxy.kind(), proxy.host(), proxy.port(), user, pass, null);
  }

  /**
   * Fetches {@code path} from a loopback MockWebServer with OkHttp over {@code egress}, checks the
   * body came back, and returns the request as the server recorded it.
   */
  static RecordedRequest assertOkHttpReaches(Egress egress, String path, String body)
      throws Exception {
    MockWebServer server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    try {
      server.enqueue(new MockResponse().setBody(body));
      OkHttpClient client = OkHttpThroughProxyTest.client(egress);
      String url = "http://localhost:" + server.getPort() + path;
      try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertEquals(200, r.code());
        assertEquals(body, r.body().string());
      }
      RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(recorded, "the server got the request");
      assertEquals(path, recorded.getPath());
      return recorded;
    } finally {
      server.shutdown();
    }
  }
}
