package dev.wagateway.server.internal;

import dev.wagateway.core.egress.EnrolmentToken;
import dev.wagateway.core.egress.EnrolmentTokenKeys;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.config.ServerConfig.ConfigException;
import dev.wagateway.server.internal.api.ApiContext;
import dev.wagateway.server.internal.api.Routes;
import dev.wagateway.server.internal.api.SessionEventBridge;
import dev.wagateway.server.internal.auth.ApiKeys;
import dev.wagateway.server.internal.auth.AuthThrottle;
import dev.wagateway.server.internal.auth.Authenticator;
import dev.wagateway.server.internal.auth.ConcurrencyLimit;
import dev.wagateway.server.internal.auth.JwtAuthenticator;
import dev.wagateway.server.internal.auth.RateLimiter;
import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.EventLog;
import dev.wagateway.server.internal.events.RingEventLog;
import dev.wagateway.server.internal.events.SqliteEventLog;
import dev.wagateway.server.internal.http.ApiHandler;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.HostSessionService;
import dev.wagateway.server.internal.session.HostSessions;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.session.SessionServiceFactory;
import dev.wagateway.server.internal.store.ApiKeyStore;
import dev.wagateway.server.internal.store.EgressNodeStore;
import dev.wagateway.server.internal.store.IdempotencyStore;
import dev.wagateway.server.internal.store.Orgs;
import dev.wagateway.server.internal.store.SenderStore;
import dev.wagateway.server.internal.store.ServerDb;
import dev.wagateway.server.internal.store.ServerSecrets;
import dev.wagateway.server.internal.store.SessionEgressStore;
import dev.wagateway.server.internal.store.WebhookStore;
import dev.wagateway.server.internal.webhook.Webhooks;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Wires a server from its config: checks the admin key, opens the store and the server tables, the
 * auth chain, the event hub, the egress-node registry, the session layer and the routes, with the
 * embedder's {@link Extras}. {@code GatewayServer} is the facade over what this returns.
 */
public final class ServerAssembly {
  public static final int MIN_ADMIN_KEY_CHARS = 16;

  private static final int EVENT_PRUNE_BATCH = 1_000;
  private static final Duration EVENT_PRUNE_INTERVAL = Duration.ofMinutes(1);

  private ServerAssembly() {}

  /** What a running server is made of; closed in reverse order by the facade. */
  public record Parts(
      SqliteStore store,
      SessionService sessions,
      EventHub events,
      EventLog eventLog,
      AutoCloseable subscription,
      ApiHandler api,
      EgressNodeRegistry nodes,
      List<AutoCloseable> closeOnStop,
      AutoCloseable webhooks) {}

  /**
   * What an embedder adds (see {@code GatewayServer.Builder}).
   *
   * @param hostTuning applied to the session host's config after the server's settings
   * @param poolEgress the egress of every managed-pool session instead of the proxies, or null
   * @param routes extra routes, made once the session host is open
   * @param closeOnStop closed after the sessions stop, in order (and when assembly fails)
   */
  public record Extras(
      UnaryOperator<SessionHostConfig.Builder> hostTuning,
      Egress poolEgress,
      Function<SessionHost, List<Route>> routes,
      List<AutoCloseable> closeOnStop) {
    public Extras {
      closeOnStop = List.copyOf(closeOnStop);
    }
  }

  /**
   * @param gatewayUrl the WebSocket base URL egress nodes dial, known once the server listens
   * @throws ConfigException when the admin key is missing or too short, or a setting is unusable
   */
  public static Parts assemble(
      ServerConfig config,
      SessionServiceFactory sessionFactory,
      Extras extras,
      Supplier<String> gatewayUrl) {
    try {
      return assembleParts(config, sessionFactory, extras, gatewayUrl);
    } catch (RuntimeException e) {
      closeAll(extras.closeOnStop(), e);
      throw e;
    }
  }

