package dev.wagateway.testkit;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.noise.FrameCodec;
import dev.wagateway.core.internal.noise.NoiseCipher;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeCodec;
import dev.wagateway.core.wire.WireException;
import dev.wagateway.testkit.internal.NoiseResponder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 */
public final class SimulatedConnection {
  private static final Logger log = LoggerFactory.getLogger(SimulatedConnection.class);

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
    this.nodes = new ArrayBlockingQueue<>(queueCapacity);
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
   * The next node the client sent that no handler took, waiting up to {@code timeout}.
   *
   * @return the node, or null when none arrived in time
   */
  public BinaryNode takeNode(Duration timeout) throws InterruptedException {
    return nodes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Encodes (flag 0x00), encrypts and sends one node. */
  public void send(BinaryNode node) {
    sendEncrypted(codec.encode(node));
  }

  /** Encodes with zlib (flag 0x02), encrypts and sends one node. */
  public void sendCompressed(BinaryNode node) {
    sendEncrypted(codec.encodeCompressed(node));
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
        simulator.handshaken(this);
      }
      case OPEN -> onNode(codec.decode(cipher.decrypt(frame)));
      case CLOSED -> {}
    }
  }

  private void onNode(BinaryNode node) {
    NodeHandler handler = simulator.handler(node.tag());
    if (handler != null) {
      try {
        handler.handle(this, node);
      } catch (Exception e) {
        fail(e, StatusCode.SERVER_ERROR);
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

  private void close(int code, String reason) {
    phase = Phase.CLOSED;
    session.close(code, reason, Callback.NOOP);
  }

  private void sendBytes(byte[] bytes) {
    session.sendBinary(
        ByteBuffer.wrap(bytes),
        Callback.from(() -> {}, error -> log.debug("send failed: {}", error.toString())));
  }
}
