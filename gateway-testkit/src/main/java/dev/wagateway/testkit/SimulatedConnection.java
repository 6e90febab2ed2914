package dev.wagateway.testkit;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.noise.FrameCodec;
import dev.wagateway.core.internal.noise.NoiseCipher;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeCodec;
import dev.wagateway.core.wire.WireException;
import dev.wagateway.testkit.internal.NoiseResponder;
import dev.wagateway.testkit.internal.PresentedPayload;
import dev.wagateway.testkit.internal.ServerStanzas;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connected to the {@link WaSimulator}, after the Noise handshake: what the client
 * presented (its static key, ClientPayload, routing info, upgrade headers, address) and the node
 * stream. Nodes the client sends are queued for {@link #takeNode(Duration)} unless a {@link
 * NodeHandler} is registered for their tag.
 *
 * <p>With the simulator's server behaviour on (the default), the connection also carries the
 * server's view of the client: {@link #kind()} (registration or login), the refs issued, the device
 * it logged in as, every stanza both ways ({@link #stanzas()}), and test controls that make the
 * server misbehave on purpose ({@link #sendStreamError}, {@link #sendConflict}, {@link #drop},
 * {@link #ignorePings}, {@link #delayPongs}).
 */
public final class SimulatedConnection {
  private static final Logger log = LoggerFactory.getLogger(SimulatedConnection.class);

  /** What the client presented in its ClientPayload. */
  public enum Kind {
    /** Not known yet, a payload that is neither, or a simulator without server behaviour. */
    UNKNOWN,
    /** A new companion (registration payload): gets pair-device refs. */
    REGISTRATION,
    /** A paired companion (login payload) that got {@code success}. */
    LOGIN,
    /** A login that got {@code failure}. */
    REFUSED
  }

  /** The most stanzas kept per connection; older ones are dropped first. */
  private static final int MAX_RECORDED = 10_000;

  private enum Phase {
    CLIENT_HELLO,
    CLIENT_FINISH,
    OPEN,
    CLOSED
  }

  private final WaSimulator simulator;
  private final Session session;
  private final InetSocketAddress remoteAddress;
  private final Map<String, List<String>> requestHeaders;
  private final NoiseResponder noise;
  private final NoiseResponder.IntroDecoder intro = new NoiseResponder.IntroDecoder();
  private final FrameCodec.Decoder decoder = new FrameCodec.Decoder();
  private final NodeCodec codec = NodeCodec.standard();
  private final BlockingQueue<BinaryNode> nodes;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object writeLock = new Object();

  private volatile Phase phase = Phase.CLIENT_HELLO;
  private volatile NoiseCipher cipher;
  private volatile byte[] clientStaticKey;
  private volatile byte[] clientPayload;
  private volatile byte[] routingInfo;
  private boolean introDone;
  private volatile int closeCode = -1;
  private volatile Throwable failure;

  private final Deque<RecordedStanza> recorded = new ArrayDeque<>();
  private final Map<String, CompletableFuture<BinaryNode>> pendingIqs = new ConcurrentHashMap<>();
  private volatile Kind kind = Kind.UNKNOWN;
  private volatile PresentedPayload presented;
  private volatile List<String> refs = List.of();
  private volatile Instant refsIssuedAt;
  private volatile boolean pairDeviceAcked;
  private volatile boolean pairingStarted;
  private volatile String loginJid;
  private volatile String claimedJid;
  private volatile CodeRequest codeRequest;
  private volatile Boolean ignorePings;
  private volatile Duration pongDelay;
  private volatile boolean active;

  SimulatedConnection(
      WaSimulator simulator,
      Session session,
      InetSocketAddress remoteAddress,
      Map<String, List<String>> requestHeaders,
      NoiseResponder noise,
      int queueCapacity) {
    this.simulator = simulator;
    this.session = session;
    this.remoteAddress = remoteAddress;
    this.requestHeaders = requestHeaders;
    this.noise = noise;
    this.nodes = new LinkedBlockingQueue<>(queueCapacity); // bounded, allocated per node
  }

  /** The client's address as this server saw it (through any egress in between). */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** The HTTP upgrade request's headers (names as sent). */
  public Map<String, List<String>> requestHeaders() {
    return requestHeaders;
  }

  /** The client's static Noise public key (32 bytes), decrypted from ClientFinish. */
  public byte[] clientStaticKey() {
    byte[] key = clientStaticKey;
    return key == null ? null : key.clone();
  }

  /** The serialized ClientPayload protobuf, decrypted from ClientFinish. */
  public byte[] clientPayload() {
    byte[] payload = clientPayload;
    return payload == null ? null : payload.clone();
  }

  /** The routing info the client sent in its ED header, or null when it sent none. */
  public byte[] routingInfo() {
    byte[] info = routingInfo;
    return info == null ? null : info.clone();
  }

  /** Free-form per-connection state for {@link NodeHandler}s (e.g. a pairing step). */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** The simulator this connection belongs to. */
  public WaSimulator simulator() {
    return simulator;
  }

  /**
   * The next node the client sent that no handler took, waiting up to {@code timeout}. With server
   * behaviour these are the nodes the server does not answer itself ({@code message}, {@code
   * receipt}, {@code presence}, {@code ib}, ...), and the oldest are dropped when the queue is
   * full; in raw mode every node lands here and a full queue closes the connection.
   *
   * @return the node, or null when none arrived in time
   */
  public BinaryNode takeNode(Duration timeout) throws InterruptedException {
    return nodes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Encodes (flag 0x00), encrypts and sends one node. */
  public void send(BinaryNode node) {
    byte[] plain = codec.encode(node);
    synchronized (writeLock) {
      if (phase != Phase.OPEN) {
        throw new ValidationException("the connection is " + phase + ", not OPEN");
      }
      // recorded first, so a test that saw the client receive it also finds it in sent()
      record(RecordedStanza.Direction.TO_CLIENT, node);
      sendEncrypted(plain);
    }
  }

  /** Encodes with zlib (flag 0x02), encrypts and sends one node. */
  public void sendCompressed(BinaryNode node) {
    byte[] plain = codec.encodeCompressed(node);
    synchronized (writeLock) {
      if (phase != Phase.OPEN) {
        throw new ValidationException("the connection is " + phase + ", not OPEN");
      }
      // recorded first, so a test that saw the client receive it also finds it in sent()
      record(RecordedStanza.Direction.TO_CLIENT, node);
      sendEncrypted(plain);
    }
  }

  /**
   * Sends an iq (or any node with an {@code id}) and completes with the client's {@code iq} of type
   * result or error carrying the same id. The future fails when the connection closes first.
   */
  public CompletableFuture<BinaryNode> sendIq(BinaryNode iq) {
    String id = iq.attr("id");
    if (id == null || id.isEmpty()) {
      throw new ValidationException("an iq needs an id");
    }
    CompletableFuture<BinaryNode> reply = new CompletableFuture<>();
    pendingIqs.put(id, reply);
    if (!isOpen()) {
      pendingIqs.remove(id);
      reply.completeExceptionally(new IllegalStateException("connection closed"));
      return reply;
    }
    send(iq);
    return reply;
  }

  // ---- server view (with server behaviour) ----

  /** Registration or login, once the simulator read the ClientPayload. */
  public Kind kind() {
    return kind;
  }

  /** The device JID this connection logged in as (after {@code success}), or null. */
  public String loginJid() {
    return loginJid;
  }

  /**
   * The device JID the login payload named ({@code username:device@s.whatsapp.net}), whether the
   * server answered {@code success} or {@code failure} (see {@link #kind()}); null for others.
   */
  public String claimedJid() {
    return claimedJid;
  }

  /** The refs the server sent in pair-device (registration connections), in order. */
  public List<String> refs() {
    return refs;
  }

  /** Whether the client acknowledged the pair-device iq. */
  public boolean pairDeviceAcked() {
    return pairDeviceAcked;
  }

  /** Whether a phone has sent pair-success on this connection (its refs are used up). */
  public boolean pairingStarted() {
    return pairingStarted;
  }

  /** Whether the client switched itself to active with the passive iq. */
  public boolean active() {
    return active;
  }

  /** Every stanza that crossed this connection so far, in order (at most the last 10,000). */
  public List<RecordedStanza> stanzas() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** The nodes the client sent, in order. */
  public List<BinaryNode> received() {
    return nodes(RecordedStanza.Direction.FROM_CLIENT);
  }

  /** The nodes the simulator sent, in order. */
  public List<BinaryNode> sent() {
    return nodes(RecordedStanza.Direction.TO_CLIENT);
  }

  /**
   * The first node the client sent (already, or within {@code timeout}) that matches {@code match};
   * handled and queued nodes alike.
   *
   * @return the node, or null when none matched in time
   */
  public BinaryNode awaitReceived(Predicate<BinaryNode> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (recorded) {
      while (true) {
        for (RecordedStanza r : recorded) {
          if (r.direction() == RecordedStanza.Direction.FROM_CLIENT && match.test(r.node())) {
            return r.node();
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        recorded.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Sends {@code <stream:error code="N"/>} (e.g. 515 restart, 503 server restart) and closes. */
  public void sendStreamError(int code) {
    sendAndClose(ServerStanzas.streamError(code));
  }

  /** Sends {@code <stream:error><conflict type="replaced"/></stream:error>} and closes. */
  public void sendConflict() {
    sendAndClose(ServerStanzas.replaced());
  }

  /**
   * Sends {@code <stream:error code="401"><conflict type="device_removed"/></stream:error>} and
   * closes (without unlinking; {@link SimulatedPhone#unlink} does both).
   */
  public void sendDeviceRemoved() {
    sendAndClose(ServerStanzas.deviceRemoved());
  }

  /** Sends {@code <xmlstreamend/>} (the single-token end of stream) and closes. */
  public void sendStreamEnd() {
    sendAndClose(BinaryNode.of("xmlstreamend"));
  }

  /** Sends {@code node} then closes the WebSocket (code 1000), as the server does after errors. */
  public void sendAndClose(BinaryNode node) {
    if (isOpen()) {
      send(node);
    }
    close();
  }

  /** Drops the TCP connection without a WebSocket close frame. */
  public void drop() {
    phase = Phase.CLOSED;
    session.disconnect();
  }

  /** Makes the server ignore (true) or answer (false) this client's keepalive pings. */
  public SimulatedConnection ignorePings(boolean ignore) {
    this.ignorePings = ignore;
    return this;
  }

  /** Delays the server's answers to this client's pings by {@code delay} (zero: none). */
  public SimulatedConnection delayPongs(Duration delay) {
    this.pongDelay = delay;
    return this;
  }

  /** Encrypts any plaintext as one transport frame, e.g. bytes that are not a valid node. */
  public void sendEncrypted(byte[] plaintext) {
    synchronized (writeLock) {
      if (phase != Phase.OPEN) {
        throw new ValidationException("the connection is " + phase + ", not OPEN");
      }
      sendBytes(FrameCodec.frame(cipher.encrypt(plaintext)));
    }
  }

  /**
   * Encodes and encrypts one node into a length-prefixed frame without sending it (it takes the
   * next write counter), for tests that cut or pack frames themselves with {@link #sendRaw}.
   */
  public byte[] encryptedFrame(BinaryNode node) {
    byte[] plain = codec.encode(node);
    synchronized (writeLock) {
      if (phase != Phase.OPEN) {
        throw new ValidationException("the connection is " + phase + ", not OPEN");
      }
      return FrameCodec.frame(cipher.encrypt(plain));
    }
  }

  /** Sends raw bytes as one WebSocket message, bypassing framing and encryption. */
  public void sendRaw(byte[] message) {
    synchronized (writeLock) {
      sendBytes(message.clone());
    }
  }

  /** Closes the WebSocket with code 1000. */
  public void close() {
    close(StatusCode.NORMAL, "closed by the simulator");
  }

  /** Whether the WebSocket is still open. */
  public boolean isOpen() {
    return phase != Phase.CLOSED && session.isOpen();
  }

  /** Waits until the WebSocket has closed; true when it has. */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The WebSocket close code once closed (-1 before). */
  public int closeCode() {
    return closeCode;
  }

  /** What broke this connection on the server side (malformed input, a handler), or null. */
  public Throwable failure() {
    return failure;
  }

  @Override
  public String toString() {
    return "SimulatedConnection[" + remoteAddress + ", " + phase + "]";
  }

  // ---- driven by the Jetty endpoint, one message at a time ----

  void onBinary(byte[] data) {
    if (phase == Phase.CLOSED) {
      return;
    }
    try {
      byte[] rest = data;
      if (!introDone) {
        NoiseResponder.Intro complete = intro.feed(data);
        if (complete == null) {
          return;
        }
        introDone = true;
        routingInfo = complete.routingInfo();
        rest = complete.rest();
      }
      for (byte[] frame : decoder.feed(rest)) {
        if (phase == Phase.CLOSED) {
          return;
        }
        onFrame(frame);
      }
    } catch (WireException e) {
      fail(e, StatusCode.PROTOCOL);
    } catch (RuntimeException e) {
      fail(e, StatusCode.PROTOCOL);
    }
  }

  void onClose(int code) {
    if (closed.getCount() == 0) {
      return;
    }
    closeCode = code;
    phase = Phase.CLOSED;
    closed.countDown();
    for (CompletableFuture<BinaryNode> pending : pendingIqs.values()) {
      pending.completeExceptionally(new IllegalStateException("connection closed"));
    }
    pendingIqs.clear();
    CodeRequest request = codeRequest;
    if (request != null) {
      request.finish.completeExceptionally(new IllegalStateException("connection closed"));
    }
    simulator.connectionClosed(this);
  }

  // ---- state set by the server behaviour ----

  PresentedPayload presented() {
    return presented;
  }

  void presented(PresentedPayload payload, Kind newKind) {
    this.presented = payload;
    this.kind = newKind;
  }

  void refused() {
    this.kind = Kind.REFUSED;
  }

  void refsIssued(List<String> issued, Instant at) {
    this.refs = List.copyOf(issued);
    this.refsIssuedAt = at;
  }

  Instant refsIssuedAt() {
    return refsIssuedAt;
  }

  void pairDeviceAcked(boolean acked) {
    this.pairDeviceAcked = acked;
  }

  void pairingStarted(boolean started) {
    this.pairingStarted = started;
  }

  void claimed(String jid) {
    this.claimedJid = jid;
  }

  void loggedIn(String jid) {
    this.loginJid = jid;
    this.kind = Kind.LOGIN;
  }

  CodeRequest codeRequest() {
    return codeRequest;
  }

  void codeRequest(CodeRequest request) {
    this.codeRequest = request;
  }

  Boolean ignorePingsSetting() {
    return ignorePings;
  }

  Duration pongDelaySetting() {
    return pongDelay;
  }

  void active(boolean isActive) {
    this.active = isActive;
  }

  /** Completes a pending {@link #sendIq}; false when nothing waited for this id. */
  boolean completeIq(BinaryNode reply) {
    String id = reply.attr("id");
    CompletableFuture<BinaryNode> pending = id == null ? null : pendingIqs.remove(id);
    if (pending == null) {
      return false;
    }
    pending.complete(reply);
    return true;
  }

  /** Sends one node, then runs {@code after} once the frame has been written (or failed). */
  void sendThen(BinaryNode node, Runnable after) {
    byte[] plain = codec.encode(node);
    synchronized (writeLock) {
      if (phase != Phase.OPEN) {
        throw new ValidationException("the connection is " + phase + ", not OPEN");
      }
      byte[] frame = FrameCodec.frame(cipher.encrypt(plain));
      record(RecordedStanza.Direction.TO_CLIENT, node);
      session.sendBinary(ByteBuffer.wrap(frame), Callback.from(after, error -> after.run()));
    }
  }

  private void record(RecordedStanza.Direction direction, BinaryNode node) {
    synchronized (recorded) {
      if (recorded.size() == MAX_RECORDED) {
        recorded.removeFirst();
      }
      recorded.addLast(new RecordedStanza(direction, node, simulator.now()));
      recorded.notifyAll();
    }
  }

  private List<BinaryNode> nodes(RecordedStanza.Direction direction) {
    List<BinaryNode> out = new ArrayList<>();
    for (RecordedStanza r : stanzas()) {
      if (r.direction() == direction) {
        out.add(r.node());
      }
    }
    return out;
  }

  private void onFrame(byte[] frame) throws WireException {
    switch (phase) {
      case CLIENT_HELLO -> {
        noise.readClientHello(frame);
        sendBytes(FrameCodec.frame(noise.writeServerHello()));
        phase = Phase.CLIENT_FINISH;
      }
      case CLIENT_FINISH -> {
        NoiseResponder.ClientFinish finished = noise.readClientFinish(frame);
        clientStaticKey = finished.clientStaticKey();
        clientPayload = finished.clientPayload();
        synchronized (writeLock) {
          cipher = noise.finish();
          phase = Phase.OPEN;
        }
        try {
          simulator.handshaken(this);
        } catch (RuntimeException e) {
          fail(e, StatusCode.SERVER_ERROR); // an onHandshake hook failed
        }
      }
      case OPEN -> onNode(codec.decode(cipher.decrypt(frame)));
      case CLOSED -> {}
    }
  }

  private void onNode(BinaryNode node) {
    record(RecordedStanza.Direction.FROM_CLIENT, node);
    NodeHandler handler = simulator.handler(node.tag());
    if (handler != null) {
      try {
        handler.handle(this, node);
      } catch (Exception e) {
        fail(e, StatusCode.SERVER_ERROR);
      }
      return;
    }
    if (simulator.serves()) {
      try {
        if (simulator.serve(this, node)) {
          return;
        }
      } catch (RuntimeException e) {
        fail(e, StatusCode.SERVER_ERROR);
        return;
      }
      while (!nodes.offer(node)) {
        nodes.poll();
      }
      return;
    }
    if (!nodes.offer(node)) {
      fail(
          new IllegalStateException("node queue full: nobody takes the nodes"),
          StatusCode.POLICY_VIOLATION);
    }
  }

  private void fail(Throwable e, int code) {
    failure = e;
    log.info("simulator closes a connection: {}", e.getMessage());
    close(code, e.getClass().getSimpleName());
  }

  void close(int code, String reason) {
    phase = Phase.CLOSED;
    session.close(code, reason, Callback.NOOP);
  }

  private void sendBytes(byte[] bytes) {
    session.sendBinary(
        ByteBuffer.wrap(bytes),
        Callback.from(() -> {}, error -> log.debug("send failed: {}", error.toString())));
  }
}
