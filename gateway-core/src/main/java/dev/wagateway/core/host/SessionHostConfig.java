package dev.wagateway.core.host;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.WaVersion;
import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.transport.EgressResolver;
import dev.wagateway.core.transport.Endpoints;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How a {@link SessionHost} runs its sessions. Immutable; {@link #builder()} needs a store and an
 * egress resolver, everything else has production defaults. Times are grouped by concern: reconnect
 * and backoff, keepalive, pairing, prekeys.
 */
public final class SessionHostConfig {
  private static final Pattern DISPLAY = Pattern.compile("[^()]*[^() ] \\([^()]+\\)");

  private final GatewayStore store;
  private final EgressResolver egressResolver;
  private final URI endpoint;
  private final byte[] trustedRootKey;
  private final Clock clock;
  private final SecureRandom random;
  private final ScheduledExecutorService scheduler;
  private final String browser;
  private final String osName;
  private final Duration connectTimeout;
  private final Duration iqTimeout;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final double backoffJitter;
  private final int reconnectLoopAttempts;
  private final Duration reconnectLoopWindow;
  private final Duration keepAliveMin;
  private final Duration keepAliveMax;
  private final Duration keepAliveTimeout;
  private final Duration keepAliveMaxSilence;
  private final Duration qrFirstTtl;
  private final Duration qrNextTtl;
  private final int preKeyInitialCount;
  private final int preKeyBatchSize;
  private final int preKeyMinCount;
  private final int eventQueueCapacity;
  private final int sendQueueCapacity;
  private final SendPacing sendPacing;
  private final WaVersion clientVersion;
  private final ClientVersionSource clientVersionSource;
  private final Predicate<SessionInfo> rejectCalls;

  private SessionHostConfig(Builder b) {
    this.store = b.store;
    this.egressResolver = b.egressResolver;
    this.endpoint = b.endpoint;
    this.trustedRootKey = b.trustedRootKey.clone();
    this.clock = b.clock;
    this.random = b.random;
    this.scheduler = b.scheduler;
    this.browser = b.browser;
    this.osName = b.osName;
    this.connectTimeout = b.connectTimeout;
    this.iqTimeout = b.iqTimeout;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.backoffJitter = b.backoffJitter;
    this.reconnectLoopAttempts = b.reconnectLoopAttempts;
    this.reconnectLoopWindow = b.reconnectLoopWindow;
    this.keepAliveMin = b.keepAliveMin;
    this.keepAliveMax = b.keepAliveMax;
    this.keepAliveTimeout = b.keepAliveTimeout;
    this.keepAliveMaxSilence = b.keepAliveMaxSilence;
    this.qrFirstTtl = b.qrFirstTtl;
    this.qrNextTtl = b.qrNextTtl;
    this.preKeyInitialCount = b.preKeyInitialCount;
    this.preKeyBatchSize = b.preKeyBatchSize;
    this.preKeyMinCount = b.preKeyMinCount;
    this.eventQueueCapacity = b.eventQueueCapacity;
    this.sendQueueCapacity = b.sendQueueCapacity;
    this.sendPacing = b.sendPacing;
    this.clientVersion = b.clientVersion;
    this.clientVersionSource = b.clientVersionSource;
    this.rejectCalls = b.rejectCalls;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    return new Builder(this);
  }

  public GatewayStore store() {
    return store;
  }

  public EgressResolver egressResolver() {
    return egressResolver;
  }

  /** The WebSocket URL; production by default. */
  public URI endpoint() {
    return endpoint;
  }

  /** The Noise certificate root (32 bytes, a copy); production by default. */
  public byte[] trustedRootKey() {
    return trustedRootKey.clone();
  }

  public Clock clock() {
    return clock;
  }

  public SecureRandom random() {
    return random;
  }

  /** The one scheduler for every session's timers (QR rotation, keepalive, backoff). */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** The browser the phone shows (e.g. {@code Chrome}). */
  public String browser() {
    return browser;
  }

  /** The OS the phone shows (e.g. {@code Linux}). */
  public String osName() {
    return osName;
  }

  /** {@code "Browser (OS)"}, e.g. {@code Chrome (Linux)}: the phone-code platform display. */
  public String deviceDisplay() {
    return browser + " (" + osName + ")";
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long an iq may wait for its answer. */
  public Duration iqTimeout() {
    return iqTimeout;
  }

  public Duration backoffBase() {
    return backoffBase;
  }

  public Duration backoffMax() {
    return backoffMax;
  }

  /** Fraction 0..1 taken off each backoff delay at random. */
  public double backoffJitter() {
    return backoffJitter;
  }

  /**
   * More than this many reconnects within {@link #reconnectLoopWindow()} without ready is a loop.
   */
  public int reconnectLoopAttempts() {
    return reconnectLoopAttempts;
  }

  public Duration reconnectLoopWindow() {
    return reconnectLoopWindow;
  }

  public Duration keepAliveMin() {
    return keepAliveMin;
  }

  public Duration keepAliveMax() {
    return keepAliveMax;
  }

  /** How long one ping may wait for its answer. */
  public Duration keepAliveTimeout() {
    return keepAliveTimeout;
  }

  /** With no answered ping for longer than this, the connection is dropped and reopened. */
  public Duration keepAliveMaxSilence() {
    return keepAliveMaxSilence;
  }

  public Duration qrFirstTtl() {
    return qrFirstTtl;
  }

  public Duration qrNextTtl() {
    return qrNextTtl;
  }

  /** Prekeys uploaded when neither the server nor we have any (812). */
  public int preKeyInitialCount() {
    return preKeyInitialCount;
  }

  /** Prekeys uploaded when the server runs low (50). */
  public int preKeyBatchSize() {
    return preKeyBatchSize;
  }

  /** Below this many prekeys on the server (or uploaded locally) we upload (5). */
  public int preKeyMinCount() {
    return preKeyMinCount;
  }

  /** Events each listener may have waiting before further ones are dropped for it. */
  public int eventQueueCapacity() {
    return eventQueueCapacity;
  }

  /** Messages a session may have accepted and not yet sent before sends answer queue_full. */
  public int sendQueueCapacity() {
    return sendQueueCapacity;
  }

  /** How fast each session's send queue hands messages to the network. */
  public SendPacing sendPacing() {
    return sendPacing;
  }

  /** The WhatsApp Web version sessions present at first ({@link WaVersion#DEFAULT} by default). */
  public WaVersion clientVersion() {
    return clientVersion;
  }

  /** Where a refused version (failure 405) is refreshed from, or null (the default): no refresh. */
  public ClientVersionSource clientVersionSource() {
    return clientVersionSource;
  }

  /**
   * Which sessions reject incoming calls (whatsmeow's {@code <call><reject/></call>}); asked per
   * call with the session's current info. None by default.
   */
  public Predicate<SessionInfo> rejectCalls() {
    return rejectCalls;
  }

  /** Builds a {@link SessionHostConfig}. */
  public static final class Builder {
    private GatewayStore store;
    private EgressResolver egressResolver;
    private URI endpoint = URI.create(Endpoints.PRODUCTION_URL);
    private byte[] trustedRootKey = Endpoints.productionRootKey();
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private ScheduledExecutorService scheduler = Threads.timers();
    private String browser = "Chrome";
    private String osName = "Linux";
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration iqTimeout = Duration.ofSeconds(60);
    private Duration backoffBase = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofSeconds(60);
    private double backoffJitter = 0.3;
    private int reconnectLoopAttempts = 8;
    private Duration reconnectLoopWindow = Duration.ofMinutes(5);
    private Duration keepAliveMin = Duration.ofSeconds(20);
    private Duration keepAliveMax = Duration.ofSeconds(30);
    private Duration keepAliveTimeout = Duration.ofSeconds(10);
    private Duration keepAliveMaxSilence = Duration.ofMinutes(3);
    private Duration qrFirstTtl = Duration.ofSeconds(60);
    private Duration qrNextTtl = Duration.ofSeconds(20);
    private int preKeyInitialCount = 812;
    private int preKeyBatchSize = 50;
    private int preKeyMinCount = 5;
    private int eventQueueCapacity = 1024;
    private int sendQueueCapacity = 1000;
    private SendPacing sendPacing = SendPacing.NONE;
    private WaVersion clientVersion = WaVersion.DEFAULT;
    private ClientVersionSource clientVersionSource;
    private Predicate<SessionInfo> rejectCalls = s -> false;

    Builder() {}

    Builder(SessionHostConfig c) {
      store = c.store;
      egressResolver = c.egressResolver;
      endpoint = c.endpoint;
      trustedRootKey = c.trustedRootKey.clone();
      clock = c.clock;
      random = c.random;
      scheduler = c.scheduler;
      browser = c.browser;
      osName = c.osName;
      connectTimeout = c.connectTimeout;
      iqTimeout = c.iqTimeout;
      backoffBase = c.backoffBase;
      backoffMax = c.backoffMax;
      backoffJitter = c.backoffJitter;
      reconnectLoopAttempts = c.reconnectLoopAttempts;
      reconnectLoopWindow = c.reconnectLoopWindow;
      keepAliveMin = c.keepAliveMin;
      keepAliveMax = c.keepAliveMax;
      keepAliveTimeout = c.keepAliveTimeout;
      keepAliveMaxSilence = c.keepAliveMaxSilence;
      qrFirstTtl = c.qrFirstTtl;
      qrNextTtl = c.qrNextTtl;
      preKeyInitialCount = c.preKeyInitialCount;
      preKeyBatchSize = c.preKeyBatchSize;
      preKeyMinCount = c.preKeyMinCount;
      eventQueueCapacity = c.eventQueueCapacity;
      sendQueueCapacity = c.sendQueueCapacity;
      sendPacing = c.sendPacing;
      clientVersion = c.clientVersion;
      clientVersionSource = c.clientVersionSource;
      rejectCalls = c.rejectCalls;
    }

    /** Required: where sessions, keys and metadata live. */
    public Builder store(GatewayStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Required: picks each session's egress (there is no direct default). */
    public Builder egressResolver(EgressResolver resolver) {
      this.egressResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The WebSocket URL ({@code ws://} or {@code wss://}). */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      String scheme = endpoint.getScheme();
      if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
        throw new ValidationException("endpoint must be a ws:// or wss:// URL");
      }
      this.endpoint = endpoint;
      return this;
    }

    /** The Noise certificate root public key, 32 bytes. */
    public Builder trustedRootKey(byte[] key) {
      if (key == null || key.length != 32) {
        throw new ValidationException("trusted root key must be 32 bytes");
      }
      this.trustedRootKey = key.clone();
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The scheduler for timers; the library's one shared timer thread by default. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** How the phone lists this device: browser and OS, e.g. {@code Chrome}, {@code Linux}. */
    public Builder device(String browser, String osName) {
      String display = browser + " (" + osName + ")";
      if (browser == null || osName == null || !DISPLAY.matcher(display).matches()) {
        throw new ValidationException(
            "device must be a browser and an OS name, e.g. Chrome, Linux");
      }
      this.browser = browser;
      this.osName = osName;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    public Builder iqTimeout(Duration timeout) {
      this.iqTimeout = positive(timeout, "iqTimeout");
      return this;
    }

    /**
     * Reconnect backoff: the n-th consecutive retry waits {@code min(max, base × 2^(n-1))}, less a
     * random fraction up to {@code jitter}.
     */
    public Builder backoff(Duration base, Duration max, double jitter) {
      positive(base, "backoff base");
      positive(max, "backoff max");
      if (max.compareTo(base) < 0) {
        throw new ValidationException("backoff max must not be below the base");
      }
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new ValidationException("backoff jitter must be 0..1");
      }
      this.backoffBase = base;
      this.backoffMax = max;
      this.backoffJitter = jitter;
      return this;
    }

    /**
     * More than {@code attempts} reconnects within {@code window} without ready marks the session
     * degraded ({@code session.degraded}, once per period); it keeps retrying.
     */
    public Builder reconnectLoop(int attempts, Duration window) {
      if (attempts < 1) {
        throw new ValidationException("reconnect loop attempts must be at least 1");
      }
      this.reconnectLoopAttempts = attempts;
      this.reconnectLoopWindow = positive(window, "reconnect loop window");
      return this;
    }

    /**
     * Keepalive: a ping every {@code min..max} (random), each answered within {@code timeout}; with
     * no answer for longer than {@code maxSilence} the connection is reopened.
     */
    public Builder keepAlive(Duration min, Duration max, Duration timeout, Duration maxSilence) {
      positive(min, "keepalive min");
      positive(max, "keepalive max");
      if (max.compareTo(min) < 0) {
        throw new ValidationException("keepalive max must not be below min");
      }
      this.keepAliveMin = min;
      this.keepAliveMax = max;
      this.keepAliveTimeout = positive(timeout, "keepalive timeout");
      this.keepAliveMaxSilence = positive(maxSilence, "keepalive max silence");
      return this;
    }

    /** QR display times (60 s then 20 s by default); shorter ones are for tests. */
    public Builder qrTtl(Duration first, Duration next) {
      this.qrFirstTtl = positive(first, "first QR ttl");
      this.qrNextTtl = positive(next, "next QR ttl");
      return this;
    }

    /** Prekey amounts: first upload, later batches, and the low-water mark. */
    public Builder preKeys(int initialCount, int batchSize, int minCount) {
      if (initialCount < 1 || batchSize < 1 || minCount < 0 || initialCount > 5000) {
        throw new ValidationException("prekey counts out of range");
      }
      this.preKeyInitialCount = initialCount;
      this.preKeyBatchSize = batchSize;
      this.preKeyMinCount = minCount;
      return this;
    }

    public Builder eventQueueCapacity(int capacity) {
      if (capacity < 1) {
        throw new ValidationException("event queue capacity must be at least 1");
      }
      this.eventQueueCapacity = capacity;
      return this;
    }

    /** The WhatsApp Web version to present (default {@link WaVersion#DEFAULT}). */
    public Builder clientVersion(WaVersion version) {
      this.clientVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Refreshes the version when the server refuses it (failure 405): the refused session fetches
     * the current one through its egress, and retries once with it; the host's other sessions use
     * it from their next connect. Null (the default) turns the refresh off: a 405 fails the
     * session. {@link ClientVersionSource#webClient()} reads it as WhatsApp Web publishes it.
     */
    public Builder clientVersionSource(ClientVersionSource source) {
      this.clientVersionSource = source;
      return this;
    }

    /**
     * Which sessions reject incoming calls, decided per call from the session's info (e.g. a
     * per-session setting the caller keeps). Calls are acked and reported either way.
     */
    public Builder rejectCalls(Predicate<SessionInfo> rejectCalls) {
      this.rejectCalls = Objects.requireNonNull(rejectCalls, "rejectCalls");
      return this;
    }

    /**
     * Each session's send queue (docs/architecture.md, Send path): at most {@code capacity}
     * messages accepted and not yet sent (default 1000; more answer {@code queue_full}), handed to
     * the network as {@code pacing} allows (default {@link SendPacing#NONE}).
     */
    public Builder sendQueue(int capacity, SendPacing pacing) {
      if (capacity < 1) {
        throw new ValidationException("send queue capacity must be at least 1");
      }
      this.sendQueueCapacity = capacity;
      this.sendPacing = Objects.requireNonNull(pacing, "pacing");
      return this;
    }

    /**
     * Builds the config.
     *
     * @throws ValidationException when the store or the egress resolver is missing
     */
    public SessionHostConfig build() {
      if (store == null) {
        throw new ValidationException("a GatewayStore is required");
      }
      if (egressResolver == null) {
        throw new ValidationException(
            "an EgressResolver is required: sessions never connect directly from this machine");
      }
      return new SessionHostConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new ValidationException(name + " must be positive");
      }
      return d;
    }
  }
}
