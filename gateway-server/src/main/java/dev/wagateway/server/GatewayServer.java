package dev.wagateway.server;

import dev.wagateway.core.internal.store.SqliteGatewayStore;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.ServerConfig.ConfigException;
import dev.wagateway.server.internal.ServerAssembly;
import dev.wagateway.server.internal.demo.DemoWorld;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.EventLog;
import dev.wagateway.server.internal.http.ApiHandler;
import dev.wagateway.server.internal.session.HostSessions;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.session.SessionServiceFactory;
import dev.wagateway.server.internal.tunnel.AgentEndpoint;
import java.util.concurrent.atomic.AtomicReference;
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

  private final ServerConfig config;
  private final SqliteGatewayStore store;
  private final SessionService sessions;
  private final EventHub events;
  private final EventLog eventLog;
  private final AutoCloseable subscription;
  private final ApiHandler api;
  private final EgressNodeRegistry nodes;
  private final DemoWorld demo;
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
    this.demo = parts.demo();
    this.webhooks = parts.webhooks();
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
    AtomicReference<GatewayServer> self = new AtomicReference<>();
    ServerAssembly.Parts parts =
        ServerAssembly.assemble(config, sessionFactory, () -> self.get().gatewayUrl());
    self.set(new GatewayServer(config, parts));
    return self.get();
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
    server.setHandler(AgentEndpoint.mount(nodes, api));
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
    if (demo != null) {
      demo.close();
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

  /** The demo world (simulator and phone), or null outside demo mode. */
  DemoWorld demo() {
    return demo;
  }
}
