package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.model.WhatsAppAltSession;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.egress.EgressAssignmentStore;
import dev.wagateway.egress.ProxyEndpoint;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.internal.session.HostSessions;
import dev.wagateway.testkit.WaSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;

/**
 * A real {@link GatewayServer} (real {@link HostSessions}, real SQLite) whose sessions dial a
 * {@link WaSimulator} through the server's own egress routing; it can be stopped and started again
 * on the same data directory and port (a restart). The real proxies come from {@code
 * scripts/proxies.sh} ({@link #socks5()}, {@link #httpProxy()}); {@link DeadProxy} is a proxy that
 * accepts and hangs up, to make a proxy unhealthy.
 */
final class RoutedServer implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String DIRECT_IP = "127.0.0.1";

  final WaSimulator simulator;
  final Path dataDir;
  final OkHttpClient http;
  private GatewayServer server;
  private int port;

  /** Reconnects within 5 minutes before a session counts as degraded ({@code session.degraded}). */
  int reconnectLoopAttempts = 1000;

  RoutedServer(WaSimulator simulator, Path dataDir) {
    this.simulator = simulator;
    this.dataDir = dataDir;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false)
            .build();
  }

  /** Starts (or, after {@link #stop()}, restarts on the same port) with these pool proxies. */
  RoutedServer start(List<String> proxies) {
    ServerConfig config =
        ServerConfig.builder()
            .adminKey(TestServer.ADMIN_KEY)
            .dataDir(dataDir)
            .egress(new ServerConfig.Egress(proxies, null))
            .events(new ServerConfig.Events(100, 50, Duration.ofMillis(300)))
            .build();
    server =
        GatewayServer.create(
                config,
                new HostSessions(
                    b ->
                        b.endpoint(URI.create(simulator.url()))
                            .trustedRootKey(simulator.rootPublicKey())
                            .connectTimeout(Duration.ofSeconds(5))
                            .preKeys(30, 10, 5)
                            .backoff(Duration.ofMillis(100), Duration.ofMillis(400), 0.2)
                            .reconnectLoop(reconnectLoopAttempts, Duration.ofMinutes(5))))
            .start(port);
    port = server.port();
    return this;
  }

  void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  /** A raw-HTTP view (status codes, SSE) of the running server. */
  TestServer view() {
    return TestServer.forServer(server, http);
  }

  WagatewayApi api() {
    return view().api();
  }

  WhatsAppAltSession session(String id) {
    return api().getWhatsAppAltSession(id).session();
  }

  /** Waits until the session (read over the API) matches. */
  WhatsAppAltSession awaitSession(String id, Predicate<WhatsAppAltSession> match)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    WhatsAppAltSession last = null;
    while (System.nanoTime() < deadline) {
      last = session(id);
      if (match.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("session " + id + " did not match within " + WAIT + "; last " + last);
  }

  /** The source address of every connection the simulator accepted, as text. */
  List<String> peers() {
    return simulator.peerAddresses().stream()
        .map(InetSocketAddress::getAddress)
        .map(a -> a.getHostAddress())
        .toList();
  }

  /** The stored pool assignment of a session; reads the database, so only while stopped. */
  Optional<String> storedAssignment(String sessionId) {
    if (server != null) {
      throw new IllegalStateException("stop the server before reading its database");
    }
    try (SqliteStore store = Stores.sqlite(dataDir)) {
      return EgressAssignmentStore.sqlite(store).find(sessionId);
    }
  }

  @Override
  public void close() {
    stop();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  static boolean eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  // ---- the real proxies of scripts/proxies.sh ----

  static ProxyEndpoint socks5() {
    return require("WAGATEWAY_TEST_SOCKS5");
  }

  static ProxyEndpoint httpProxy() {
    return require("WAGATEWAY_TEST_HTTP_PROXY");
  }

  static String socks5Exit() {
    return setting("WAGATEWAY_TEST_SOCKS5_EXIT").orElse("127.0.0.2");
  }

  static String httpProxyExit() {
    return setting("WAGATEWAY_TEST_HTTP_PROXY_EXIT").orElse("127.0.0.3");
  }

  /** The proxy's pool URI: the real proxy's URI with {@code ?country=}. */
  static String inCountry(ProxyEndpoint proxy, String country) {
    String uri =
        setting(
                proxy.kind() == ProxyEndpoint.Kind.SOCKS5
                    ? "WAGATEWAY_TEST_SOCKS5"
                    : "WAGATEWAY_TEST_HTTP_PROXY")
            .orElseThrow();
    return uri + "?country=" + country;
  }

  /** The id the pool stores for the proxy in {@code country}. */
  static String idOf(ProxyEndpoint proxy, String country) {
    return ProxyEndpoint.parse(inCountry(proxy, country)).id();
  }

  /** Skipped when unset, except with {@code CI=true}, where it fails. */
  private static ProxyEndpoint require(String name) {
    Optional<String> value = setting(name);
    if (value.isEmpty()) {
      String why = name + " is not set; run `bash scripts/proxies.sh start` and export its output";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but " + why);
      }
      assumeTrue(false, why);
    }
    return ProxyEndpoint.parse(value.get());
  }

  private static Optional<String> setting(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** A "proxy" on loopback that accepts every connection and closes it at once: always failing. */
  static final class DeadProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    DeadProxy() throws IOException {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    s.shutdownInput(); // accept and drop: a proxy that answers nothing
                    accepted.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "dead-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private volatile String user;

    /**
     * Names a user in its URI (and so in its proxy id, which the pool's rendezvous hash takes); the
     * proxy still hangs up on everyone.
     */
    DeadProxy user(String name) {
      user = name;
      return this;
    }

    /** Its pool URI, a SOCKS5 proxy in {@code country}. */
    String uri(String country) {
      String credentials = user == null ? "" : user + ":secret@";
      return "socks5://"
          + credentials
          + "127.0.0.1:"
          + socket.getLocalPort()
          + "?country="
          + country;
    }

    String id() {
      return ProxyEndpoint.parse(uri("us")).id();
    }

    int accepted() {
      return accepted.get();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
