package dev.wagateway.client;

import com.squareup.moshi.Moshi;
import dev.wagateway.client.model.ModelAdapters;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Entry point of the SDK: a configured HTTP client for one server and one bearer token.
 *
 * <pre>{@code
 * try (WagatewayClient client = WagatewayClient.builder()
 *         .baseUrl("http://localhost:8080")
 *         .token("wg_live_...")
 *         .build()) {
 *     Session s = client.api().createSession(CreateSessionRequest.builder().name("support").build());
 *     byte[] png = client.api().getSessionQrPng(s.id());
 * }
 * }</pre>
 *
 * Thread-safe; share one instance. {@link #close()} releases the connections and threads it owns.
 */
public final class WagatewayClient implements AutoCloseable {
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final WagatewayApi api;
  private final EventStream events;

  private WagatewayClient(Builder b) {
    OkHttpClient base = b.okHttpClient != null ? b.okHttpClient : new OkHttpClient();
    this.ownsHttp = b.okHttpClient == null;
    Timeouts t = b.timeouts;
    this.http =
        base.newBuilder()
            .connectTimeout(t.connect())
            .readTimeout(t.read())
            .writeTimeout(t.write())
            .callTimeout(t.call())
            .retryOnConnectionFailure(false)
            .addNetworkInterceptor(new RetryAfterShield())
            .build();
    OkHttpClient streaming =
        http.newBuilder().readTimeout(b.eventStreamReadTimeout).callTimeout(Duration.ZERO).build();
    Moshi moshi = new Moshi.Builder().add(ModelAdapters.factory()).build();
    HttpCore core =
        new HttpCore(
            http,
            b.baseUrl,
            b.token,
            "wagateway-java/" + WagatewayApi.API_VERSION,
            moshi,
            b.retryPolicy,
            b.sleeper,
            b.random,
            b.clock);
    this.api = new WagatewayApi(core);
    this.events = new EventStream(api, core, streaming, b.reconnectPolicy, b.random);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every REST operation of the API document, one method each. */
  public WagatewayApi api() {
    return api;
  }

  /** The Server-Sent Events stream as typed events. */
  public EventStream events() {
    return events;
  }

  /**
   * Closes the event subscriptions opened through this client, and releases the connection pool and
   * dispatcher threads when this client created its own okhttp client.
   */
  @Override
  public void close() {
    events.closeAll();
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** Configures a {@link WagatewayClient}; {@code baseUrl} and {@code token} are required. */
  public static final class Builder {
    private HttpUrl baseUrl;
    private String token;
    private Timeouts timeouts = Timeouts.DEFAULT;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private RetryPolicy reconnectPolicy =
        new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(30));
    private Duration eventStreamReadTimeout = Duration.ofSeconds(60);
    private OkHttpClient okHttpClient;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private RandomGenerator random = new java.util.Random();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The server's root URL, e.g. {@code https://gw.example.com} (a path prefix is kept). */
    public Builder baseUrl(String baseUrl) {
      HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
      }
      this.baseUrl = parsed;
      return this;
    }

    /** The bearer token: an API key ({@code wg_live_...}, {@code wg_test_...}) or a login JWT. */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new IllegalArgumentException("the token must be printable ASCII without spaces");
      }
      this.token = token;
      return this;
    }

    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /** Shorthand for {@code timeouts(new Timeouts(connect, read, write, Duration.ZERO))}. */
    public Builder timeouts(Duration connect, Duration read, Duration write) {
      return timeouts(new Timeouts(connect, read, write, Duration.ZERO));
    }

    /** Retries of idempotent calls answered 429 or 503; {@link RetryPolicy#NONE} to disable. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Backoff between event stream reconnects when the server gave no {@code retry:} (only the
     * delays are used).
     */
    public Builder eventStreamReconnect(Duration initialDelay, Duration maxDelay) {
      this.reconnectPolicy = new RetryPolicy(Integer.MAX_VALUE, initialDelay, maxDelay);
      return this;
    }

    /**
     * Longest silence on the event stream before reconnecting (the server sends a keep-alive at
     * least every 15 s).
     */
    public Builder eventStreamReadTimeout(Duration timeout) {
      this.eventStreamReadTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Shares an existing okhttp client's pools and dispatcher; the timeouts set here still apply.
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public WagatewayClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("baseUrl is required");
      }
      if (token == null) {
        throw new IllegalStateException("token is required");
      }
      return new WagatewayClient(this);
    }
  }
}
