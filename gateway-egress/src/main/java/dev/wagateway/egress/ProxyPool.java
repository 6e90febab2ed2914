package dev.wagateway.egress;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed ("external") egress: a pool of proxies, each in a country, shared by sessions.
 *
 * <ul>
 *   <li>A session uses a proxy of its own country (from its phone number: {@link CountryResolver}),
 *       chosen once and remembered in an {@link EgressAssignmentStore}: the exit IP stays the same
 *       across reconnects and restarts.
 *   <li>The session moves only when its proxy is unhealthy, and only to another healthy proxy of
 *       the same country. The move is persisted and sticks, even after the old proxy recovers.
 *   <li>A proxy is unhealthy after a failed connect, for a cool-down; then the next connect retries
 *       it. A successful connect marks it healthy.
 *   <li>No healthy proxy of the country: {@code EgressUnavailableIOException("no healthy proxy for
 *       country xx")}. Never another country, never direct.
 * </ul>
 *
 * <p>Among eligible proxies a new session takes the one with the highest rendezvous hash of
 * (session id, proxy id): deterministic, evenly spread, and stable when proxies are added.
 */
public final class ProxyPool {
  private static final Logger log = LoggerFactory.getLogger(ProxyPool.class);
  private static final Pattern COUNTRY = Pattern.compile("[a-z]{2}");

  /** Default time a failed proxy is avoided before it is retried. */
  public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(60);

  private final Map<String, ProxyEndpoint> proxies;
  private final Map<String, Egress> egresses;
  private final EgressAssignmentStore store;
  private final ProxyHealth health;
  private final Object lock = new Object();

  private ProxyPool(Builder b) {
    this.proxies = Map.copyOf(b.proxies);
    Map<String, Egress> e = new LinkedHashMap<>();
    for (ProxyEndpoint p : b.proxies.values()) {
      e.put(p.id(), Objects.requireNonNull(b.egressFactory.apply(p), "egress for " + p.id()));
    }
    this.egresses = Map.copyOf(e);
    this.store = b.store;
    this.health = new ProxyHealth(b.clock, b.coolDown);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The egress of {@code sessionId}, a session of {@code country}. Each connect resolves the
   * session's proxy (assigning or moving it as described above) and reports the outcome to the
   * pool's health tracking.
   */
  public Egress egressFor(String sessionId, String country) {
    Objects.requireNonNull(sessionId, "sessionId");
    String c = normalizeCountry(country);
    return new PooledEgress(sessionId, c);
  }

  /** {@link #egressFor} with the country of the session's phone number. */
  public Egress egressForPhone(String sessionId, String phoneNumber) {
    return egressFor(sessionId, CountryResolver.countryOf(phoneNumber));
  }

  /**
   * The proxy {@code sessionId} uses now: its stored proxy if that is still configured for {@code
   * country} and healthy; otherwise a healthy proxy of {@code country}, which is stored.
   *
   * @throws EgressUnavailableIOException when no proxy of {@code country} is healthy
   */
  public ProxyEndpoint select(String sessionId, String country)
      throws EgressUnavailableIOException {
    Objects.requireNonNull(sessionId, "sessionId");
    String c = normalizeCountry(country);
    synchronized (lock) {
      Optional<String> storedId = find(sessionId);
      ProxyEndpoint current = storedId.map(proxies::get).orElse(null);
      boolean sameCountry = current != null && c.equals(current.country());
      if (sameCountry && health.isHealthy(current.id())) {
        return current;
      }
      ProxyEndpoint next = pick(sessionId, c, sameCountry ? current.id() : null);
      if (next == null) {
        throw new EgressUnavailableIOException("no healthy proxy for country " + c);
      }
      save(sessionId, next.id());
      if (storedId.isPresent()) {
        log.info("session {} moved from proxy {} to {}", sessionId, storedId.get(), next.id());
      } else {
        log.info("session {} assigned to proxy {}", sessionId, next.id());
      }
      return next;
    }
  }

  /** The proxy stored for {@code sessionId}, if it is still configured. */
  public Optional<ProxyEndpoint> assignment(String sessionId) {
    synchronized (lock) {
      return store.find(sessionId).map(proxies::get);
    }
  }

  /** Forgets {@code sessionId}'s assignment (the session was deleted). */
  public void release(String sessionId) {
    synchronized (lock) {
      store.remove(sessionId);
    }
  }

  /** Whether {@code proxy} may be used now (never failed, recovered, or cool-down passed). */
  public boolean isHealthy(ProxyEndpoint proxy) {
    return health.isHealthy(proxy.id());
  }

  /** When an unhealthy proxy will be retried; empty when healthy. */
  public Optional<Instant> retryAt(ProxyEndpoint proxy) {
    return health.retryAt(proxy.id());
  }

  /** Every configured proxy. */
  public List<ProxyEndpoint> proxies() {
    return List.copyOf(proxies.values());
  }

  private ProxyEndpoint pick(String sessionId, String country, String excludedId) {
    ProxyEndpoint best = null;
    long bestScore = Long.MIN_VALUE;
    for (ProxyEndpoint p : proxies.values()) {
      if (!country.equals(p.country()) || p.id().equals(excludedId) || !health.isHealthy(p.id())) {
        continue;
      }
      long score = rendezvous(sessionId, p.id());
      if (best == null
          || score > bestScore
          || (score == bestScore && p.id().compareTo(best.id()) < 0)) {
        best = p;
        bestScore = score;
      }
    }
    return best;
  }

  private static long rendezvous(String sessionId, String proxyId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(sessionId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      byte[] d = sha.digest(proxyId.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private Optional<String> find(String sessionId) throws EgressUnavailableIOException {
    try {
      return store.find(sessionId);
    } catch (RuntimeException e) {
      throw new EgressUnavailableIOException("proxy assignment store failed: " + e.getMessage(), e);
    }
  }

  private void save(String sessionId, String proxyId) throws EgressUnavailableIOException {
    try {
      store.save(sessionId, proxyId);
    } catch (RuntimeException e) {
      // Not persisted, not used: a session must not silently hop between exit IPs.
      throw new EgressUnavailableIOException("proxy assignment store failed: " + e.getMessage(), e);
    }
  }

  private static String normalizeCountry(String country) {
    String c = country == null ? "" : country.toLowerCase(Locale.ROOT);
    if (!COUNTRY.matcher(c).matches()) {
      throw new ValidationException("country must be an ISO 3166 alpha-2 code");
    }
    return c;
  }

  /** One session's view of the pool. */
  private final class PooledEgress implements Egress {
    private final String sessionId;
    private final String country;

    PooledEgress(String sessionId, String country) {
      this.sessionId = sessionId;
      this.country = country;
    }

    @Override
    public Socket connect(String host, int port, Duration timeout) throws IOException {
      ProxyEndpoint proxy = select(sessionId, country);
      try {
        Socket socket = egresses.get(proxy.id()).connect(host, port, timeout);
        health.markHealthy(proxy.id());
        return socket;
      } catch (IOException | RuntimeException e) {
        Instant until = health.markFailed(proxy.id());
        log.warn(
            "proxy {} failed for session {}, avoided until {}: {}",
            proxy.id(),
            sessionId,
            until,
            e.getMessage());
        if (e instanceof EgressUnavailableIOException) {
          throw (EgressUnavailableIOException) e;
        }
        throw new EgressUnavailableIOException(proxy.describe() + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public String toString() {
      return "ProxyPool.egressFor(" + sessionId + ", " + country + ")";
    }
  }

  /** Configures a {@link ProxyPool}. */
  public static final class Builder {
    private final Map<String, ProxyEndpoint> proxies = new LinkedHashMap<>();
    private EgressAssignmentStore store = new InMemoryEgressAssignmentStore();
    private Clock clock = Clock.systemUTC();
    private Duration coolDown = DEFAULT_COOL_DOWN;
    private Function<ProxyEndpoint, Egress> egressFactory = Egresses::of;

    private Builder() {}

    /** Adds a proxy; it must have a country. */
    public Builder add(ProxyEndpoint proxy) {
      Objects.requireNonNull(proxy, "proxy");
      if (proxy.country() == null) {
        throw new ValidationException("pool proxy " + proxy + " needs a country");
      }
      if (proxies.putIfAbsent(proxy.id(), proxy) != null) {
        throw new ValidationException("pool proxy " + proxy.id() + " is configured twice");
      }
      return this;
    }

    public Builder addAll(Collection<ProxyEndpoint> all) {
      for (ProxyEndpoint p : new ArrayList<>(all)) {
        add(p);
      }
      return this;
    }

    public Builder store(EgressAssignmentStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder coolDown(Duration coolDown) {
      if (coolDown == null || coolDown.isNegative()) {
        throw new ValidationException("coolDown must be zero or positive");
      }
      this.coolDown = coolDown;
      return this;
    }

    /** How each proxy's egress is built; {@link Egresses#of(ProxyEndpoint)} by default. */
    public Builder egressFactory(Function<ProxyEndpoint, Egress> egressFactory) {
      this.egressFactory = Objects.requireNonNull(egressFactory, "egressFactory");
      return this;
    }

    public ProxyPool build() {
      return new ProxyPool(this);
    }
  }
}
