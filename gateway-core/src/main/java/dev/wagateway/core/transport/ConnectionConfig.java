package dev.wagateway.core.transport;

import dev.wagateway.core.GatewayException.ValidationException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a {@link WaConnection} reaches WhatsApp: the endpoint, the certificate root it trusts, the
 * {@link Egress} that carries its bytes, the HTTP upgrade headers and the timeouts. Immutable;
 * derive variants with {@link #newBuilder()}.
 *
 * <p>There is no default egress: a config without one cannot be built, so a connection can never
 * fall back to a direct connection from this machine.
 */
public final class ConnectionConfig {
  /** The WhatsApp Web chat endpoint. */
  public static final String DEFAULT_ENDPOINT = Endpoints.PRODUCTION_URL;

  /** The Origin header WhatsApp Web sends. */
  public static final String DEFAULT_ORIGIN = Endpoints.ORIGIN;

  private final URI endpoint;
  private final byte[] trustedRootPublicKey;
  private final Egress egress;
  private final Map<String, String> headers;
  private final Duration connectTimeout;
  private final Duration handshakeTimeout;
  private final Duration writeTimeout;
  private final int maxPendingCallbacks;
  private final Clock clock;
  private final SecureRandom random;
  private final Executor callbackExecutor;

  private ConnectionConfig(Builder b) {
    this.endpoint = b.endpoint;
    this.trustedRootPublicKey = b.trustedRootPublicKey.clone();
    this.egress = b.egress;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.connectTimeout = b.connectTimeout;
    this.handshakeTimeout = b.handshakeTimeout;
    this.writeTimeout = b.writeTimeout;
    this.maxPendingCallbacks = b.maxPendingCallbacks;
    this.clock = b.clock;
    // made here, not in the builder: a builder given a random (every session's) makes none
    this.random = b.random != null ? b.random : new SecureRandom();
    this.callbackExecutor = b.callbackExecutor;
  }

  /** A builder with the WhatsApp Web defaults; {@link Builder#egress(Egress)} must be called. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The WebSocket URL, {@code wss://web.whatsapp.com/ws/chat} by default. */
  public URI endpoint() {
    return endpoint;
  }

  /** The Curve25519 root key the server's certificate chain must be signed by (a copy). */
  public byte[] trustedRootPublicKey() {
    return trustedRootPublicKey.clone();
  }

  /** How bytes reach the endpoint. Never null. */
  public Egress egress() {
    return egress;
  }

  /** Headers of the HTTP upgrade request, in sending order (Origin, Cache-Control, Pragma...). */
  public Map<String, String> headers() {
    return headers;
  }

  /** Limit for opening the TCP stream (through the egress) and TLS. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Limit from starting the connection to the end of the Noise handshake. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Limit for one write on the socket. */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * How many listener callbacks may wait for a slow listener before the connection is closed; the
   * socket reader never waits for the listener.
   */
  public int maxPendingCallbacks() {
    return maxPendingCallbacks;
  }

  /** The clock certificate validity is checked against. */
  public Clock clock() {
    return clock;
  }

  /** The source of ephemeral keys. */
  public SecureRandom random() {
    return random;
  }

  /**
   * The serial executor the listener callbacks run on, when one was set; else each connection makes
   * its own.
   */
  public Optional<Executor> callbackExecutor() {
    return Optional.ofNullable(callbackExecutor);
  }

  @Override
  public String toString() {
    return "ConnectionConfig[endpoint="
        + endpoint
        + ", egress="
        + egress.getClass().getName()
        + "]";
  }

  /** Builds a {@link ConnectionConfig}. */
  public static final class Builder {
    private URI endpoint = URI.create(Endpoints.PRODUCTION_URL);
    private byte[] trustedRootPublicKey = Endpoints.productionRootKey();
    private Egress egress;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration handshakeTimeout = Duration.ofSeconds(20);
    private Duration writeTimeout = Duration.ofSeconds(20);
    private int maxPendingCallbacks = 10_000;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private Executor callbackExecutor;

    Builder() {
      headers.put("Origin", DEFAULT_ORIGIN);
      headers.put("Cache-Control", "no-cache");
      headers.put("Pragma", "no-cache");
    }

    Builder(ConnectionConfig config) {
      this.endpoint = config.endpoint;
      this.trustedRootPublicKey = config.trustedRootPublicKey.clone();
      this.egress = config.egress;
      this.headers.putAll(config.headers);
      this.connectTimeout = config.connectTimeout;
      this.handshakeTimeout = config.handshakeTimeout;
      this.writeTimeout = config.writeTimeout;
      this.maxPendingCallbacks = config.maxPendingCallbacks;
      this.clock = config.clock;
      this.random = config.random;
      this.callbackExecutor = config.callbackExecutor;
    }

    /** The WebSocket URL; {@code ws} or {@code wss}. */
    public Builder endpoint(String url) {
      Objects.requireNonNull(url, "url");
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ValidationException("endpoint is not a URL: " + url);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss")) {
        throw new ValidationException("endpoint must be a ws:// or wss:// URL: " + url);
      }
      if (uri.getHost() == null) {
        throw new ValidationException("endpoint has no host: " + url);
      }
      this.endpoint = uri;
      return this;
    }

    /** The 32-byte Curve25519 root key (no 0x05 prefix); the production root by default. */
    public Builder trustedRootPublicKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length != 32) {
        throw new ValidationException("root public key must be 32 bytes, got " + key.length);
      }
      this.trustedRootPublicKey = key.clone();
      return this;
    }

    /** Required: how bytes reach the endpoint. */
    public Builder egress(Egress egress) {
      this.egress = Objects.requireNonNull(egress, "egress");
      return this;
    }

    /** Sets (or replaces) one upgrade-request header, e.g. {@code User-Agent}. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == ':')) {
        throw new ValidationException("bad header name: " + name);
      }
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    /** Removes an upgrade-request header (case-insensitive name). */
    public Builder removeHeader(String name) {
      Objects.requireNonNull(name, "name");
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshakeTimeout");
      return this;
    }

    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "writeTimeout");
      return this;
    }

    public Builder maxPendingCallbacks(int max) {
      if (max < 1) {
        throw new ValidationException("maxPendingCallbacks must be at least 1");
      }
      this.maxPendingCallbacks = max;
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

    /**
     * Runs the listener callbacks on {@code serialExecutor} instead of a new serial executor per
     * connection, e.g. the executor the listener would post every callback to anyway, which saves a
     * thread hand-off per callback. It must run its tasks one at a time, in submission order, and
     * never on the submitting thread (the socket reader must not wait for the listener).
     */
    public Builder callbackExecutor(Executor serialExecutor) {
      this.callbackExecutor = Objects.requireNonNull(serialExecutor, "serialExecutor");
      return this;
    }

    /**
     * Builds the config.
     *
     * @throws ValidationException when no egress was set (there is no direct-connection default)
     */
    public ConnectionConfig build() {
      if (egress == null) {
        throw new ValidationException(
            "an Egress is required: connections never go out directly from this machine");
      }
      return new ConnectionConfig(this);
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
