package dev.wagateway.egress.agent;

import dev.wagateway.egress.agent.internal.tunnel.CloseCodes;
import java.io.File;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference egress-node agent (docs/egress-tunnel.md): dials the gateway's tunnel WebSocket,
 * authenticates (enrolment token the first time, node key afterwards), opens TCP streams to allowed
 * destinations at the gateway's request and pumps their bytes with flow control, answers and sends
 * heartbeats, reports its network, and reconnects with exponential back-off and jitter. It stops
 * for good when the gateway refuses its material ({@code token_invalid}, {@code token_expired},
 * {@code node_revoked}).
 *
 * <p>Needs only OkHttp, so it runs on any JVM and on Android (where an app would bind sockets to
 * the tunnel's {@code Network} through {@link Builder#socketFactory} and keep the key in the
 * Android Keystore).
 */
public final class EgressAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EgressAgent.class);

  /** Reported as {@code appVersion}. */
  public static final String VERSION = "1.0.0";

  /** Where the agent is. */
  public enum State {
    /** Dialling or authenticating. */
    CONNECTING,
    /** Tunnel up ({@code WELCOME} received). */
    ONLINE,
    /** Waiting to reconnect (back-off). */
    WAITING,
    /** Stopped: closed, or refused by the gateway (see {@link #lastError()}). */
    STOPPED
  }

  private final EnrolmentPayload enrolment;
  private final OkHttpClient client;
  private final Allowlist allowlist;
  private final File stateFile;
  private final String networkType;
  private final String country;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;
  private final SocketFactory socketFactory;
  private final SecureRandom random;
  private final String agentName;
  private final int maxStreams;
  private final long writeTimeoutMillis;
  private final ScheduledExecutorService timers;
  private final ExecutorService workers;
  private final AtomicInteger connects = new AtomicInteger();
  private final AtomicInteger destinations = new AtomicInteger();

  private AgentIdentity identity;
  private State state = State.STOPPED;
  private boolean started;
  private boolean closed;
  private String lastError;
  private boolean refused;
  private int failures;
  private AgentTunnel current;

  private EgressAgent(Builder b) {
    this.enrolment = b.enrolment;
    OkHttpClient base = b.client != null ? b.client : new OkHttpClient.Builder().build();
    // Tunnel frames are small and latency-bound (window updates, PINGs, chat stanzas): Nagle's
    // algorithm against delayed ACKs would hold them for ~40 ms each. (The agent's own WebSocket
    // framing never offers permessage-deflate: stream bytes are TLS and don't compress.)
    this.client =
        base.newBuilder().socketFactory(new NoDelaySocketFactory(base.socketFactory())).build();
    this.allowlist = b.allowlist;
    this.stateFile = b.stateFile;
    this.networkType = b.networkType;
    this.country = b.country;
    this.initialBackoffMillis = b.initialBackoff.toMillis();
    this.maxBackoffMillis = b.maxBackoff.toMillis();
    this.socketFactory = b.socketFactory;
    this.random = b.random;
    this.agentName = b.agentName;
    this.maxStreams = b.maxStreams;
    this.writeTimeoutMillis = b.writeTimeout.toMillis();
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("egress-agent-timer"));
    this.workers = Executors.newCachedThreadPool(daemon("egress-agent-stream"));
  }

  public static Builder builder(EnrolmentPayload enrolment) {
    return new Builder(enrolment);
  }

  /**
   * Loads the state file (if any) and starts dialling.
   *
   * @throws EnrolmentPayload.InvalidEnrolmentException when the agent still has to enrol and the
   *     enrolment payload has already expired (nothing is dialled)
   */
  public synchronized void start() throws IOException {
    if (started) {
      throw new IllegalStateException("agent already started");
    }
    AgentIdentity loaded = AgentIdentity.load(stateFile, random);
    if (loaded.nodeId == null && !java.time.Instant.now().isBefore(enrolment.expiresAt())) {
      throw new EnrolmentPayload.InvalidEnrolmentException(
          "enrolment payload expired at " + enrolment.expiresAt() + "; ask for a new QR code");
    }
    started = true;
    identity = loaded;
    dial();
  }

  public synchronized State state() {
    return state;
  }

  /** The node id once enrolled (from the state file or the first {@code WELCOME}). */
  public synchronized String nodeId() {
    return identity == null ? null : identity.nodeId;
  }

  /** Why the last tunnel ended or was refused ({@code node_revoked}, ...), or null. */
  public synchronized String lastError() {
    return lastError;
  }

  /**
   * True when the agent stopped because the gateway refused it ({@code token_invalid}, {@code
   * token_expired}, {@code node_revoked}); {@link #lastError()} says which.
   */
  public synchronized boolean wasRefused() {
    return refused;
  }

  /** How many times the agent has dialled the gateway. */
  public int connectAttempts() {
    return connects.get();
  }

  /** How many destination connections the agent has opened. */
  public int destinationConnections() {
    return destinations.get();
  }

  /** Waits until the agent is in {@code wanted}, at most {@code timeout}. */
  public synchronized boolean awaitState(State wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state != wanted) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Stops the agent: {@code GOAWAY none}, streams reset, no reconnect. */
  @Override
  public void close() {
    AgentTunnel t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      t = current;
      setState(State.STOPPED);
    }
    if (t != null) {
      t.shutdown();
    }
    timers.shutdownNow();
    workers.shutdownNow();
  }

  private synchronized void dial() {
    if (closed) {
      return;
    }
    setState(State.CONNECTING);
    connects.incrementAndGet();
    AgentTunnel tunnel = new AgentTunnel(this);
    current = tunnel;
    try {
      workers.execute(tunnel::run);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      current = null;
      setState(State.STOPPED);
    }
  }

  private void setState(State s) {
    state = s;
    notifyAll();
  }

  // ---- called by AgentTunnel -------------------------------------------------------------

  synchronized void welcomed(AgentTunnel tunnel, String nodeId, boolean enrolled) {
    if (tunnel != current || closed) {
      return;
    }
    failures = 0;
    lastError = null;
    if (enrolled || identity.nodeId == null) {
      identity.nodeId = nodeId;
      try {
        identity.save(stateFile);
      } catch (IOException e) {
        log.warn("could not save the agent state file: {}", e.getMessage());
      }
    }
    log.info("egress agent online as node {}", nodeId);
    setState(State.ONLINE);
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // dial() handles its own failures; the timer is cancelled by
  // shutdown
  synchronized void tunnelEnded(AgentTunnel tunnel, int code, String goAwayError, String reason) {
    if (tunnel != current || closed) {
      return;
    }
    current = null;
    String error = goAwayError != null && !goAwayError.equals("none") ? goAwayError : null;
    boolean refused =
        code == CloseCodes.TOKEN_INVALID
            || code == CloseCodes.TOKEN_EXPIRED
            || code == CloseCodes.NODE_REVOKED
            || "token_invalid".equals(error)
            || "token_expired".equals(error)
            || "node_revoked".equals(error);
    lastError = error != null ? error : reason;
    if (refused) {
      this.refused = true;
      log.warn("egress agent stopped: the gateway refused it ({})", lastError);
      setState(State.STOPPED);
      return;
    }
    long base = Math.min(maxBackoffMillis, initialBackoffMillis << Math.min(failures, 20));
    failures++;
    long jitter = (long) (base * 0.2 * (2 * random.nextDouble() - 1));
    long delay = Math.max(1, base + jitter);
    log.info("egress tunnel ended ({}); reconnecting in {} ms", lastError, delay);
    setState(State.WAITING);
    try {
      timers.schedule(this::dial, delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      setState(State.STOPPED);
    }
  }

  synchronized AgentIdentity identity() {
    return identity;
  }

  OkHttpClient client() {
    return client;
  }

  EnrolmentPayload enrolment() {
    return enrolment;
  }

  Allowlist allowlist() {
    return allowlist;
  }

  String networkType() {
    return networkType;
  }

  String country() {
    return country;
  }

  String agentName() {
    return agentName;
  }

  int maxStreams() {
    return maxStreams;
  }

  long writeTimeoutMillis() {
    return writeTimeoutMillis;
  }

  SocketFactory socketFactory() {
    return socketFactory;
  }

  SecureRandom random() {
    return random;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  ExecutorService workers() {
    return workers;
  }

  void countDestination() {
    destinations.incrementAndGet();
  }

  /** Creates sockets with TCP_NODELAY on. */
  private static final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory delegate;

    NoDelaySocketFactory(SocketFactory delegate) {
      this.delegate = delegate;
    }

    private static java.net.Socket noDelay(java.net.Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public java.net.Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        String host, int port, java.net.InetAddress local, int localPort) throws IOException {
      return noDelay(delegate.createSocket(host, port, local, localPort));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        java.net.InetAddress host, int port, java.net.InetAddress local, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, local, localPort));
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures an agent. */
  public static final class Builder {
    private final EnrolmentPayload enrolment;
    private OkHttpClient client;
    private Allowlist allowlist = Allowlist.whatsApp();
    private File stateFile;
    private String networkType = "other";
    private String country;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private SocketFactory socketFactory = SocketFactory.getDefault();
    private SecureRandom random = new SecureRandom();
    private String agentName = "wagateway-agent/" + VERSION + " (Java)";
    private int maxStreams = 64;
    private Duration writeTimeout = Duration.ofSeconds(60);

    private Builder(EnrolmentPayload enrolment) {
      this.enrolment = Objects.requireNonNull(enrolment, "enrolment");
    }

    /** The OkHttp client to dial with (TLS settings, timeouts). */
    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Destinations the agent opens; default {@link Allowlist#whatsApp()}. */
    public Builder allowlist(Allowlist allowlist) {
      this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
      return this;
    }

    /** Keeps the node key and id here, so a restarted agent reconnects without a new token. */
    public Builder stateFile(File file) {
      this.stateFile = file;
      return this;
    }

    /** {@code wifi}, {@code cell} or {@code other} (reported to the gateway). */
    public Builder networkType(String type) {
      if (!"wifi".equals(type) && !"cell".equals(type) && !"other".equals(type)) {
        throw new IllegalArgumentException("networkType must be wifi, cell or other");
      }
      this.networkType = type;
      return this;
    }

    /** The country the phone is in (ISO alpha-2), reported as the exit country; null for none. */
    public Builder country(String iso2) {
      if (iso2 != null && !iso2.matches("[A-Za-z]{2}")) {
        throw new IllegalArgumentException("country must be an ISO 3166 alpha-2 code");
      }
      this.country = iso2 == null ? null : iso2.toLowerCase(java.util.Locale.ROOT);
      return this;
    }

    /** Reconnect back-off: starts at {@code initial}, doubles up to {@code max}, ±20 % jitter. */
    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff needs 0 < initial <= max");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Creates the sockets to destinations (on Android: the tunnel's {@code Network}). */
    public Builder socketFactory(SocketFactory factory) {
      this.socketFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public Builder agentName(String name) {
      this.agentName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The most streams the agent carries at once (it may be lower than the gateway's). */
    public Builder maxStreams(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxStreams must be positive");
      }
      this.maxStreams = n;
      return this;
    }

    /** How long a destination's bytes wait for tunnel credit before the stream fails. */
    public Builder writeTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("writeTimeout must be positive");
      }
      this.writeTimeout = timeout;
      return this;
    }

    public EgressAgent build() {
      return new EgressAgent(this);
    }
  }
}
