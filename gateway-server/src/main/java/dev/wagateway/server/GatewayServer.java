package dev.wagateway.server;

import dev.wagateway.core.egress.PairingToken;
import dev.wagateway.core.egress.PairingTokenKeys;
import dev.wagateway.core.internal.store.SqliteGatewayStore;
import dev.wagateway.server.ServerConfig.ConfigException;
import dev.wagateway.server.internal.api.ApiContext;
import dev.wagateway.server.internal.api.Routes;
import dev.wagateway.server.internal.api.SessionEventBridge;
import dev.wagateway.server.internal.auth.ApiKeys;
import dev.wagateway.server.internal.auth.Authenticator;
import dev.wagateway.server.internal.auth.JwtAuthenticator;
import dev.wagateway.server.internal.auth.RateLimiter;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.RingEventLog;
import dev.wagateway.server.internal.http.ApiHandler;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.session.SessionServiceFactory;
import dev.wagateway.server.internal.store.ApiKeyStore;
import dev.wagateway.server.internal.store.EgressNodeStore;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.session.HostSessions;
import dev.wagateway.server.internal.demo.DemoApi;
import dev.wagateway.server.internal.demo.DemoWorld;
import dev.wagateway.server.internal.tunnel.AgentEndpoint;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.internal.http.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import dev.wagateway.server.internal.store.Orgs;
import dev.wagateway.server.internal.store.SenderStore;
import dev.wagateway.server.internal.store.ServerDb;
import dev.wagateway.server.internal.store.ServerSecrets;
import dev.wagateway.server.internal.store.WebhookStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.security.SecureRandom;
import java.time.Clock;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wagateway HTTP server on embedded Jetty 12: both API families, the event stream and the
 * OpenAPI document, over one session layer and one SQLite database.
 *
 * <pre>{@code
 * GatewayServer server = GatewayServer.create(config).start(8080);
 * ...
 * server.stop();
 * }</pre>
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
  static final int MIN_ADMIN_KEY_CHARS = 16;

  private final ServerConfig config;
  private final SqliteGatewayStore store;
  private final SessionService sessions;
  private final EventHub events;
  private final AutoCloseable subscription;
  private final ApiHandler api;
  private final EgressNodeRegistry nodes;
  private final DemoWorld demo;
  private Server jetty;
  private volatile int port = -1;

  private GatewayServer(
      ServerConfig config,
      SqliteGatewayStore store,
      SessionService sessions,
      EventHub events,
      AutoCloseable subscription,
      ApiHandler api,
      EgressNodeRegistry nodes,
      DemoWorld demo) {
    this.config = config;
    this.store = store;
    this.sessions = sessions;
    this.events = events;
    this.subscription = subscription;
    this.api = api;
    this.nodes = nodes;
    this.demo = demo;
  }

  /**
   * Opens the store and the session layer (resuming sessions that were started), and in demo mode
   * the simulator. Nothing listens until {@link #start(int)}.
   *
   * @throws ConfigException when the admin key is missing or too short, or a setting is unusable
   */
  public static GatewayServer create(ServerConfig config) {
    return create(config, new HostSessions());
  }

  static GatewayServer create(ServerConfig config, SessionServiceFactory sessionFactory) {
    String adminKey = config.auth().adminKey();
    if (adminKey == null || adminKey.isBlank()) {
      throw new ConfigException(
          "no admin key: set WAGATEWAY_ADMIN_KEY (or auth.adminKey in the config file);"
              + " the server refuses to start without one");
    }
    if (adminKey.strip().length() < MIN_ADMIN_KEY_CHARS) {
      throw new ConfigException(
          "the admin key must be at least " + MIN_ADMIN_KEY_CHARS + " characters");
    }
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    JwtAuthenticator jwt = null;
    if (config.auth().jwt() != null) {
      ServerConfig.Jwt j = config.auth().jwt();
      try {
        jwt =
            new JwtAuthenticator(
                j.jwksUrl().toURL(),
                j.issuer(),
                j.audience(),
                j.orgClaim(),
                j.roleClaim(),
                j.cacheTtl(),
                j.minRefreshInterval());
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new ConfigException("auth.jwt.jwksUrl is not a URL: " + e.getMessage());
      }
    }
    try {
      HostSessions.checkProxies(config);
    } catch (RuntimeException e) {
      throw new ConfigException("egress.proxies: " + e.getMessage());
    }
    SqliteGatewayStore store = SqliteGatewayStore.open(config.storage().dataDir());
    SessionService sessions = null;
    EgressNodeRegistry nodes = null;
    DemoWorld demo = null;
    try {
      ServerDb db = ServerDb.open(store, clock.millis());
      Orgs orgs = new Orgs(db);
      orgs.ensure(Orgs.DEFAULT_ORG, "Default organization", clock.millis());
      ApiKeyStore keyStore = new ApiKeyStore(db);
      ApiKeys apiKeys = new ApiKeys(keyStore, random, clock);
      byte[] tokenKey = new ServerSecrets(db, random).getOrCreate("pairing-token-k1", 32, clock.millis());
      PairingToken pairingTokens =
          new PairingToken(PairingTokenKeys.of("k1", tokenKey), clock, random);
      ServerConfig.Events ev = config.events();
      EventHub events = new EventHub(new RingEventLog(ev.replayCapacity()), ev.clientQueue());
      String publicUrl = config.http().publicUrl();
      nodes =
          EgressNodeRegistry.builder(
                  pairingTokens,
                  publicUrl != null && !publicUrl.isBlank()
                      ? publicUrl
                      : "http://" + config.http().host())
              .store(new EgressNodeStore(db))
              .clock(clock)
              .random(random)
              .listener(
                  (before, after) ->
                      events.publish(
                          after.orgId(),
                          null,
                          "egress.node.status",
                          clock.instant(),
                          nodeStatus(after)))
              .build();
      if (config.demo().enabled()) {
        demo = DemoWorld.start();
      }
      sessions =
          sessionFactory.open(
              new SessionServiceFactory.Deps(
                  store, config, nodes, new SessionEgressStore(db), demo, clock));
      AutoCloseable subscription = sessions.subscribe(new SessionEventBridge(sessions, events));
      GatewayServer[] self = new GatewayServer[1];
      ApiContext ctx =
          new ApiContext(
              sessions,
              new SenderStore(db),
              nodes,
              keyStore,
              apiKeys,
              new WebhookStore(db),
              events,
              config.egress().pairingTokenTtl(),
              () -> self[0].gatewayUrl(),
              openApiDocument(),
              version(),
              ev.heartbeat().toMillis(),
              clock);
      ServerConfig.Http http = config.http();
      List<Route> routes = new ArrayList<>(Routes.all(ctx));
      if (demo != null) {
        routes.addAll(new DemoApi(demo, sessions).routes());
      }
      ApiHandler api =
          new ApiHandler(
              routes,
              new Authenticator(adminKey.strip(), apiKeys, jwt, orgs, clock),
              new RateLimiter(http.ratePerSecond(), http.rateBurst(), System::nanoTime),
              http.maxBodyBytes());
      self[0] = new GatewayServer(config, store, sessions, events, subscription, api, nodes, demo);
      return self[0];
    } catch (RuntimeException e) {
      if (sessions != null) {
        sessions.close();
      }
      if (nodes != null) {
        nodes.close();
      }
      if (demo != null) {
        demo.close();
      }
      store.close();
      throw e;
    }
  }

  /** Listens on {@code port} (0 picks a free one, see {@link #port()}). */
  public synchronized GatewayServer start(int port) {
    if (jetty != null) {
      throw new IllegalStateException("already started");
    }
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("wagateway-http");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(config.http().host());
    connector.setPort(port);
    server.addConnector(connector);
    WebSocketUpgradeHandler upgrade =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxBinaryMessageSize(1 << 20);
              container.setIdleTimeout(Duration.ofMinutes(5));
              container.addMapping(
                  "/egress/agent", (request, response, callback) -> new AgentEndpoint(nodes));
            });
    upgrade.setHandler(api);
    server.setHandler(upgrade);
    server.setStopTimeout(5_000);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new ConfigException(
          "could not listen on " + config.http().host() + ":" + port + ": " + e.getMessage());
    }
    this.jetty = server;
    this.port = connector.getLocalPort();
    log.info("wagateway listening on http://{}:{}", config.http().host(), this.port);
    return this;
  }

  /** The port listened on (the real one after {@code start(0)}), or -1 before start. */
  public int port() {
    return port;
  }

  /** The base URL clients use: the configured public URL, else {@code http://host:port}. */
  public String baseUrl() {
    String configured = config.http().publicUrl();
    if (configured != null && !configured.isBlank()) {
      return configured.replaceAll("/+$", "");
    }
    return "http://" + config.http().host() + ":" + port;
  }

  /** Where egress nodes dial: the base URL with ws/wss. */
  String gatewayUrl() {
    String base = baseUrl();
    return base.startsWith("https://") ? "wss://" + base.substring(8) : "ws://" + base.substring(7);
  }

  /**
   * Stops listening (event streams end), stops every session cleanly keeping its desired state,
   * and closes the store.
   */
  public synchronized void stop() {
    events.close();
    if (jetty != null) {
      try {
        jetty.stop();
      } catch (Exception e) {
        log.warn("jetty did not stop cleanly: {}", e.getMessage());
      }
      jetty = null;
    }
    try {
      subscription.close();
    } catch (Exception e) {
      log.warn("could not close the event subscription: {}", e.getMessage());
    }
    sessions.close();
    nodes.close();
    if (demo != null) {
      demo.close();
    }
    store.close();
  }

  @Override
  public void close() {
    stop();
  }

  /** The routes served, for tests. */
  ApiHandler api() {
    return api;
  }

  private static Map<String, Object> nodeStatus(EgressNode node) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("nodeId", node.id());
    fields.put(
        "status",
        node.status() == EgressNode.Status.REVOKED ? "offline" : node.status().wireName());
    fields.put("exitIp", node.exitIp());
    fields.put("exitCountry", node.exitCountry());
    return fields;
  }

  /** The demo world (simulator and phone), or null outside demo mode. */
  DemoWorld demo() {
    return demo;
  }

  static byte[] openApiDocument() {
    try (InputStream in = GatewayServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new ConfigException("openapi.json is missing from the server jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ConfigException("could not read openapi.json: " + e.getMessage());
    }
  }

  static String version() {
    String v = GatewayServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
