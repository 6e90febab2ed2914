package dev.wagateway.egress.tunnel;

import dev.wagateway.core.GatewayException.NotFoundException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.egress.EnrolmentToken;
import dev.wagateway.core.egress.EnrolmentTokenException;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.agent.EnrolmentPayload;
import dev.wagateway.egress.agent.internal.tunnel.CloseCodes;
import dev.wagateway.egress.agent.internal.tunnel.Json;
import dev.wagateway.egress.agent.internal.tunnel.NodeKeys;
import dev.wagateway.egress.agent.internal.tunnel.StreamMux;
import dev.wagateway.egress.agent.internal.tunnel.TunnelProtocolException;
import dev.wagateway.egress.internal.tunnel.GatewayTunnel;
import dev.wagateway.egress.internal.tunnel.TunnelHost;
import java.io.IOException;
import java.net.Socket;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Android egress nodes on the gateway: creates nodes and their enrolment payloads, hosts the
 * agents' tunnels (the server's {@code /egress/agent} WebSocket endpoint hands each connection to
 * {@link #accept}), keeps node status (pending → online → offline, or revoked) with lastSeenAt,
 * exit IP, exit country and network, and gives sessions an {@link AndroidEgress} per node.
 *
 * <pre>{@code
 * EgressNodeRegistry nodes = EgressNodeRegistry.builder(tokens, "https://gw.example.com")
 *     .store(nodeStore).listener((before, after) -> events.publish(after)).build();
 * NodeRegistration r = nodes.register(orgId, senderId, "Office phone", "de", Duration.ofMinutes(10));
 * // WebSocket endpoint: AgentConnection c = nodes.accept(channel); c.onBinary(...), c.onClosed(...)
 * Egress egress = nodes.egress(r.node().id());
 * }</pre>
 */
public final class EgressNodeRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EgressNodeRegistry.class);

  private final EnrolmentToken tokens;
  private final EgressNodeStore store;
  private final String gatewayUrl;
  private final String wsPath;
  private final Clock clock;
  private final SecureRandom random;
  private final GatewayTunnel.Settings settings;
  private final List<EgressNodeListener> listeners;
  private final ScheduledExecutorService timers;
  private final ConcurrentHashMap<String, GatewayTunnel> live = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  @SuppressWarnings(
      "FutureReturnValueIgnored") // tick() catches its own failures; the timer is shut down on
  // close
  private EgressNodeRegistry(Builder b) {
    this.tokens = b.tokens;
    this.store = b.store;
    this.gatewayUrl = b.gatewayUrl;
    this.wsPath = b.wsPath;
    this.clock = b.clock;
    this.random = b.random;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.settings =
        new GatewayTunnel.Settings(
            b.limits,
            (int) b.heartbeat.toSeconds(),
            b.handshakeTimeout.toMillis(),
            b.writeTimeout.toMillis());
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "egress-tunnel-timers");
              t.setDaemon(true);
              return t;
            });
    long tickMillis = Math.max(50, b.heartbeat.toMillis() / 4);
    timers.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * @param tokens issues and verifies enrolment tokens (its keyring)
   * @param gatewayUrl the public base URL agents dial, e.g. {@code https://gw.example.com}
   */
  public static Builder builder(EnrolmentToken tokens, String gatewayUrl) {
    return new Builder(tokens, gatewayUrl);
  }

  // ---- node management -------------------------------------------------------------------

  /**
   * Creates a node for {@code senderId} in {@code orgId} (status pending) and issues its enrolment
   * payload, valid for {@code ttl}.
   *
   * @param label at most {@value EgressNode#MAX_LABEL} characters
   * @param expectedCountry the sender's number's country (ISO alpha-2), or null
   */
  public NodeRegistration register(
      String orgId, String senderId, String label, String expectedCountry, Duration ttl) {
    requireText("orgId", orgId);
    requireText("senderId", senderId);
    if (label == null || label.isBlank() || label.length() > EgressNode.MAX_LABEL) {
      throw new ValidationException("label must be 1.." + EgressNode.MAX_LABEL + " characters");
    }
    String country = null;
    if (expectedCountry != null) {
      if (!expectedCountry.matches("[A-Za-z]{2}")) {
        throw new ValidationException("expectedCountry must be an ISO 3166 alpha-2 code");
      }
      country = expectedCountry.toLowerCase(Locale.ROOT);
    }
    byte[] raw = new byte[12];
    random.nextBytes(raw);
    String id = "en_" + NodeKeys.b64(raw);
    EgressNode node =
        new EgressNode(
            id,
            orgId,
            senderId,
            label.strip(),
            EgressNode.Status.PENDING,
            now(),
            null,
            null,
            null,
            country,
            null,
            null,
            null);
    EnrolmentToken.Issued issued = tokens.issue(id, orgId, ttl);
    synchronized (lock) {
      store.save(node);
    }
    notifyChange(null, node);
    return new NodeRegistration(node, payload(issued));
  }

  /**
   * Issues a new enrolment payload for a node. A node that was already enrolled is reset for
   * re-enrolment: its device key is dropped, its tunnel closed ({@code token_invalid}) and its
   * status set back to pending, so the next agent to present a valid token becomes the node.
   */
  public EnrolmentPayload reissue(String nodeId, Duration ttl) {
    EgressNode before;
    EgressNode after;
    EnrolmentToken.Issued issued;
    synchronized (lock) {
      before = require(nodeId);
      if (before.status() == EgressNode.Status.REVOKED) {
        throw new ValidationException("egress node " + nodeId + " is revoked");
      }
      issued = tokens.issue(nodeId, before.orgId(), ttl);
      after = before.withDeviceKey(null).withStatus(EgressNode.Status.PENDING, before.lastSeenAt());
      store.save(after);
    }
    GatewayTunnel t = live.remove(nodeId);
    if (t != null) {
      t.goAway("token_invalid", "node reset for re-enrolment", CloseCodes.TOKEN_INVALID);
    }
    notifyChange(before, after);
    return payload(issued);
  }

  /**
   * Revokes a node: its tunnel is closed ({@code node_revoked}), streams through it fail, and every
   * later connect, token or reconnect for it is refused.
   */
  public EgressNode revoke(String nodeId) {
    EgressNode before;
    EgressNode after;
    synchronized (lock) {
      before = require(nodeId);
      if (before.status() == EgressNode.Status.REVOKED) {
        return before;
      }
      after = before.revoked(now());
      store.save(after);
    }
    GatewayTunnel t = live.remove(nodeId);
    if (t != null) {
      t.goAway("node_revoked", "egress node revoked", CloseCodes.NODE_REVOKED);
    }
    notifyChange(before, after);
    return after;
  }

  public Optional<EgressNode> find(String nodeId) {
    return store.find(nodeId);
  }

  public List<EgressNode> list(String orgId) {
    return store.list(orgId);
  }

  /** The egress for sessions that use this node. */
  public AndroidEgress egress(String nodeId) {
    requireText("nodeId", nodeId);
    return new AndroidEgress(this, nodeId);
  }

  /** Figures of the node's live tunnel, if it has one. */
  public Optional<TunnelStats> stats(String nodeId) {
    GatewayTunnel t = live.get(nodeId);
    if (t == null) {
      return Optional.empty();
    }
    StreamMux m = t.mux();
    return Optional.of(new TunnelStats(m.openStreams(), m.bufferedBytes(), m.maxBufferedBytes()));
  }

  public void addListener(EgressNodeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  // ---- the WebSocket endpoint ------------------------------------------------------------

  /**
   * Takes a freshly upgraded agent WebSocket: sends {@code CHALLENGE} and returns the callbacks the
   * endpoint feeds with the socket's messages.
   */
  public AgentConnection accept(AgentChannel channel) {
    Objects.requireNonNull(channel, "channel");
    GatewayTunnel tunnel =
        new GatewayTunnel(
            new GatewayTunnel.Transport() {
              @Override
              public boolean send(byte[] message) {
                return channel.sendBinary(message);
              }

              @Override
              public void close(int code, String reason) {
                channel.close(code, reason);
              }
            },
            channel.remoteIp(),
            new Host(),
            settings,
            timers,
            random);
    tunnel.start();
    return new AgentConnection() {
      @Override
      public void onBinary(byte[] message) {
        tunnel.onBinary(message);
      }

      @Override
      public void onText(String message) {
        tunnel.onText();
      }

      @Override
      public void onClosed(int code, String reason) {
        tunnel.onClosed(code, reason);
      }
    };
  }

  /** Closes every tunnel ({@code GOAWAY none}) and stops the timers. */
  @Override
  public void close() {
    for (GatewayTunnel t : new ArrayList<>(live.values())) {
      t.goAway("none", "gateway shutting down", CloseCodes.NORMAL);
    }
    timers.shutdownNow();
  }

  // ---- internals -------------------------------------------------------------------------

  Socket connect(String nodeId, String host, int port, long timeoutMillis) throws IOException {
    Optional<EgressNode> found = store.find(nodeId);
    if (found.isEmpty()) {
      throw new EgressUnavailableIOException("egress node " + nodeId + " does not exist");
    }
    EgressNode node = found.get();
    if (node.status() == EgressNode.Status.REVOKED) {
      throw new EgressUnavailableIOException("egress node " + nodeId + " is revoked");
    }
    if (node.countryMismatch()) {
      throw new EgressUnavailableIOException(
          "egress node "
              + nodeId
              + " exits in "
              + node.exitCountry()
              + ", not in the number's country "
              + node.expectedCountry());
    }
    GatewayTunnel t = live.get(nodeId);
    if (t == null || !t.isOpen()) {
      throw new EgressUnavailableIOException("egress node " + nodeId + " is offline");
    }
    return t.open(host, port, timeoutMillis);
  }

  private EnrolmentPayload payload(EnrolmentToken.Issued issued) {
    return new EnrolmentPayload(issued.token(), gatewayUrl, wsPath, issued.expiresAt());
  }

  private void tick() {
    for (GatewayTunnel t : live.values()) {
      try {
        t.tick();
        touch(t);
      } catch (RuntimeException e) {
        log.warn("egress node {} heartbeat check failed", t.nodeId(), e);
      }
    }
  }

  /** Persists lastSeenAt at most once per heartbeat interval. */
  private void touch(GatewayTunnel t) {
    if (!t.isOpen()) {
      return;
    }
    Instant seen = seenAt(t);
    synchronized (lock) {
      EgressNode n = store.find(t.nodeId()).orElse(null);
      if (n != null
          && n.status() == EgressNode.Status.ONLINE
          && live.get(n.id()) == t
          && (n.lastSeenAt() == null
              || Duration.between(n.lastSeenAt(), seen).toSeconds() >= settings.heartbeatSeconds)) {
        store.save(n.seen(seen));
      }
    }
  }

  private Instant seenAt(GatewayTunnel t) {
    long agoNanos = Math.max(0, System.nanoTime() - t.lastReceivedNanos());
    return now().minusNanos(agoNanos);
  }

  private Instant now() {
    return clock.instant();
  }

  private EgressNode require(String nodeId) {
    return store
        .find(nodeId)
        .orElseThrow(() -> new NotFoundException("egress node " + nodeId + " not found"));
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(name + " must not be empty");
    }
  }

  private void notifyChange(EgressNode before, EgressNode after) {
    for (EgressNodeListener l : listeners) {
      try {
        l.onChange(before, after);
      } catch (RuntimeException e) {
        log.warn("egress node listener failed for {}", after.id(), e);
      }
    }
  }

  private boolean isRevoked(String nodeId) {
    return store.find(nodeId).map(n -> n.status() == EgressNode.Status.REVOKED).orElse(false);
  }

  /** The registry as its tunnels see it. */
  private final class Host implements TunnelHost {
    @Override
    public Identity authenticate(Json.Obj hello, byte[] nonce) throws Refused {
      try {
        if (hello.integer("v") != 1) {
          throw new Refused("unsupported_version", "only tunnel version 1 is supported");
        }
        String auth = hello.string("auth");
        if (auth.equals("pairing")) {
          return enrol(hello, nonce);
        }
        if (auth.equals("node")) {
          return reconnect(hello, nonce);
        }
        throw new Refused("token_invalid", "unknown auth kind");
      } catch (TunnelProtocolException e) {
        throw new Refused("token_invalid", "malformed HELLO: " + e.getMessage());
      }
    }

    private Identity enrol(Json.Obj hello, byte[] nonce) throws Refused, TunnelProtocolException {
      String token = hello.string("token");
      EnrolmentToken.Claims claims;
      try {
        claims = tokens.verify(token, EgressNodeRegistry.this::isRevoked);
      } catch (EnrolmentTokenException e) {
        throw new Refused(e.code(), e.getMessage());
      }
      PublicKey key = NodeKeys.publicKey(hello.string("publicKey"));
      if (!NodeKeys.verify(key, nonce, token, hello.string("signature"))) {
        throw new Refused("token_invalid", "HELLO signature does not verify");
      }
      EgressNode before;
      EgressNode after;
      synchronized (lock) {
        before = store.find(claims.nodeId()).orElse(null);
        if (before == null || !before.orgId().equals(claims.orgId())) {
          throw new Refused("token_invalid", "enrolment token names an unknown node");
        }
        if (before.status() == EgressNode.Status.REVOKED) {
          throw new Refused("node_revoked", "egress node is revoked");
        }
        if (before.deviceKey() != null) {
          throw new Refused("token_invalid", "egress node is already enrolled");
        }
        after = before.withDeviceKey(NodeKeys.b64(key.getEncoded()));
        store.save(after);
      }
      return new Identity(after.id(), after.orgId(), after.deviceKey());
    }

    private Identity reconnect(Json.Obj hello, byte[] nonce)
        throws Refused, TunnelProtocolException {
      String nodeId = hello.string("nodeId");
      EgressNode node = store.find(nodeId).orElse(null);
      if (node == null || node.deviceKey() == null) {
        throw new Refused("token_invalid", "unknown or not yet enrolled egress node");
      }
      PublicKey key = NodeKeys.publicKey(node.deviceKey());
      if (!NodeKeys.verify(key, nonce, nodeId, hello.string("signature"))) {
        throw new Refused("token_invalid", "HELLO signature does not verify");
      }
      if (node.status() == EgressNode.Status.REVOKED) {
        throw new Refused("node_revoked", "egress node is revoked");
      }
      return new Identity(node.id(), node.orgId(), node.deviceKey());
    }

    @Override
    public void online(GatewayTunnel tunnel) {
      EgressNode before;
      EgressNode after;
      GatewayTunnel replaced;
      String refusal = null;
      synchronized (lock) {
        before = store.find(tunnel.nodeId()).orElse(null);
        replaced = null;
        after = null;
        if (before == null || before.status() == EgressNode.Status.REVOKED) {
          refusal = "node_revoked";
        } else if (!Objects.equals(before.deviceKey(), tunnel.deviceKey())) {
          // Reset for re-enrolment (or re-enrolled) between HELLO and now.
          refusal = "token_invalid";
        } else {
          replaced = live.put(tunnel.nodeId(), tunnel);
          after =
              before
                  .withStatus(EgressNode.Status.ONLINE, now())
                  .withExit(tunnel.remoteIp(), before.exitCountry(), before.net(), now());
          store.save(after);
        }
      }
      if (refusal != null) {
        tunnel.goAway(
            refusal, "egress node changed during the handshake", CloseCodes.forError(refusal));
        return;
      }
      if (replaced != null && replaced != tunnel) {
        replaced.goAway("replaced", "a newer tunnel took over", CloseCodes.REPLACED);
      }
      log.info("egress node {} online from {}", tunnel.nodeId(), tunnel.remoteIp());
      notifyChange(before, after);
    }

    @Override
    public void report(GatewayTunnel tunnel, Json.Obj report) throws TunnelProtocolException {
      String type = report.string("networkType");
      String net = type.equals("wifi") || type.equals("cell") ? type : "other";
      String country = report.optString("country");
      if (country != null) {
        if (!country.matches("[A-Za-z]{2}")) {
          throw new TunnelProtocolException("REPORT country must be an ISO alpha-2 code");
        }
        country = country.toLowerCase(Locale.ROOT);
      }
      EgressNode before;
      EgressNode after;
      synchronized (lock) {
        before = store.find(tunnel.nodeId()).orElse(null);
        if (before == null || live.get(before.id()) != tunnel) {
          return;
        }
        after = before.withExit(tunnel.remoteIp(), country, net, now());
        store.save(after);
      }
      if (after.countryMismatch()) {
        log.warn(
            "egress node {} reports exit country {} but its number is in {}; not used",
            after.id(),
            after.exitCountry(),
            after.expectedCountry());
      }
      if (!Objects.equals(before.net(), after.net())
          || !Objects.equals(before.exitCountry(), after.exitCountry())
          || !Objects.equals(before.exitIp(), after.exitIp())) {
        notifyChange(before, after);
      }
    }

    @Override
    public void closed(GatewayTunnel tunnel, String reason) {
      if (tunnel.nodeId() == null) {
        return;
      }
      EgressNode before = null;
      EgressNode after = null;
      synchronized (lock) {
        live.remove(tunnel.nodeId(), tunnel);
        if (!live.containsKey(tunnel.nodeId())) {
          before = store.find(tunnel.nodeId()).orElse(null);
          if (before != null && before.status() == EgressNode.Status.ONLINE) {
            after = before.withStatus(EgressNode.Status.OFFLINE, seenAt(tunnel));
            store.save(after);
          }
        }
      }
      log.info("egress node {} tunnel closed: {}", tunnel.nodeId(), reason);
      if (after != null) {
        notifyChange(before, after);
      }
    }
  }

  /** Configures a registry. */
  public static final class Builder {
    private final EnrolmentToken tokens;
    private final String gatewayUrl;
    private EgressNodeStore store = new InMemoryEgressNodeStore();
    private String wsPath = EnrolmentPayload.DEFAULT_WS_PATH;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private StreamMux.Limits limits = StreamMux.Limits.defaults();
    private Duration heartbeat = Duration.ofSeconds(15);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration writeTimeout = Duration.ofSeconds(60);
    private final List<EgressNodeListener> listeners = new ArrayList<>();

    private Builder(EnrolmentToken tokens, String gatewayUrl) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      this.gatewayUrl = Objects.requireNonNull(gatewayUrl, "gatewayUrl");
      // Validates the URL the same way the agent will.
      new EnrolmentPayload("x", gatewayUrl, wsPath, Instant.EPOCH);
    }

    public Builder store(EgressNodeStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder wsPath(String path) {
      this.wsPath = Objects.requireNonNull(path, "path");
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
     * Flow-control limits sent to agents in {@code WELCOME} (defaults: 64 KiB frames, 1 MiB stream
     * window, 4 MiB connection window, 64 streams).
     */
    public Builder limits(int maxFrame, int streamWindow, int connectionWindow, int maxStreams) {
      this.limits = new StreamMux.Limits(maxFrame, streamWindow, connectionWindow, maxStreams);
      return this;
    }

    /** PING when idle this long; a tunnel silent for three intervals is dead. Whole seconds. */
    public Builder heartbeat(Duration interval) {
      if (interval.getSeconds() < 1 || interval.getNano() != 0) {
        throw new ValidationException("heartbeat must be whole seconds, at least 1");
      }
      this.heartbeat = interval;
      return this;
    }

    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshakeTimeout");
      return this;
    }

    /** How long a session's write waits for flow-control credit before failing. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "writeTimeout");
      return this;
    }

    public Builder listener(EgressNodeListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new ValidationException(name + " must be positive");
      }
      return d;
    }

    public EgressNodeRegistry build() {
      return new EgressNodeRegistry(this);
    }
  }
}
