package dev.wagateway.core.internal.socket;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.noise.FrameCodec;
import dev.wagateway.core.internal.noise.NoiseCipher;
import dev.wagateway.core.internal.noise.NoiseHandshake;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.CloseReason.Kind;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.MalformedNodeException;
import dev.wagateway.core.wire.NodeCodec;
import dev.wagateway.core.wire.WireException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link WaConnection}: an OkHttp WebSocket carrying the Noise handshake and then
 * encrypted binary nodes.
 *
 * <p>Threads: OkHttp calls the {@link WebSocketListener} methods one at a time on its reader
 * thread, so the frame decoder, the handshake and the read half of the cipher are only touched
 * there. {@link #send(BinaryNode)} may be called from any thread; encryption and the hand-over to
 * OkHttp happen under one lock so that the write counter order is the wire order. Listener
 * callbacks go to a per-connection serial executor.
 */
final class NoiseWebSocket extends WebSocketListener {
  private static final Logger log = LoggerFactory.getLogger(NoiseWebSocket.class);

  private static final int NORMAL_CLOSURE = 1000;
  private static final int PROTOCOL_ERROR = 1002;

  private final ConnectionConfig config;
  private final byte[] clientPayload;
  private final byte[] routingInfo;
  private final WaConnection.Listener listener;
  private final NoiseHandshake handshake;
  private final FrameCodec.Decoder decoder = new FrameCodec.Decoder();
  private final NodeCodec codec = NodeCodec.standard();
  private final Executor callbacks;
  private final AtomicInteger pendingCallbacks = new AtomicInteger();
  private final CountDownLatch settled = new CountDownLatch(1);
  private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
  private final Object writeLock = new Object();

  private volatile WaConnection.State state = WaConnection.State.CONNECTING;
  private volatile WebSocket webSocket;
  private volatile ScheduledFuture<?> handshakeTimer;
  private NoiseCipher cipher; // guarded by writeLock for encrypt; reader thread for decrypt

  public NoiseWebSocket(
      ConnectionConfig config,
      KeyPair noiseKey,
      byte[] clientPayload,
      byte[] routingInfo,
      WaConnection.Listener listener) {
    this.config = config;
    this.clientPayload = clientPayload;
    this.routingInfo = routingInfo;
    this.listener = listener;
    this.callbacks = config.callbackExecutor().orElseGet(Threads::serial);
    KeyPair ephemeral = Curve.generateKeyPair(config.random());
    this.handshake =
        new NoiseHandshake(noiseKey, ephemeral, config.trustedRootPublicKey(), config.clock());
  }

  /** Opens the WebSocket through the egress and arms the handshake timeout. */
  public void start() {
    Request.Builder request = new Request.Builder().url(config.endpoint().toString());
    config.headers().forEach(request::header);
    OkHttpClient client;
    try {
      client = WebSocketClients.forConfig(config);
    } catch (RuntimeException e) {
      finish(new CloseReason(Kind.IO_ERROR, "client_setup", e.getMessage()), false);
      return;
    }
    handshakeTimer =
        Threads.timers()
            .schedule(
                () ->
                    finish(
                        new CloseReason(
                            Kind.TIMEOUT,
                            "handshake_timeout",
                            "handshake did not finish within " + config.handshakeTimeout()),
                        true),
                config.handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    WebSocket ws = client.newWebSocket(request.build(), this);
    webSocket = ws;
    if (state == WaConnection.State.CLOSED) {
      ws.cancel(); // ended (timeout) before the socket existed
    }
  }

  public boolean awaitOpen(Duration timeout) throws InterruptedException {
    settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return state == WaConnection.State.OPEN;
  }

  public WaConnection.State state() {
    return state;
  }

  public CloseReason closeReason() {
    return closeReason.get();
  }

  public boolean send(BinaryNode node) {
    if (state == WaConnection.State.CONNECTING) {
      throw new ValidationException("the connection is not open yet: wait for onOpen");
    }
    byte[] plain = codec.encode(node);
    synchronized (writeLock) {
      if (state != WaConnection.State.OPEN) {
        return false;
      }
      byte[] frame = FrameCodec.frame(cipher.encrypt(plain));
      return webSocket.send(ByteString.of(frame));
    }
  }

  public void close() {
    finish(new CloseReason(Kind.CLOSED_LOCALLY, "", "closed by the client"), true);
  }

  // ---- OkHttp callbacks (reader thread) ----

  @Override
  public void onOpen(WebSocket ws, Response response) {
    if (state == WaConnection.State.CLOSED) {
      ws.cancel();
      return;
    }
    try {
      ws.send(ByteString.of(FrameCodec.introFrame(routingInfo, handshake.clientHello())));
    } catch (RuntimeException e) {
      fail(Kind.HANDSHAKE_FAILED, "client_hello", e);
    }
  }

  @Override
  public void onMessage(WebSocket ws, ByteString bytes) {
    if (state == WaConnection.State.CLOSED) {
      return;
    }
    List<byte[]> frames;
    try {
      frames = decoder.feed(bytes.toByteArray());
    } catch (WireException e) {
      fail(Kind.MALFORMED_FRAME, e.code(), e);
      return;
    } catch (RuntimeException e) {
      fail(Kind.MALFORMED_FRAME, "frame", e);
      return;
    }
    for (byte[] frame : frames) {
      if (state == WaConnection.State.CLOSED) {
        return;
      }
      if (state == WaConnection.State.CONNECTING) {
        onServerHello(ws, frame);
      } else {
        onTransportFrame(frame);
      }
    }
  }

  @Override
  public void onMessage(WebSocket ws, String text) {
    log.debug("ignoring a text message of {} chars", text.length());
  }

  @Override
  public void onClosing(WebSocket ws, int code, String reason) {
    ws.close(NORMAL_CLOSURE, null);
    finish(new CloseReason(Kind.REMOTE_CLOSED, Integer.toString(code), reason), false);
  }

  @Override
  public void onClosed(WebSocket ws, int code, String reason) {
    finish(new CloseReason(Kind.REMOTE_CLOSED, Integer.toString(code), reason), false);
  }

  @Override
  public void onFailure(WebSocket ws, Throwable t, Response response) {
    if (response != null && state == WaConnection.State.CONNECTING && response.code() != 101) {
      finish(
          new CloseReason(
              Kind.IO_ERROR,
              "http_" + response.code(),
              "WebSocket upgrade refused with HTTP " + response.code()),
          false);
      return;
    }
    finish(classify(t), false);
  }

  // ---- frames ----

  private void onServerHello(WebSocket ws, byte[] frame) {
    byte[] clientFinish;
    try {
      clientFinish = handshake.readServerHelloAndWriteFinish(frame, clientPayload);
    } catch (WireException e) {
      fail(Kind.HANDSHAKE_FAILED, e.code(), e);
      return;
    } catch (GatewayException e) {
      fail(Kind.HANDSHAKE_FAILED, e.code(), e);
      return;
    } catch (RuntimeException e) {
      fail(Kind.HANDSHAKE_FAILED, "server_hello", e);
      return;
    }
    synchronized (writeLock) {
      if (state != WaConnection.State.CONNECTING) {
        return;
      }
      ws.send(ByteString.of(FrameCodec.frame(clientFinish)));
      cipher = handshake.finish();
      state = WaConnection.State.OPEN;
    }
    ScheduledFuture<?> timer = handshakeTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    settled.countDown();
    dispatch(listener::onOpen);
  }

  private void onTransportFrame(byte[] frame) {
    byte[] plain;
    try {
      plain = cipher.decrypt(frame);
    } catch (WireException e) {
      fail(Kind.MALFORMED_FRAME, e.code(), e);
      return;
    } catch (RuntimeException e) {
      fail(Kind.MALFORMED_FRAME, "decrypt", e);
      return;
    }
    BinaryNode node;
    try {
      node = codec.decode(plain);
    } catch (MalformedNodeException e) {
      fail(Kind.MALFORMED_NODE, e.reason().name().toLowerCase(Locale.ROOT), e);
      return;
    } catch (RuntimeException e) {
      fail(Kind.MALFORMED_NODE, "malformed_node", e);
      return;
    }
    dispatch(() -> listener.onNode(node));
  }

  // ---- ending ----

  private void fail(Kind kind, String detail, Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    finish(new CloseReason(kind, detail, message), true);
  }

  /**
   * Ends the connection once: records the reason, closes the WebSocket if asked, and queues {@code
   * onClosed} behind every earlier callback.
   */
  private void finish(CloseReason reason, boolean closeSocket) {
    if (!closeReason.compareAndSet(null, reason)) {
      return;
    }
    boolean wasOpen;
    synchronized (writeLock) {
      wasOpen = state == WaConnection.State.OPEN;
      state = WaConnection.State.CLOSED;
    }
    ScheduledFuture<?> timer = handshakeTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    settled.countDown();
    WebSocket ws = webSocket;
    if (closeSocket && ws != null) {
      int code = reason.kind() == Kind.CLOSED_LOCALLY ? NORMAL_CLOSURE : PROTOCOL_ERROR;
      if (!wasOpen || !ws.close(code, null)) {
        ws.cancel();
      }
    }
    if (reason.kind() != Kind.CLOSED_LOCALLY) {
      log.info("connection closed: {} {}", reason.kind().code(), reason.detail());
    }
    callbacks.execute(() -> listener.onClosed(reason));
  }

  private void dispatch(Runnable callback) {
    if (pendingCallbacks.incrementAndGet() > config.maxPendingCallbacks()) {
      pendingCallbacks.decrementAndGet();
      finish(
          new CloseReason(
              Kind.LISTENER_BACKLOG,
              "listener_backlog",
              "more than " + config.maxPendingCallbacks() + " callbacks waiting for the listener"),
          true);
      return;
    }
    callbacks.execute(
        () -> {
          pendingCallbacks.decrementAndGet();
          callback.run();
        });
  }

  static CloseReason classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Egress.EgressUnavailableIOException
          || c instanceof GatewayException.EgressUnavailableException) {
        return new CloseReason(
            Kind.EGRESS_UNAVAILABLE, Kind.EGRESS_UNAVAILABLE.code(), c.getMessage());
      }
    }
    if (t instanceof EOFException) {
      return new CloseReason(Kind.REMOTE_CLOSED, "eof", "the server closed the stream");
    }
    if (t instanceof SocketTimeoutException) {
      return new CloseReason(Kind.TIMEOUT, "socket_timeout", t.getMessage());
    }
    String detail = t instanceof IOException ? "io_error" : t.getClass().getSimpleName();
    return new CloseReason(
        Kind.IO_ERROR, detail, t.getMessage() == null ? t.getClass().getName() : t.getMessage());
  }
}
