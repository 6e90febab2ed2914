package dev.wagateway.server;

import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.config.ServerConfig.ConfigException;
import dev.wagateway.server.internal.ServerAssembly;
import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.dashboard.DashboardHandler;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.EventLog;
import dev.wagateway.server.internal.http.ApiHandler;
import dev.wagateway.server.internal.http.HeaderDeadline;
import dev.wagateway.server.internal.http.JsonErrorHandler;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.HostSessions;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.session.SessionServiceFactory;
import dev.wagateway.server.internal.tunnel.AgentEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wagateway HTTP server on embedded Jetty 12: both API families, the event stream, the OpenAPI
 * document and the web dashboard ({@code /dashboard/}), over one session layer and one SQLite
 * database.
 *
 * <pre>{@code
 * GatewayServer server = GatewayServer.create(config).start(8080);
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>An embedder that needs more (another WhatsApp endpoint, extra routes) starts from {@link
 * #builder(ServerConfig)}; the command line's demo mode is built that way.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final ServerConfig config;
  private final SqliteStore store;
  private final SessionService sessions;
  private final EventHub events;
  private final EventLog eventLog;
  private final AutoCloseable subscription;
  private final ApiHandler api;
  private final EgressNodeRegistry nodes;
  private final List<AutoCloseable> closeOnStop;
  private final AutoCloseable webhooks;
  private Server jetty;
  private volatile int port = -1;

  private GatewayServer(ServerConfig config, ServerAssembly.Parts parts) {
    this.config = config;
    this.store = parts.store();
    this.sessions = parts.sessions();
    this.events = parts.events();
    this.eventLog = parts.eventLog();
    this.subscription = parts.subscription();
    this.api = parts.api();
    this.nodes = parts.nodes();
    this.closeOnStop = parts.closeOnStop();
    this.webhooks = parts.webhooks();
  }

  /**
   * Opens the store and the session layer (resuming sessions that were started). Nothing listens
   * until {@link #start(int)}.
   *
   * @throws ConfigException when the admin key is missing or too short, or a setting is unusable
   */
  public static GatewayServer create(ServerConfig config) {
    return builder(config).create();
  }

  /** A server of {@code config} with the embedder's additions (see {@link Builder}). */
  public static Builder builder(ServerConfig config) {
    return new Builder(config);
  }

  static GatewayServer create(ServerConfig config, SessionServiceFactory sessionFactory) {
    return builder(config).create(sessionFactory);
  }

  /** Listens on {@code port} (0 picks a free one, see {@link #port()}). */
  public synchronized GatewayServer start(int port) {
    if (jetty != null) {
      throw new IllegalStateException("already started");
    }
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("wagateway-http");
    Server server = new Server(threads);
    ServerConfig.Limits limits = config.limits();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(limits.idleTimeout().toMillis());
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.http().host());
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    HeaderDeadline headers =
        new HeaderDeadline(
            connector.getScheduler(),
            limits.headerTimeout(),
            limits.headerTimeout().compareTo(limits.idleTimeout()) > 0
                ? limits.headerTimeout()
                : limits.idleTimeout());
    connector.addBean(headers);
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(headers.wrap(AgentEndpoint.mount(nodes, new DashboardHandler(api))));
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
   * writes the queued events to the event log, and closes the store.
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
    for (AutoCloseable resource : closeOnStop) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("could not close {}: {}", resource.getClass().getSimpleName(), e.getMessage());
      }
    }
    try {
      webhooks.close();
    } catch (Exception e) {
      log.warn("could not stop webhook delivery: {}", e.getMessage());
    }
    eventLog.close();
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

  /**
   * Creates a {@link GatewayServer} with additions to what the config describes: where sessions
   * reach WhatsApp, extra routes, and resources that live as long as the server. Setting an option
   * again replaces it ({@link #closeOnStop} adds); without any, this is {@link
   * GatewayServer#create(ServerConfig)}.
   */
  public static final class Builder {
    private final ServerConfig config;
    private UnaryOperator<SessionHostConfig.Builder> sessionHost = b -> b;
    private Egress poolEgress;
    private Function<SessionHost, List<ExtraRoute>> routes = host -> List.of();
    private final List<AutoCloseable> closeOnStop = new ArrayList<>();

    private Builder(ServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Changes the session host's settings after the server's own: another WhatsApp endpoint and its
     * trusted Noise root key, or other timings. The egress resolver stays the server's.
     */
    public Builder sessionHost(UnaryOperator<SessionHostConfig.Builder> tuning) {
      this.sessionHost = Objects.requireNonNull(tuning, "tuning");
      return this;
    }

    /**
     * Sessions on the managed pool ({@code external}) all connect through {@code egress} instead of
     * the configured proxies, which are then not used. Sessions on an Android node still use its
     * tunnel, and {@code direct} is still refused.
     */
    public Builder poolEgress(Egress egress) {
      this.poolEgress = Objects.requireNonNull(egress, "egress");
      return this;
    }

    /**
     * Extra routes, made once the session host is open. They are served beside the API; a path that
     * the API already serves is answered by the API.
     */
    public Builder routes(Function<SessionHost, List<ExtraRoute>> routes) {
      this.routes = Objects.requireNonNull(routes, "routes");
      return this;
    }

    /**
     * Closed when the server stops, after the sessions and before the store, in the order given;
     * also closed when creating the server fails.
     */
    public Builder closeOnStop(AutoCloseable resource) {
      closeOnStop.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Opens the store and the session layer (resuming sessions that were started). Nothing listens
     * until {@link GatewayServer#start(int)}.
     *
     * @throws ConfigException when the admin key is missing or too short, or a setting is unusable
     */
    public GatewayServer create() {
      return create(new HostSessions());
    }

    GatewayServer create(SessionServiceFactory sessionFactory) {
      AtomicReference<GatewayServer> self = new AtomicReference<>();
      ServerAssembly.Extras extras =
          new ServerAssembly.Extras(
              sessionHost, poolEgress, host -> toRoutes(routes.apply(host)), closeOnStop);
      ServerAssembly.Parts parts =
          ServerAssembly.assemble(config, sessionFactory, extras, () -> self.get().gatewayUrl());
      self.set(new GatewayServer(config, parts));
      return self.get();
    }

    private static List<Route> toRoutes(List<ExtraRoute> extra) {
      List<Route> out = new ArrayList<>();
      for (ExtraRoute r : extra) {
        Capability capability =
            switch (r.access()) {
              case READ -> Capability.READ;
              case MANAGE -> Capability.MANAGE;
              case SEND -> Capability.SEND;
            };
        out.add(
            new Route(
                r.method(),
                r.path(),
                capability,
                ex -> Reply.ok(r.handler().handle(new RouteRequest(ex)))));
      }
      return out;
    }
  }
}
