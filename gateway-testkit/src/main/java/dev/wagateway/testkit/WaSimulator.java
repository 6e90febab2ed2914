package dev.wagateway.testkit;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.testkit.internal.CertificateAuthority;
import dev.wagateway.testkit.internal.NoiseResponder;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * <pre>{@code
 * try (WaSimulator server = WaSimulator.start()) {
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
  private final KeyPair staticKey;
  private final SecureRandom random;
  private final int queueCapacity;
  private final BlockingQueue<SimulatedConnection> connections;
  private final List<InetSocketAddress> peerAddresses =
      Collections.synchronizedList(new ArrayList<>());
  private final Map<String, NodeHandler> handlers = new ConcurrentHashMap<>();
  private final List<Consumer<SimulatedConnection>> onHandshake;

  private WaSimulator(Builder b) throws Exception {
    this.random = b.random;
    this.queueCapacity = b.queueCapacity;
    this.connections = new ArrayBlockingQueue<>(b.queueCapacity);
    this.handlers.putAll(b.handlers);
    this.onHandshake = List.copyOf(b.onHandshake);
    this.staticKey = Curve.generateKeyPair(random);
    this.authority = new CertificateAuthority(random);
    CertificateAuthority issuer =
        b.chainSignedByAnotherRoot ? new CertificateAuthority(random) : authority;
    this.certChain = issuer.issue(staticKey.publicKey(), b.clock);
    this.server = new SimulatorServer(b.port, PATH, this::accept);
    this.server.start();
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

  /** The server's static Noise public key (the leaf certificate's key). */
  public byte[] serverStaticPublicKey() {
    return staticKey.publicKey();
  }

  /**
   * The next client that finished the handshake, waiting up to {@code timeout}.
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

  /** Stops the server and closes every connection. */
  @Override
  public void close() {
    server.stop();
  }

  @Override
  public String toString() {
    return "WaSimulator[" + url() + "]";
  }

  // ---- called by the endpoint and the connections ----

  SimulatedConnection accept(SimulatorServer.Peer peer) {
    peerAddresses.add(peer.remoteAddress());
    NoiseResponder noise = new NoiseResponder(staticKey, certChain, random);
    return new SimulatedConnection(
        this, peer.session(), peer.remoteAddress(), peer.headers(), noise, queueCapacity);
  }

  void handshaken(SimulatedConnection connection) {
    for (Consumer<SimulatedConnection> hook : onHandshake) {
      hook.accept(connection);
    }
    if (!connections.offer(connection)) {
      log.warn("connection queue full ({}): nobody takes the connections", queueCapacity);
      connection.close();
    }
  }

  NodeHandler handler(String tag) {
    return handlers.get(tag);
  }

  /** Builds and starts a {@link WaSimulator}. */
  public static final class Builder {
    private int port;
    private boolean chainSignedByAnotherRoot;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private int queueCapacity = 1024;
    private final Map<String, NodeHandler> handlers = new HashMap<>();
    private final List<Consumer<SimulatedConnection>> onHandshake = new ArrayList<>();

    Builder() {}

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

    /** The clock the certificates' validity is set from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Randomness for the server's keys and certificates. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Capacity of the connection queue and of each connection's node queue. */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new ValidationException("queue capacity must be at least 1");
      }
      this.queueCapacity = capacity;
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
    public WaSimulator start() {
      try {
        return new WaSimulator(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new GatewayException(
            "simulator_start_failed", "simulator failed to start: " + e.getMessage(), e);
      }
    }
  }
}
