package dev.wagateway.testkit;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.WaVersion;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.testkit.internal.CertificateAuthority;
import dev.wagateway.testkit.internal.NoiseResponder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WhatsApp server simulator on loopback, in the shape of OkHttp's MockWebServer: start it, point
 * a client at {@link #url()} trusting {@link #rootPublicKey()}, then take the connections and the
 * nodes the client sent, and send nodes back.
 *
 * <p>It speaks the real transport: WebSocket on {@code /ws/chat}, the connection intro, the Noise
 * XX handshake with a certificate chain root → intermediate → leaf (leaf key = the server's static
 * key), then encrypted binary nodes. Incoming nodes are dispatched by tag to the {@link
 * NodeHandler}s registered with {@link #handle(String, NodeHandler)}; nodes of other tags are
 * queued for {@link SimulatedConnection#takeNode(Duration)}.
 *
 * <p>By default it also behaves as the WhatsApp server for linked devices: a registration gets
 * {@code pair-device} refs, {@link SimulatedPhone}s made with {@link #addPhone} scan QR codes and
 * enter pairing codes, linked devices log in ({@code success}, or {@code failure 401} when
 * unknown), and the usual iqs are answered (prekey count and upload, passive/active, ping,
 * remove-companion-device; anything else gets error 501). Accounts live in memory for the
 * simulator's lifetime, so a client host restarted against the same simulator logs in again. With
 * {@link Builder#raw(boolean)} it only speaks the transport and queues every node.
 *
 * <pre>{@code
 * try (WaSimulator server = WaSimulator.builder().raw(true).start()) {
 *   // connect a client to server.url() with server.rootPublicKey()
 *   SimulatedConnection conn = server.takeConnection(Duration.ofSeconds(5));
 *   BinaryNode sent = conn.takeNode(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class WaSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WaSimulator.class);

  /** The WebSocket path, as on the real service. */
  public static final String PATH = "/ws/chat";

  private final SimulatorServer server;
  private final CertificateAuthority authority;
  private final byte[] certChain;

  /** How long close() waits for the clients' close handshakes before stopping the server. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  private final KeyPair staticKey;
  private final SecureRandom random;
  private final int queueCapacity;
  private final BlockingQueue<SimulatedConnection> connections;
  private final List<InetSocketAddress> peerAddresses =
      Collections.synchronizedList(new ArrayList<>());

  /** Connections that may still be open, closed with a close frame by {@link #close()}. */
  private final Set<SimulatedConnection> accepted = ConcurrentHashMap.newKeySet();

  private final Map<String, NodeHandler> handlers = new ConcurrentHashMap<>();
  private final List<Consumer<SimulatedConnection>> onHandshake;
  private final Clock clock;
  private final boolean raw;
  private final Duration phoneTimeout;
  private final Duration logoutCloseDelay;
  private final boolean closeWhenRefsExpire;
  private final Duration firstRefLifetime;
  private final Duration nextRefLifetime;
  private final Accounts accounts = new Accounts();
  private final Path dataDirectory;
  private final List<SimulatedContact> contacts = new CopyOnWriteArrayList<>();
  private final ServerBehaviour behaviour;
  private final MessageRouter router;
  private final MediaHost media = new MediaHost();
  private final ScheduledExecutorService scheduler;
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean ignorePings;
  private volatile Duration pongDelay = Duration.ZERO;
  private volatile WaVersion minimumVersion;
  private volatile Outage outageKind;
  private volatile Instant outageUntil = Instant.MIN;

  /** How the simulated service is down during {@link #outage}. */
  public enum Outage {
    /** Every WebSocket upgrade is answered with HTTP 503: the client never gets a connection. */
    REFUSE_CONNECTIONS,
    /** Connections complete the handshake, and every login is answered {@code <failure 503>}. */
    FAILURE_503
  }

  private WaSimulator(Builder b) throws Exception {
    this.random = b.random;
    this.queueCapacity = b.queueCapacity;
    // Linked, not array-backed: the capacity is a bound, not an allocation. With arrays, a
    // simulator built with a large capacity (the load driver's keeps up to 100,000 connections)
    // paid 400 KB per connection for its empty node queue and ran out of heap at ~2,000.
    this.connections = new LinkedBlockingQueue<>(b.queueCapacity);
    this.handlers.putAll(b.handlers);
    this.onHandshake = List.copyOf(b.onHandshake);
    this.clock = b.clock;
    this.raw = b.raw;
    this.phoneTimeout = b.phoneTimeout;
    this.logoutCloseDelay = b.logoutCloseDelay;
    this.closeWhenRefsExpire = b.closeWhenRefsExpire;
    this.firstRefLifetime = b.firstRefLifetime;
    this.nextRefLifetime = b.nextRefLifetime;
    this.minimumVersion = b.minimumVersion;
    this.router = new MessageRouter(this, accounts);
    this.behaviour = new ServerBehaviour(this, accounts, random, b.refCount, router);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "wa-simulator-timer");
              t.setDaemon(true);
              return t;
            });
    this.staticKey = Curve.generateKeyPair(random);
    this.authority = new CertificateAuthority(random);
    CertificateAuthority issuer =
        b.chainSignedByAnotherRoot ? new CertificateAuthority(random) : authority;
    this.certChain = issuer.issue(staticKey.publicKey(), b.clock);
    this.dataDirectory = b.dataDirectory;
    if (dataDirectory != null) {
      SimulatorState.load(dataDirectory, this, accounts, random);
      var unused = scheduler.scheduleWithFixedDelay(this::save, 1, 1, TimeUnit.SECONDS);
    }
    this.server =
        new SimulatorServer(
            b.port, PATH, this::accept, media, () -> outage() == Outage.REFUSE_CONNECTIONS);
    this.server.start();
    media.port(server.port());
  }

  /** Starts a simulator on an ephemeral loopback port. */
  public static WaSimulator start() {
    return builder().start();
  }

  /** Starts a simulator on {@code port} (0 = ephemeral) on 127.0.0.1. */
  public static WaSimulator start(int port) {
    return builder().port(port).start();
  }

  /** Options for a simulator. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code ws://127.0.0.1:<port>/ws/chat}. */
  public String url() {
    return "ws://127.0.0.1:" + port() + PATH;
  }

  /** The port the simulator listens on (the real one after a start on port 0). */
  public int port() {
    return server.port();
  }

  /**
   * The root public key (32 bytes) clients must trust. With {@link
   * Builder#chainSignedByAnotherRoot(boolean)} the chain the server presents is signed by a
   * different root, so a client trusting this key refuses it.
   */
  public byte[] rootPublicKey() {
    return authority.rootPublicKey();
  }

  /**
   * A session host's settings for this simulator, to build on: {@code store}, this simulator's URL
   * and root key, and a loopback-only egress (the simulator listens on 127.0.0.1; nothing else is
   * reachable through it).
   */
  public SessionHostConfig.Builder sessionHostConfig(GatewayStore store) {
    return SessionHostConfig.builder()
        .store(store)
        .egressResolver(s -> LoopbackOnlyEgress.instance())
        .endpoint(URI.create(url()))
        .trustedRootKey(rootPublicKey());
  }

  /** The server's static Noise public key (the leaf certificate's key). */
  public byte[] serverStaticPublicKey() {
    return staticKey.publicKey();
  }

  /**
   * The next client that finished the handshake, waiting up to {@code timeout}. With server
   * behaviour the queue keeps the newest connections (the oldest are dropped when it is full); in
   * raw mode a full queue refuses new connections.
   *
   * @return the connection, or null when none arrived in time
   */
  public SimulatedConnection takeConnection(Duration timeout) throws InterruptedException {
    return connections.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The remote address of every WebSocket accepted so far, handshaken or not, in order. */
  public List<InetSocketAddress> peerAddresses() {
    synchronized (peerAddresses) {
      return List.copyOf(peerAddresses);
    }
  }

  /** Routes client nodes with this tag to {@code handler} (replacing any earlier one). */
  public WaSimulator handle(String tag, NodeHandler handler) {
    handlers.put(Objects.requireNonNull(tag, "tag"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /** Sends client nodes with this tag back to the default queue. */
  public WaSimulator removeHandler(String tag) {
    handlers.remove(tag);
    return this;
  }

  // ---- the server's accounts and phones ----

  /**
   * Adds a primary phone with account number {@code phoneDigits} (digits only, e.g. {@code
   * 15551234567}), a fresh account identity key and LID.
   *
   * @throws ValidationException if the number is not 7-15 digits or the phone exists
   */
  public SimulatedPhone addPhone(String phoneDigits) {
    return addPhone(phoneDigits, null);
  }

  /** Adds a primary phone whose account has the push name {@code pushName} (may be null). */
  public SimulatedPhone addPhone(String phoneDigits, String pushName) {
    if (phoneDigits == null || !phoneDigits.matches("[1-9][0-9]{6,14}")) {
      throw new ValidationException("phone must be 7-15 digits, not starting with 0");
    }
    return accounts.addPhone(
        phoneDigits, () -> new SimulatedPhone(this, accounts, phoneDigits, pushName, random));
  }

  /**
   * Adds another WhatsApp user with its own Signal state ({@link SimulatedContact}): sessions can
   * message {@code <digits>@s.whatsapp.net} and it can message them.
   *
   * @throws ValidationException if the number is not 7-15 digits or the account exists
   */
  public SimulatedContact addContact(String phoneDigits, String pushName) {
    if (phoneDigits == null || !phoneDigits.matches("[1-9][0-9]{6,14}")) {
      throw new ValidationException("phone must be 7-15 digits, not starting with 0");
    }
    SimulatedContact contact =
        new SimulatedContact(
            this,
            router,
            phoneDigits,
            pushName,
            random,
            dataDirectory == null
                ? Stores.inMemory()
                : Stores.sqlite(dataDirectory.resolve("contacts").resolve(phoneDigits), 1));
    router.addContact(contact);
    contacts.add(contact);
    return contact;
  }

  /**
   * Creates group {@code <id>@g.us} with these members (user JIDs: contacts and phones, whose
   * linked devices all take part). Returns the group JID.
   */
  public String addGroup(String id, List<String> memberUsers) {
    String jid = id + "@g.us";
    router.addGroup(jid, memberUsers);
    return jid;
  }

  /**
   * The media host's {@code host:port} (plain HTTP on loopback), as {@code media_conn} names it.
   */
  public String mediaHost() {
    return media.hostname();
  }

  /**
   * Every request the media host received (uploads and downloads), in order, with the client's
   * address: the media side of {@link #peerAddresses()}.
   */
  public List<MediaRequest> mediaRequests() {
    return media.requests();
  }

  /** The encrypted blob stored under a media message's {@code directPath}, or null. */
  public byte[] mediaBlob(String directPath) {
    return media.blob(directPath);
  }

  /** Replaces the blob under {@code directPath}, e.g. with a tampered copy. */
  public void replaceMediaBlob(String directPath, byte[] blob) {
    media.replace(directPath, blob);
  }

  /**
   * Consumes up to {@code count} of the one-time prekeys a linked device uploaded, as bundle
   * fetches by other users would; when fewer than 5 remain the device gets the {@code encrypt}
   * count notification. Returns how many remain.
   */
  public int takePreKeys(String deviceJid, int count) {
    return router.takePreKeys(deviceJid, count);
  }

  /**
   * While {@code lose} is true, acks and receipts from this device never reach the server's
   * bookkeeping (as if its process died right before sending them): the messages stay
   * unacknowledged and are delivered again at its next login.
   */
  public WaSimulator loseAcksFrom(String deviceJid, boolean lose) {
    router.loseAcks(deviceJid, lose);
    return this;
  }

  /** The phone with this number, if added. */
  public Optional<SimulatedPhone> phone(String phoneDigits) {
    return accounts.phone(phoneDigits);
  }

  /** Every device currently linked to any phone. */
  public List<LinkedDevice> pairedDevices() {
    return accounts.linkedDevices(null);
  }

  /**
   * Every connection whose login payload named {@code jid} (a device JID, or a user JID for all its
   * devices), answered with {@code success} ({@link SimulatedConnection.Kind#LOGIN}) or {@code
   * failure} ({@link SimulatedConnection.Kind#REFUSED}), open or closed, oldest first: one per
   * login attempt.
   */
  public List<SimulatedConnection> connectionsFor(String jid) {
    return accounts.connectionsFor(jid);
  }

  /**
   * An open connection logged in (got {@code success}) as {@code jid} (a device JID, or a user JID
   * for any of its devices), the newest one, waiting up to {@code timeout}.
   *
   * @return the connection, or null when none logged in in time
   */
  public SimulatedConnection awaitLogin(String jid, Duration timeout) throws InterruptedException {
    return accounts.awaitLogin(jid, timeout);
  }

  /**
   * The newest open registration connection that acknowledged its pair-device refs and is not
   * pairing yet, waiting up to {@code timeout}.
   *
   * @return the connection, or null when none is waiting in time
   */
  public SimulatedConnection awaitRegistration(Duration timeout) throws InterruptedException {
    return accounts.awaitRegistration(timeout);
  }

  /**
   * Refuses every login of {@code jid} (a device JID, or a user JID for all its devices) with
   * {@code <failure reason="N" …attrs/>}, e.g. 402 with {@code code} and {@code expire}, 403, 405,
   * 503. {@link #clearLoginFailure} ends it.
   */
  public WaSimulator failLogins(String jid, int reason, Map<String, String> attrs) {
    accounts.forceFailure(
        Objects.requireNonNull(jid, "jid"),
        new Accounts.ForcedFailure(
            reason, Collections.unmodifiableMap(new LinkedHashMap<>(attrs))));
    return this;
  }

  /** Refuses every login of {@code jid} with {@code <failure reason="N"/>}. */
  public WaSimulator failLogins(String jid, int reason) {
    return failLogins(jid, reason, Map.of());
  }

  /** Lets {@code jid} log in again after {@link #failLogins}. */
  public WaSimulator clearLoginFailure(String jid) {
    accounts.forceFailure(jid, null);
    return this;
  }

  /** Makes the server ignore every client's keepalive pings (unless a connection overrides it). */
  public WaSimulator ignorePings(boolean ignore) {
    this.ignorePings = ignore;
    return this;
  }

  /**
   * Delays the server's answers to pings on every connection (unless a connection overrides it).
   */
  public WaSimulator delayPongs(Duration delay) {
    this.pongDelay = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /**
   * Refuses registrations and logins that present a WhatsApp Web version older than {@code version}
   * with {@code <failure reason="405"/>}, as the real service does with outdated clients; null
   * accepts every version (the default).
   */
  public WaSimulator minimumVersion(WaVersion version) {
    this.minimumVersion = version;
    return this;
  }

  /**
   * Takes the service down for {@code duration} (by the simulator's clock), from now: every new
   * connection meets {@code kind}. Connections already open are closed (a real outage drops them).
   * {@link #endOutage()} ends it early.
   */
  public WaSimulator outage(Duration duration, Outage kind) {
    Objects.requireNonNull(duration, "duration");
    this.outageKind = Objects.requireNonNull(kind, "kind");
    this.outageUntil = now().plus(duration);
    for (SimulatedConnection connection : accepted) {
      if (connection.isOpen()) {
        connection.close(StatusCode.SERVER_ERROR, "simulated outage");
      }
    }
    return this;
  }

  /** Ends an {@link #outage} now. */
  public WaSimulator endOutage() {
    this.outageUntil = Instant.MIN;
    return this;
  }

  /** The outage in force now, or null. */
  public Outage outage() {
    Outage kind = outageKind;
    return kind != null && now().isBefore(outageUntil) ? kind : null;
  }

  /** Stops the server and closes every connection. */
  @Override
  public void close() {
    // Say goodbye with a close frame (1001, going away) before the server stops, as a real server
    // shutting down does; then wait a bounded time for the close handshakes.
    List<SimulatedConnection> open = new ArrayList<>();
    for (SimulatedConnection connection : accepted) {
      if (connection.isOpen()) {
        connection.close(StatusCode.SHUTDOWN, "simulator shutting down");
        open.add(connection);
      }
    }
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    for (SimulatedConnection connection : open) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        connection.awaitClosed(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    accepted.clear();
    server.stop();
    scheduler.shutdownNow();
    if (dataDirectory != null) {
      try {
        scheduler.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      save();
    }
    for (SimulatedContact contact : contacts) {
      contact.close();
    }
  }

  /** Writes the accounts to the data directory (every second and at close). */
  private void save() {
    try {
      SimulatorState.save(dataDirectory, accounts);
    } catch (RuntimeException e) {
      log.warn("could not save the simulator's accounts: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "WaSimulator[" + url() + "]";
  }

  // ---- called by the endpoint and the connections ----

  SimulatedConnection accept(SimulatorServer.Peer peer) {
    peerAddresses.add(peer.remoteAddress());
    NoiseResponder noise = new NoiseResponder(staticKey, certChain, random);
    SimulatedConnection connection =
        new SimulatedConnection(
            this, peer.session(), peer.remoteAddress(), peer.headers(), noise, queueCapacity);
    accepted.removeIf(c -> !c.isOpen());
    accepted.add(connection);
    return connection;
  }

  void handshaken(SimulatedConnection connection) {
    if (!raw) {
      behaviour.onHandshake(connection);
    }
    for (Consumer<SimulatedConnection> hook : onHandshake) {
      hook.accept(connection);
    }
    if (raw) {
      if (!connections.offer(connection)) {
        log.warn("connection queue full ({}): nobody takes the connections", queueCapacity);
        connection.close();
      }
      return;
    }
    while (!connections.offer(connection)) {
      connections.poll();
    }
  }

  NodeHandler handler(String tag) {
    return handlers.get(tag);
  }

  MediaHost media() {
    return media;
  }

  boolean serves() {
    return !raw;
  }

  boolean serve(SimulatedConnection connection, BinaryNode node) {
    return behaviour.onNode(connection, node);
  }

  void connectionClosed(SimulatedConnection connection) {
    accounts.changed();
  }

  Instant now() {
    return clock.instant();
  }

  String nextId() {
    return Long.toString(ids.incrementAndGet());
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  boolean ignoresPings() {
    return ignorePings;
  }

  Duration pongDelay() {
    return pongDelay;
  }

  WaVersion minimumVersion() {
    return minimumVersion;
  }

  Duration phoneTimeout() {
    return phoneTimeout;
  }

  Duration logoutCloseDelay() {
    return logoutCloseDelay;
  }

  boolean closesWhenRefsExpire() {
    return closeWhenRefsExpire;
  }

  /** When ref {@code index} (0-based) of refs issued at {@code issuedAt} stops being valid. */
  Instant refExpiry(Instant issuedAt, int index) {
    return issuedAt.plus(firstRefLifetime).plus(nextRefLifetime.multipliedBy(index));
  }

  /** Builds and starts a {@link WaSimulator}. */
  public static final class Builder {
    private int port;
    private boolean chainSignedByAnotherRoot;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private int queueCapacity = 1024;
    private boolean raw;
    private WaVersion minimumVersion;
    private int refCount = 6;
    private Duration phoneTimeout = Duration.ofSeconds(10);
    private Duration logoutCloseDelay = Duration.ofMillis(200);
    private boolean closeWhenRefsExpire;
    private Duration firstRefLifetime = Duration.ofSeconds(60);
    private Duration nextRefLifetime = Duration.ofSeconds(20);
    private final Map<String, NodeHandler> handlers = new HashMap<>();
    private final List<Consumer<SimulatedConnection>> onHandshake = new ArrayList<>();
    private Path dataDirectory;

    Builder() {}

    /**
     * Keeps the simulator's accounts under {@code dir} (created when missing): phones, the devices
     * they linked with their keys and prekeys, and the contacts' Signal state. A simulator started
     * again on the same directory lets those devices log in again, so a restarted gateway resumes
     * its sessions with no new QR code. Saved every second and at {@link WaSimulator#close}. The
     * contacts come back when added again with the same numbers; phones come back by themselves
     * ({@link WaSimulator#phone}). Default: none, everything in memory.
     */
    public Builder dataDirectory(Path dir) {
      this.dataDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The loopback port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new ValidationException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Presents a certificate chain signed by a root other than {@link #rootPublicKey()}: clients
     * trusting {@code rootPublicKey()} must refuse the handshake.
     */
    public Builder chainSignedByAnotherRoot(boolean enabled) {
      this.chainSignedByAnotherRoot = enabled;
      return this;
    }

    /** The clock the certificates' validity, refs' lifetimes and {@code t} attributes come from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Randomness for the server's keys and certificates. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Capacity of the connection queue and of each connection's node queue: a bound only, the
     * queues take memory for what they hold, not for their capacity.
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new ValidationException("queue capacity must be at least 1");
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Transport only (true): no server behaviour, every node queued for {@link
     * SimulatedConnection#takeNode}, nothing sent unless the test sends it. Default false.
     */
    public Builder raw(boolean enabled) {
      this.raw = enabled;
      return this;
    }

    /** How many refs a pair-device iq carries (default 6, as the real server). */
    public Builder refCount(int count) {
      if (count < 1 || count > 64) {
        throw new ValidationException("ref count must be 1..64");
      }
      this.refCount = count;
      return this;
    }

    /**
     * How long a phone waits for the companion's answers (pair-device-sign, companion_finish);
     * default 10 s.
     */
    public Builder phoneTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ValidationException("phone timeout must be positive");
      }
      this.phoneTimeout = timeout;
      return this;
    }

    /**
     * How long after answering remove-companion-device the server closes the socket, if the client
     * has not closed it first (default 200 ms).
     */
    public Builder logoutCloseDelay(Duration delay) {
      this.logoutCloseDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * Closes a registration connection nobody paired once all its refs have run out (by default 60
     * s + 20 s per further ref, in real time), as whatsmeow documents the real server doing.
     * Default false: the client gives up by itself.
     */
    public Builder closeWhenRefsExpire(boolean enabled) {
      this.closeWhenRefsExpire = enabled;
      return this;
    }

    /**
     * How long refs stay valid for a scan: the first one {@code first}, each later one {@code next}
     * more (default 60 s and 20 s, docs/protocol/pairing.md §2.4). Scans are checked on the
     * simulator's clock.
     */
    public Builder refLifetimes(Duration first, Duration next) {
      if (first.isNegative() || first.isZero() || next.isNegative() || next.isZero()) {
        throw new ValidationException("ref lifetimes must be positive");
      }
      this.firstRefLifetime = first;
      this.nextRefLifetime = next;
      return this;
    }

    /** Routes client nodes with this tag to {@code handler}. */
    public Builder handle(String tag, NodeHandler handler) {
      handlers.put(Objects.requireNonNull(tag, "tag"), Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** Runs {@code hook} on each connection right after its handshake, before it is queued. */
    public Builder onHandshake(Consumer<SimulatedConnection> hook) {
      onHandshake.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /** Starts the simulator. */
    /** See {@link WaSimulator#minimumVersion(WaVersion)}; null (the default) accepts all. */
    public Builder minimumVersion(WaVersion version) {
      this.minimumVersion = version;
      return this;
    }

    public WaSimulator start() {
      try {
        return new WaSimulator(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("simulator failed to start: " + e.getMessage(), e);
      }
    }
  }
}
