package dev.wagateway.server.internal;

import dev.wagateway.core.egress.PairingToken;
import dev.wagateway.core.egress.PairingTokenKeys;
import dev.wagateway.core.internal.store.SqliteGatewayStore;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.GatewayServer;
import dev.wagateway.server.ServerConfig;
import dev.wagateway.server.ServerConfig.ConfigException;
import dev.wagateway.server.internal.api.ApiContext;
import dev.wagateway.server.internal.api.Routes;
import dev.wagateway.server.internal.api.SessionEventBridge;
import dev.wagateway.server.internal.auth.ApiKeys;
import dev.wagateway.server.internal.auth.Authenticator;
import dev.wagateway.server.internal.auth.JwtAuthenticator;
import dev.wagateway.server.internal.auth.RateLimiter;
import dev.wagateway.server.internal.demo.DemoApi;
import dev.wagateway.server.internal.demo.DemoWorld;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.EventLog;
import dev.wagateway.server.internal.events.RingEventLog;
import dev.wagateway.server.internal.events.SqliteEventLog;
import dev.wagateway.server.internal.http.ApiHandler;
import dev.wagateway.server.internal.http.Route;
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
import java.util.function.Supplier;

/**
 * Wires a server from its config: checks the admin key, opens the store and the server tables,
 * the auth chain, the event hub, the egress-node registry, the session layer (and in demo mode
 * the simulator) and the routes. {@link GatewayServer} is the facade over what this returns.
 */
public final class ServerAssembly {
  public static final int MIN_ADMIN_KEY_CHARS = 16;

  private static final int EVENT_PRUNE_BATCH = 1_000;
  private static final Duration EVENT_PRUNE_INTERVAL = Duration.ofMinutes(1);

  private ServerAssembly() {}

  /** What a running server is made of; closed in reverse order by the facade. */
  public record Parts(
      SqliteGatewayStore store,
      SessionService sessions,
      EventHub events,
      EventLog eventLog,
      AutoCloseable subscription,
      ApiHandler api,
      EgressNodeRegistry nodes,
      DemoWorld demo,
      AutoCloseable webhooks) {}

  /**
   * @param gatewayUrl the WebSocket base URL egress nodes dial, known once the server listens
   * @throws ConfigException when the admin key is missing or too short, or a setting is unusable
   */
  public static Parts assemble(
      ServerConfig config, SessionServiceFactory sessionFactory, Supplier<String> gatewayUrl) {
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
    EventLog eventLog = null;
    Webhooks webhooks = null;
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
            node.orgId(), null, "egress.node.status", clock.instant(), nodeStatus(node));
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
                          "egress.node.status",
                          clock.instant(),
                          nodeStatus(after)))
              .build();
      if (config.demo().enabled()) {
        demo = DemoWorld.start();
      }
      SenderStore senders = new SenderStore(db);
      sessions =
          sessionFactory.open(
              new SessionServiceFactory.Deps(
                  store, config, nodes, new SessionEgressStore(db), senders, demo, clock));
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
              new IdempotencyStore(db));
      ServerConfig.Http http = config.http();
      List<Route> routes = new ArrayList<>(Routes.all(ctx));
      webhooks = Webhooks.open(db, events, sessions, config.webhooks(), clock, random);
      routes.addAll(webhooks.routes());
      if (demo != null) {
        routes.addAll(new DemoApi(demo, sessions).routes());
      }
      ApiHandler api =
          new ApiHandler(
              routes,
              new Authenticator(adminKey.strip(), apiKeys, jwt, orgs, clock),
              new RateLimiter(http.ratePerSecond(), http.rateBurst(), System::nanoTime),
              http.maxBodyBytes());
      webhooks.start();
      return new Parts(
          store, sessions, events, eventLog, subscription, api, nodes, demo, webhooks);
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
      if (demo != null) {
        demo.close();
      }
      if (eventLog != null) {
        eventLog.close();
      }
      store.close();
      throw e;
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
    try (InputStream in = GatewayServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new ConfigException("openapi.json is missing from the server jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ConfigException("could not read openapi.json: " + e.getMessage());
    }
  }

  public static String version() {
    String v = GatewayServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