  private static Parts assembleParts(
      ServerConfig config,
      SessionServiceFactory sessionFactory,
      Extras extras,
      Supplier<String> gatewayUrl) {
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
    SqliteStore store = Stores.sqlite(config.storage().dataDir());
    SessionService sessions = null;
    EgressNodeRegistry nodes = null;
    EventLog eventLog = null;
    Webhooks webhooks = null;
    try {
      ServerDb db = ServerDb.open(store, clock.millis());
      Orgs orgs = new Orgs(db);
      orgs.ensure(Orgs.DEFAULT_ORG, "Default organization", clock.millis());
      ApiKeyStore keyStore = new ApiKeyStore(db);
      ApiKeys apiKeys = new ApiKeys(keyStore, random, clock);
      byte[] tokenKey =
          new ServerSecrets(db, random).getOrCreate("pairing-token-k1", 32, clock.millis());
      EnrolmentToken pairingTokens =
          new EnrolmentToken(EnrolmentTokenKeys.of("k1", tokenKey), clock, random);
      ServerConfig.Events ev = config.events();
      eventLog =
          ev.persistent()
              ? SqliteEventLog.open(
                  db,
                  clock,
                  new SqliteEventLog.Settings(
                      ev.replayCapacity(),
                      ev.maxAge(),
                      ev.writeQueue(),
                      EVENT_PRUNE_BATCH,
                      EVENT_PRUNE_INTERVAL))
              : new RingEventLog(ev.replayCapacity());
      EventHub events = new EventHub(eventLog, ev.clientQueue());
      String publicUrl = config.http().publicUrl();
      EgressNodeStore nodeStore = new EgressNodeStore(db, clock);
      // No tunnel survives a restart: nodes left online show offline until their agent is back.
      for (EgressNode node : nodeStore.markOnlineNodesOffline()) {
        events.publish(
            node.orgId(), null, ApiEventType.EGRESS_NODE_STATUS, clock.instant(), nodeStatus(node));
      }
      nodes =
          EgressNodeRegistry.builder(
                  pairingTokens,
                  publicUrl != null && !publicUrl.isBlank()
                      ? publicUrl
                      : "http://" + config.http().host())
              .store(nodeStore)
              .clock(clock)
              .random(random)
              .listener(
                  (before, after) ->
                      events.publish(
                          after.orgId(),
                          null,
                          ApiEventType.EGRESS_NODE_STATUS,
                          clock.instant(),
                          nodeStatus(after)))
              .build();
      SenderStore senders = new SenderStore(db);
      sessions =
          sessionFactory.open(
              new SessionServiceFactory.Deps(
                  store,
                  config,
                  nodes,
                  new SessionEgressStore(db),
                  senders,
                  extras.hostTuning(),
                  extras.poolEgress(),
                  clock));
      AutoCloseable subscription = sessions.subscribe(new SessionEventBridge(sessions, events));
      ApiContext ctx =
          new ApiContext(
              sessions,
              senders,
              nodes,
              keyStore,
              apiKeys,
              new WebhookStore(db),
              events,
              config.egress().pairingTokenTtl(),
              gatewayUrl::get,
              openApiDocument(),
              version(),
              ev.heartbeat().toMillis(),
              clock,
              new IdempotencyStore(db),
              config.egress().allowPrivateProxyTargets());
      ServerConfig.Http http = config.http();
      List<Route> routes = new ArrayList<>(Routes.all(ctx));
      webhooks = Webhooks.open(db, events, sessions, config.webhooks(), clock, random);
      routes.addAll(webhooks.routes());
      routes.addAll(extras.routes().apply(sessionHost(sessions)));
      ApiHandler api =
          new ApiHandler(
              routes,
              new Authenticator(adminKey.strip(), apiKeys, jwt, orgs, clock),
              new RateLimiter(http.ratePerSecond(), http.rateBurst(), System::nanoTime),
              http.maxBodyBytes(),
              new ApiHandler.Guards(
                  new AuthThrottle(config.limits().authFailuresPerMinute(), System::nanoTime),
                  new ConcurrencyLimit(config.limits().maxConcurrentPerKey()),
                  config.limits().bodyTimeout(),
                  config.limits().uploadTimeout()));
      webhooks.start();
      return new Parts(
          store,
          sessions,
          events,
          eventLog,
          subscription,
          api,
          nodes,
          extras.closeOnStop(),
          webhooks);
    } catch (RuntimeException e) {
      if (webhooks != null) {
        webhooks.close();
      }
      if (sessions != null) {
        sessions.close();
      }
      if (nodes != null) {
        nodes.close();
      }
      if (eventLog != null) {
        eventLog.close();
      }
      store.close();
      throw e;
    }
  }

  /**
   * The host under the production session layer, for extra routes; null under another layer (a
   * test's), where an extra route that used it would fail.
   */
  private static SessionHost sessionHost(SessionService sessions) {
    return sessions instanceof HostSessionService h ? h.host() : null;
  }

  private static void closeAll(List<AutoCloseable> resources, RuntimeException failure) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
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

  public static byte[] openApiDocument() {
    try (InputStream in =
        ServerAssembly.class.getResourceAsStream("/dev/wagateway/server/openapi.json")) {
      if (in == null) {
        throw new ConfigException("openapi.json is missing from the server jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ConfigException("could not read openapi.json: " + e.getMessage());
    }
  }

  public static String version() {
    String v = ServerAssembly.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
