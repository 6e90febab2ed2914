package dev.wagateway.server.config;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything a {@code GatewayServer} needs, grouped in small immutable records: {@link Http},
 * {@link Auth} (with an optional {@link Jwt}), {@link Storage}, {@link Egress}, {@link Events} and
 * {@link Webhooks}. Build with {@link #builder()}, or read a properties file plus the environment
 * with {@link #fromProperties}.
 */
public record ServerConfig(
    Http http,
    Auth auth,
    Storage storage,
    Egress egress,
    Events events,
    Webhooks webhooks,
    Limits limits) {

  public ServerConfig {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(egress, "egress");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(webhooks, "webhooks");
  }

  /** A config with the default {@link Webhooks} and {@link Limits} settings. */
  public ServerConfig(Http http, Auth auth, Storage storage, Egress egress, Events events) {
    this(http, auth, storage, egress, events, Webhooks.defaults(), Limits.defaults());
  }

  /**
   * HTTP listener settings.
   *
   * @param host address to bind (default 127.0.0.1)
   * @param publicUrl how clients and egress nodes reach this server ({@code https://gw.example});
   *     null means {@code http://<host>:<port>}
   * @param maxBodyBytes largest accepted request body
   * @param ratePerSecond requests per second per credential (0 = unlimited)
   * @param rateBurst requests a credential may make at once
   */
  public record Http(
      String host, String publicUrl, long maxBodyBytes, double ratePerSecond, int rateBurst) {
    public static Http defaults() {
      return new Http("127.0.0.1", null, 1024 * 1024, 20, 100);
    }
  }

  /**
   * Credentials. {@code adminKey} is the bootstrap key (a live key of the default org with every
   * capability); the server refuses to start without it.
   */
  public record Auth(String adminKey, Jwt jwt) {
    @Override
    public String toString() {
      return "Auth[adminKey=<redacted>, jwt=" + jwt + "]";
    }
  }

  /**
   * Login JWTs, verified against a JWKS. {@code minRefreshInterval} rate-limits refetches when a
   * token names an unknown key id.
   */
  public record Jwt(
      URI jwksUrl,
      String issuer,
      String audience,
      String orgClaim,
      String roleClaim,
      Duration cacheTtl,
      Duration minRefreshInterval) {
    public Jwt {
      Objects.requireNonNull(jwksUrl, "jwksUrl");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
      orgClaim = orgClaim == null ? "org" : orgClaim;
      roleClaim = roleClaim == null ? "role" : roleClaim;
      cacheTtl = cacheTtl == null ? Duration.ofMinutes(5) : cacheTtl;
      minRefreshInterval = minRefreshInterval == null ? Duration.ofSeconds(30) : minRefreshInterval;
    }
  }

  /** Where the SQLite database lives ({@code dataDir/wagateway.db}). */
  public record Storage(Path dataDir) {
    public Storage {
      Objects.requireNonNull(dataDir, "dataDir");
    }
  }

  /**
   * The managed proxy pool ({@code external} egress): URIs like {@code
   * socks5://user:pass@host:1080?country=cl}. Every proxy needs its {@code ?country=}; the server
   * refuses to start otherwise. Sessions get a sticky proxy of their country (see {@code
   * docs/egress.md}); without a proxy of it they fail closed with {@code egress_unavailable}.
   * {@code allowPrivateProxyTargets} (default false) lets a session's own {@code proxyUrl} name a
   * private, loopback, link-local or metadata address; refused with 400 otherwise.
   */
  public record Egress(
      List<String> proxies, Duration pairingTokenTtl, boolean allowPrivateProxyTargets) {
    public Egress {
      proxies = List.copyOf(proxies);
      pairingTokenTtl = pairingTokenTtl == null ? Duration.ofMinutes(15) : pairingTokenTtl;
    }

    /**
     * Customer-supplied proxy URLs ({@code egress.kind = proxy}) may not name a host that resolves
     * to a private, loopback, link-local or metadata address.
     */
    public Egress(List<String> proxies, Duration pairingTokenTtl) {
      this(proxies, pairingTokenTtl, false);
    }

    @Override
    public String toString() {
      return "Egress[" + proxies.size() + " proxies]";
    }
  }

  /**
   * The event stream and its replay log.
   *
   * @param replayCapacity events kept for {@code Last-Event-ID} resume: per organization in the
   *     persisted log, in total in the in-memory one
   * @param clientQueue events buffered per stream client before a slow client is dropped
   * @param heartbeat interval of the keep-alive comment
   * @param maxAge persisted events older than this are pruned
   * @param writeQueue events waiting to be written to the persisted log; beyond that they are
   *     delivered live but not stored (counted and logged)
   * @param persistent keep the log in the database (the default); false keeps it in memory only
   */
  public record Events(
      int replayCapacity,
      int clientQueue,
      Duration heartbeat,
      Duration maxAge,
      int writeQueue,
      boolean persistent) {
    public Events {
      if (replayCapacity < 1 || clientQueue < 1 || writeQueue < 1) {
        throw new ConfigException(
            "events.replayCapacity, events.clientQueue and events.writeQueue must be positive");
      }
      Objects.requireNonNull(heartbeat, "heartbeat");
      Objects.requireNonNull(maxAge, "maxAge");
      if (heartbeat.isNegative() || heartbeat.isZero() || maxAge.isNegative() || maxAge.isZero()) {
        throw new ConfigException("events.heartbeat and events.maxAge must be positive");
      }
    }

    /** A persisted log with the default age bound and write queue. */
    public Events(int replayCapacity, int clientQueue, Duration heartbeat) {
      this(replayCapacity, clientQueue, heartbeat, DEFAULT_MAX_AGE, DEFAULT_WRITE_QUEUE, true);
    }

    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    public static final int DEFAULT_WRITE_QUEUE = 10_000;

    public static Events defaults() {
      return new Events(10_000, 1_000, Duration.ofSeconds(15));
    }
  }

  /**
   * Webhook delivery.
   *
   * @param retryHorizon how long after its event a failing delivery is retried before it is
   *     dead-lettered
   * @param allowPrivateTargets accept webhook URLs on loopback, private, link-local and metadata
   *     addresses (tests, trusted networks); off by default
   * @param maxConcurrency deliveries in flight per webhook (each session's events go one at a time)
   * @param timeout how long one delivery attempt may take before it counts as failed
   */
  public record Webhooks(
      Duration retryHorizon, boolean allowPrivateTargets, int maxConcurrency, Duration timeout) {
    public Webhooks {
      Objects.requireNonNull(retryHorizon, "retryHorizon");
      Objects.requireNonNull(timeout, "timeout");
      if (retryHorizon.isNegative() || retryHorizon.isZero()) {
        throw new ConfigException("webhooks.retryHorizon must be positive");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ConfigException("webhooks.timeout must be positive");
      }
      if (maxConcurrency < 1 || maxConcurrency > 256) {
        throw new ConfigException("webhooks.maxConcurrency must be 1..256");
      }
    }

    public static Webhooks defaults() {
      return new Webhooks(Duration.ofHours(24), false, 16, Duration.ofSeconds(10));
    }
  }

  /**
   * Bounds on what one client may hold of the server (see the README's "Limits" section).
   *
   * @param headerTimeout a connection's first request head must arrive within this of its opening;
   *     later ones within the larger of this and {@code idleTimeout} of the previous response
   * @param bodyTimeout a JSON request body must arrive completely within this; bodies are read
   *     without holding a thread
   * @param uploadTimeout a multipart upload must arrive completely within this
   * @param idleTimeout a connection silent for this long is closed
   * @param maxConcurrentPerKey requests one credential may have in progress at once (more: 429)
   * @param authFailuresPerMinute failed authentications one source address may make per minute;
   *     beyond that its requests are 429 before any credential is checked
   */
  public record Limits(
      Duration headerTimeout,
      Duration bodyTimeout,
      Duration uploadTimeout,
      Duration idleTimeout,
      int maxConcurrentPerKey,
      int authFailuresPerMinute) {
    public Limits {
      for (Duration d : new Duration[] {headerTimeout, bodyTimeout, uploadTimeout, idleTimeout}) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new ConfigException("limits.*Timeout settings must be positive durations");
        }
      }
      if (maxConcurrentPerKey < 1 || authFailuresPerMinute < 1) {
        throw new ConfigException(
            "limits.maxConcurrentPerKey and limits.authFailuresPerMinute must be positive");
      }
    }

    public static Limits defaults() {
      return new Limits(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofSeconds(30),
          32,
          20);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.http = http;
    b.auth = auth;
    b.storage = storage;
    b.egress = egress;
    b.events = events;
    b.webhooks = webhooks;
    b.limits = limits;
    return b;
  }

  /**
   * Reads {@code props} (a config file) with the environment on top: {@code WAGATEWAY_ADMIN_KEY}
   * overrides {@code auth.adminKey}. Keys: {@code http.host}, {@code http.publicUrl}, {@code
   * http.maxBodyBytes}, {@code http.ratePerSecond}, {@code http.rateBurst}, {@code auth.adminKey},
   * {@code auth.jwt.jwksUrl}, {@code auth.jwt.issuer}, {@code auth.jwt.audience}, {@code
   * auth.jwt.orgClaim}, {@code auth.jwt.roleClaim}, {@code storage.dataDir}, {@code egress.proxies}
   * (comma-separated URIs), {@code egress.allowPrivateProxyTargets}, {@code events.replayCapacity},
   * {@code events.clientQueue}, {@code events.heartbeat}, {@code events.maxAge} (ISO-8601 durations
   * such as {@code PT24H}), {@code events.writeQueue}, {@code events.persistent}, {@code
   * webhooks.retryHorizon} (ISO-8601), {@code webhooks.allowPrivateTargets}, {@code
   * webhooks.maxConcurrency}, {@code webhooks.timeout} (ISO-8601), {@code limits.headerTimeout},
   * {@code limits.bodyTimeout}, {@code limits.uploadTimeout}, {@code limits.idleTimeout}, {@code
   * limits.maxConcurrentPerKey}, {@code limits.authFailuresPerMinute}. Other keys are left to the
   * caller (the command line reads {@code demo}).
   */
  public static Builder fromProperties(Properties props, Map<String, String> env) {
    Builder b = builder();
    Http d = Http.defaults();
    try {
      b.http(
          new Http(
              props.getProperty("http.host", d.host()),
              props.getProperty("http.publicUrl"),
              Long.parseLong(
                  props.getProperty("http.maxBodyBytes", Long.toString(d.maxBodyBytes()))),
              Double.parseDouble(
                  props.getProperty("http.ratePerSecond", Double.toString(d.ratePerSecond()))),
              Integer.parseInt(
                  props.getProperty("http.rateBurst", Integer.toString(d.rateBurst())))));
    } catch (NumberFormatException e) {
      throw new ConfigException("a numeric http.* setting is not a number: " + e.getMessage());
    }
    Jwt jwt = null;
    String jwks = props.getProperty("auth.jwt.jwksUrl");
    if (jwks != null && !jwks.isBlank()) {
      jwt =
          new Jwt(
              URI.create(jwks.strip()),
              required(props, "auth.jwt.issuer"),
              required(props, "auth.jwt.audience"),
              props.getProperty("auth.jwt.orgClaim"),
              props.getProperty("auth.jwt.roleClaim"),
              null,
              null);
    }
    String adminKey = env.getOrDefault("WAGATEWAY_ADMIN_KEY", props.getProperty("auth.adminKey"));
    b.auth(new Auth(adminKey, jwt));
    String dataDir = props.getProperty("storage.dataDir");
    if (dataDir != null) {
      b.storage(new Storage(Path.of(dataDir)));
    }
    List<String> proxies = new ArrayList<>();
    for (String p : props.getProperty("egress.proxies", "").split(",")) {
      if (!p.isBlank()) {
        proxies.add(p.strip());
      }
    }
    b.egress(
        new Egress(
            proxies,
            null,
            Boolean.parseBoolean(props.getProperty("egress.allowPrivateProxyTargets", "false"))));
    Events e = Events.defaults();
    try {
      b.events(
          new Events(
              Integer.parseInt(
                  props.getProperty("events.replayCapacity", Integer.toString(e.replayCapacity()))),
              Integer.parseInt(
                  props.getProperty("events.clientQueue", Integer.toString(e.clientQueue()))),
              Duration.parse(props.getProperty("events.heartbeat", e.heartbeat().toString())),
              Duration.parse(props.getProperty("events.maxAge", e.maxAge().toString())),
              Integer.parseInt(
                  props.getProperty("events.writeQueue", Integer.toString(e.writeQueue()))),
              Boolean.parseBoolean(props.getProperty("events.persistent", "true"))));
    } catch (NumberFormatException | DateTimeParseException ex) {
      throw new ConfigException(
          "an events.* setting is malformed (numbers, or ISO-8601 durations like PT24H): "
              + ex.getMessage());
    }
    Webhooks w = Webhooks.defaults();
    try {
      b.webhooks(
          new Webhooks(
              Duration.parse(
                  props.getProperty("webhooks.retryHorizon", w.retryHorizon().toString())),
              Boolean.parseBoolean(props.getProperty("webhooks.allowPrivateTargets", "false")),
              Integer.parseInt(
                  props.getProperty(
                      "webhooks.maxConcurrency", Integer.toString(w.maxConcurrency()))),
              Duration.parse(props.getProperty("webhooks.timeout", w.timeout().toString()))));
    } catch (NumberFormatException | DateTimeParseException ex) {
      throw new ConfigException(
          "a webhooks.* setting is malformed (numbers, or ISO-8601 durations like PT24H): "
              + ex.getMessage());
    }
    Limits l = Limits.defaults();
    try {
      b.limits(
          new Limits(
              Duration.parse(
                  props.getProperty("limits.headerTimeout", l.headerTimeout().toString())),
              Duration.parse(props.getProperty("limits.bodyTimeout", l.bodyTimeout().toString())),
              Duration.parse(
                  props.getProperty("limits.uploadTimeout", l.uploadTimeout().toString())),
              Duration.parse(props.getProperty("limits.idleTimeout", l.idleTimeout().toString())),
              Integer.parseInt(
                  props.getProperty(
                      "limits.maxConcurrentPerKey", Integer.toString(l.maxConcurrentPerKey()))),
              Integer.parseInt(
                  props.getProperty(
                      "limits.authFailuresPerMinute",
                      Integer.toString(l.authFailuresPerMinute())))));
    } catch (NumberFormatException | DateTimeParseException ex) {
      throw new ConfigException(
          "a limits.* setting is malformed (numbers, or ISO-8601 durations like PT30S): "
              + ex.getMessage());
    }
    return b;
  }

  private static String required(Properties props, String key) {
    String v = props.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException(key + " is required when auth.jwt.jwksUrl is set");
    }
    return v.strip();
  }

  /** The configuration is unusable (missing admin key, bad value): the server does not start. */
  public static final class ConfigException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(ErrorCode.CONFIG_ERROR, message);
    }
  }

  /** Builds a {@link ServerConfig}; every group has a default except the admin key. */
  public static final class Builder {
    private Http http = Http.defaults();
    private Auth auth = new Auth(null, null);
    private Storage storage = new Storage(Path.of("data"));
    private Egress egress = new Egress(List.of(), null);
    private Events events = Events.defaults();
    private Webhooks webhooks = Webhooks.defaults();
    private Limits limits = Limits.defaults();

    private Builder() {}

    public Builder limits(Limits limits) {
      this.limits = limits;
      return this;
    }

    public Builder http(Http http) {
      this.http = http;
      return this;
    }

    public Builder auth(Auth auth) {
      this.auth = auth;
      return this;
    }

    public Builder adminKey(String adminKey) {
      this.auth = new Auth(adminKey, auth.jwt());
      return this;
    }

    public Builder jwt(Jwt jwt) {
      this.auth = new Auth(auth.adminKey(), jwt);
      return this;
    }

    public Builder storage(Storage storage) {
      this.storage = storage;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.storage = new Storage(dataDir);
      return this;
    }

    public Builder egress(Egress egress) {
      this.egress = egress;
      return this;
    }

    public Builder events(Events events) {
      this.events = events;
      return this;
    }

    public Builder webhooks(Webhooks webhooks) {
      this.webhooks = webhooks;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(http, auth, storage, egress, events, webhooks, limits);
    }
  }
}
