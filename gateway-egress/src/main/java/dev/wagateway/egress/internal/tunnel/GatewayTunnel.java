package dev.wagateway.egress.internal.tunnel;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.agent.internal.tunnel.CloseCodes;
import dev.wagateway.egress.agent.internal.tunnel.Frame;
import dev.wagateway.egress.agent.internal.tunnel.Json;
import dev.wagateway.egress.agent.internal.tunnel.NodeKeys;
import dev.wagateway.egress.agent.internal.tunnel.ResetCode;
import dev.wagateway.egress.agent.internal.tunnel.StreamMux;
import dev.wagateway.egress.agent.internal.tunnel.StreamMux.TunnelStream;
import dev.wagateway.egress.agent.internal.tunnel.TunnelProtocolException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of one agent WebSocket (docs/egress-tunnel.md): challenge and {@code HELLO}
 * check, {@code WELCOME}, heartbeats, and streams opened at the gateway's request. Transport
 * agnostic: bytes come in through {@link #onBinary} and go out through a sink.
 */
public final class GatewayTunnel {
  private static final Logger log = LoggerFactory.getLogger(GatewayTunnel.class);

  /** The knobs of a gateway tunnel. */
  public static final class Settings {
    public final StreamMux.Limits limits;
    public final int heartbeatSeconds;
    public final long handshakeTimeoutMillis;
    public final long writeTimeoutMillis;

    public Settings(
        StreamMux.Limits limits,
        int heartbeatSeconds,
        long handshakeTimeoutMillis,
        long writeTimeoutMillis) {
      this.limits = limits;
      this.heartbeatSeconds = heartbeatSeconds;
      this.handshakeTimeoutMillis = handshakeTimeoutMillis;
      this.writeTimeoutMillis = writeTimeoutMillis;
    }
  }

  private enum State {
    AWAIT_HELLO,
    OPEN,
    CLOSED
  }

  /** The transport: queue a binary message, close with a code. */
  public interface Transport {
    boolean send(byte[] message);

    void close(int code, String reason);
  }

  private final Transport transport;
  private final String remoteIp;
  private final TunnelHost host;
  private final Settings settings;
  private final ScheduledExecutorService timers;
  private final byte[] nonce = new byte[NodeKeys.NONCE_BYTES];
  private final StreamMux mux;
  private final Map<Long, CompletableFuture<Frame>> pendingOpens = new ConcurrentHashMap<>();
  private final SecureRandom random;

  private volatile State state = State.AWAIT_HELLO;
  private volatile long lastReceivedNanos = System.nanoTime();
  private volatile long lastSentNanos = System.nanoTime();
  private volatile String nodeId;
  private volatile String orgId;
  private volatile String deviceKey;
  private volatile String endReason;
  private ScheduledFuture<?> handshakeTimer;

  public GatewayTunnel(
      Transport transport,
      String remoteIp,
      TunnelHost host,
      Settings settings,
      ScheduledExecutorService timers,
      SecureRandom random) {
    this.transport = transport;
    this.remoteIp = remoteIp;
    this.host = host;
    this.settings = settings;
    this.timers = timers;
    this.random = random;
    this.mux = new StreamMux(this::send, settings.limits, settings.writeTimeoutMillis);
  }

  private boolean send(byte[] frame) {
    lastSentNanos = System.nanoTime();
    return transport.send(frame);
  }

  /** Sends {@code CHALLENGE} and arms the handshake deadline. */
  public void start() {
    random.nextBytes(nonce);
    send(
        Frame.json(
            Frame.CHALLENGE,
            0,
            new Json.Obj().put("versions", List.of(1L)).put("nonce", NodeKeys.b64(nonce))));
    handshakeTimer =
        timers.schedule(
            () -> {
              if (state == State.AWAIT_HELLO) {
                goAway("handshake_timeout", "no HELLO in time", CloseCodes.HANDSHAKE_TIMEOUT);
              }
            },
            settings.handshakeTimeoutMillis,
            TimeUnit.MILLISECONDS);
  }

  public String nodeId() {
    return nodeId;
  }

  public String orgId() {
    return orgId;
  }

  /** The device key this tunnel authenticated with. */
  public String deviceKey() {
    return deviceKey;
  }

  public String remoteIp() {
    return remoteIp;
  }

  public boolean isOpen() {
    return state == State.OPEN;
  }

  public long lastReceivedNanos() {
    return lastReceivedNanos;
  }

  public StreamMux mux() {
    return mux;
  }

  /** A binary WebSocket message from the agent. */
  public void onBinary(byte[] message) {
    if (state == State.CLOSED) {
      return;
    }
    lastReceivedNanos = System.nanoTime();
    try {
      Frame f = Frame.decode(message);
      if (state == State.AWAIT_HELLO) {
        handshake(f);
      } else {
        dispatch(f);
      }
    } catch (TunnelProtocolException e) {
      log.debug("egress node {} protocol error: {}", nodeId, e.getMessage());
      goAway("protocol_error", e.getMessage(), CloseCodes.PROTOCOL_ERROR);
    } catch (RuntimeException e) {
      log.warn("egress node {} tunnel failed", nodeId, e);
      goAway("protocol_error", "internal error", CloseCodes.PROTOCOL_ERROR);
    }
  }

  public void onText() {
    goAway("protocol_error", "text message", CloseCodes.PROTOCOL_ERROR);
  }

  /** The WebSocket closed under us. */
  public void onClosed(int code, String reason) {
    end(
        "websocket closed ("
            + code
            + (reason == null || reason.isEmpty() ? "" : " " + reason)
            + ")");
  }

  private void handshake(Frame f) throws TunnelProtocolException {
    if (f.type() == Frame.GOAWAY) {
      transport.close(CloseCodes.NORMAL, "goaway");
      end("agent went away before WELCOME");
      return;
    }
    if (f.type() != Frame.HELLO || f.streamId() != 0) {
      throw new TunnelProtocolException(Frame.typeName(f.type()) + " before WELCOME");
    }
    Json.Obj hello = f.jsonPayload();
    TunnelHost.Identity id;
    try {
      id = host.authenticate(hello, nonce);
    } catch (TunnelHost.Refused r) {
      goAway(r.error, r.getMessage(), CloseCodes.forError(r.error));
      return;
    }
    synchronized (this) {
      if (state != State.AWAIT_HELLO) {
        return;
      }
      nodeId = id.nodeId;
      orgId = id.orgId;
      deviceKey = id.deviceKey;
      send(
          Frame.json(
              Frame.WELCOME,
              0,
              new Json.Obj()
                  .put("v", 1L)
                  .put("nodeId", id.nodeId)
                  .put("orgId", id.orgId)
                  .put("observedIp", remoteIp)
                  .put("heartbeatSeconds", (long) settings.heartbeatSeconds)
                  .put("maxFrame", (long) settings.limits.maxFrame)
                  .put("maxStreams", (long) settings.limits.maxStreams)
                  .put("initialStreamWindow", (long) settings.limits.streamWindow)
                  .put("initialConnectionWindow", (long) settings.limits.connectionWindow)));
      state = State.OPEN;
      if (handshakeTimer != null) {
        handshakeTimer.cancel(false);
      }
    }
    host.online(this);
  }

  private void dispatch(Frame f) throws TunnelProtocolException {
    switch (f.type()) {
      case Frame.PING:
        if (f.streamId() != 0 || f.payloadLength() != 8) {
          throw new TunnelProtocolException("PING must carry 8 bytes on stream 0");
        }
        send(Frame.encode(Frame.PONG, 0, f.payload()));
        break;
      case Frame.PONG:
        break;
      case Frame.REPORT:
        host.report(this, f.jsonPayload());
        break;
      case Frame.GOAWAY:
        String error = "none";
        try {
          error = f.jsonPayload().string("error");
        } catch (TunnelProtocolException e) {
          log.debug("egress node {} sent a GOAWAY without an error field", nodeId);
        }
        transport.close(CloseCodes.NORMAL, "goaway");
        end("agent went away: " + error);
        break;
      case Frame.OPEN_OK:
      case Frame.OPEN_FAIL:
        CompletableFuture<Frame> pending = pendingOpens.remove(f.streamId());
        if (pending != null) {
          pending.complete(f);
        } else if (f.streamId() == 0 || f.streamId() > mux.highestId()) {
          throw new TunnelProtocolException(
              Frame.typeName(f.type()) + " for stream " + f.streamId() + " never opened");
        }
        break;
      case Frame.DATA:
      case Frame.WINDOW_UPDATE:
      case Frame.CLOSE:
      case Frame.RESET:
        mux.onFrame(f);
        break;
      default:
        if (f.streamId() == 0) {
          throw new TunnelProtocolException("unexpected " + Frame.typeName(f.type()));
        }
        mux.resetId(f.streamId(), ResetCode.PROTOCOL_ERROR, "unexpected frame type");
    }
  }

  /** Heartbeat check, called periodically: PING when idle, close when the agent went silent. */
  public void tick() {
    if (state != State.OPEN) {
      return;
    }
    long now = System.nanoTime();
    long beat = TimeUnit.SECONDS.toNanos(settings.heartbeatSeconds);
    if (now - lastReceivedNanos > 3 * beat) {
      goAway(
          "heartbeat_timeout",
          "no frame for " + 3 * settings.heartbeatSeconds + " s",
          CloseCodes.HEARTBEAT_TIMEOUT);
    } else if (now - lastSentNanos >= beat) {
      byte[] ping = new byte[8];
      random.nextBytes(ping);
      send(Frame.encode(Frame.PING, 0, ping));
    }
  }

  /**
   * Opens a stream to {@code host:port} through the agent and returns it as a socket
   * (docs/egress-tunnel.md §11).
   */
  public Socket open(String targetHost, int port, long timeoutMillis) throws IOException {
    if (state != State.OPEN) {
      throw new EgressUnavailableIOException("egress node " + nodeId + " is offline");
    }
    TunnelStream stream;
    try {
      stream = mux.openNext();
    } catch (IOException e) {
      throw new EgressUnavailableIOException(
          "egress node " + nodeId + " can't open a stream: " + e.getMessage(), e);
    }
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    pendingOpens.put(stream.id(), answer);
    if (state != State.OPEN) {
      pendingOpens.remove(stream.id());
      stream.abandon();
      throw new EgressUnavailableIOException("egress node " + nodeId + " is offline");
    }
    send(
        Frame.json(
            Frame.OPEN,
            stream.id(),
            new Json.Obj()
                .put("host", targetHost)
                .put("port", (long) port)
                .put("timeoutMs", timeoutMillis)));
    Frame reply;
    try {
      reply = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pendingOpens.remove(stream.id());
      stream.reset(ResetCode.CANCEL, "open timed out");
      throw new EgressUnavailableIOException(
          "egress node "
              + nodeId
              + " did not open "
              + targetHost
              + ":"
              + port
              + " within "
              + timeoutMillis
              + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pendingOpens.remove(stream.id());
      stream.reset(ResetCode.CANCEL, "interrupted");
      throw new InterruptedIOException("interrupted while opening a tunnel stream");
    } catch (ExecutionException e) {
      stream.abandon();
      throw new EgressUnavailableIOException(
          "egress node " + nodeId + " " + e.getCause().getMessage(), e.getCause());
    }
    if (reply.type() == Frame.OPEN_FAIL) {
      stream.abandon();
      String reason = "internal";
      String message = "";
      try {
        Json.Obj o = reply.jsonPayload();
        reason = o.string("reason");
        String m = o.optString("message");
        message = m == null ? "" : " (" + m + ")";
      } catch (TunnelProtocolException e) {
        message = " (malformed OPEN_FAIL)";
      }
      throw new EgressUnavailableIOException(
          "egress node "
              + nodeId
              + " could not reach "
              + targetHost
              + ":"
              + port
              + ": "
              + reason
              + message);
    }
    String remote = null;
    try {
      remote = reply.jsonPayload().optString("remoteIp");
    } catch (TunnelProtocolException e) {
      log.debug("egress node {} sent an OPEN_OK without a valid body", nodeId);
    }
    return new TunnelSocket(stream, targetHost, port, remote);
  }

  /** Sends {@code GOAWAY error}, resets open streams, closes the WebSocket and ends the tunnel. */
  public void goAway(String error, String message, int closeCode) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      send(
          Frame.json(
              Frame.GOAWAY,
              0,
              new Json.Obj().put("error", error).put("message", message == null ? "" : message)));
      mux.resetAll(ResetCode.SHUTDOWN, error);
    }
    transport.close(closeCode, error);
    end(error);
  }

  private void end(String reason) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      endReason = reason;
      if (handshakeTimer != null) {
        handshakeTimer.cancel(false);
      }
    }
    String message = "egress node " + nodeId + " tunnel closed: " + reason;
    mux.fail(message);
    IOException failure = new IOException("tunnel closed: " + reason);
    for (Map.Entry<Long, CompletableFuture<Frame>> e : pendingOpens.entrySet()) {
      e.getValue().completeExceptionally(failure);
    }
    pendingOpens.clear();
    host.closed(this, reason);
  }

  /** Why the tunnel ended, or null while it runs. */
  public String endReason() {
    return endReason;
  }
}
