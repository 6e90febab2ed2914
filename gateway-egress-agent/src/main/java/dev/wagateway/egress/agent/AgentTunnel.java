package dev.wagateway.egress.agent;

import dev.wagateway.egress.agent.internal.tunnel.CloseCodes;
import dev.wagateway.egress.agent.internal.tunnel.Frame;
import dev.wagateway.egress.agent.internal.tunnel.Json;
import dev.wagateway.egress.agent.internal.tunnel.NodeKeys;
import dev.wagateway.egress.agent.internal.tunnel.ResetCode;
import dev.wagateway.egress.agent.internal.tunnel.StreamMux;
import dev.wagateway.egress.agent.internal.tunnel.StreamMux.TunnelStream;
import dev.wagateway.egress.agent.internal.tunnel.TunnelProtocolException;
import dev.wagateway.egress.agent.internal.ws.ClientWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of the agent: dial and upgrade, handshake, streams to destinations,
 * heartbeats. Runs its reader on one worker thread ({@link #run}); frames go out on the thread that
 * sends them.
 */
final class AgentTunnel implements ClientWebSocket.Listener {
  private static final Logger log = LoggerFactory.getLogger(AgentTunnel.class);
  private static final int MAX_CONNECT_MILLIS = 30_000;

  private enum State {
    AWAIT_CHALLENGE,
    AWAIT_WELCOME,
    OPEN,
    CLOSED
  }

  private final EgressAgent agent;
  private volatile ClientWebSocket socket;
  private volatile State state = State.AWAIT_CHALLENGE;
  private volatile StreamMux mux;
  private volatile int heartbeatSeconds = 15;
  private volatile long lastReceivedNanos = System.nanoTime();
  private volatile long lastSentNanos = System.nanoTime();
  private volatile String goAwayError;
  private volatile boolean enrolling;
  private volatile ScheduledFuture<?> heartbeat;

  AgentTunnel(EgressAgent agent) {
    this.agent = agent;
  }

  /** Dials the gateway, upgrades, and reads until the tunnel ends (on a worker thread). */
  void run() {
    ClientWebSocket ws;
    try {
      ws =
          ClientWebSocket.connect(
              agent.client(),
              agent.enrolment().webSocketUrl(),
              agent.random(),
              "wagateway-agent/" + EgressAgent.VERSION,
              Frame.HEADER + Frame.MAX_JSON);
    } catch (IOException | RuntimeException e) {
      ended(-1, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return;
    }
    synchronized (this) {
      if (state == State.CLOSED) {
        ws.cancel();
        return;
      }
      socket = ws;
    }
    ws.run(this);
  }

  private boolean send(byte[] frame) {
    lastSentNanos = System.nanoTime();
    ClientWebSocket ws = socket;
    return ws != null && ws.send(frame);
  }

  @Override
  public void onBinary(byte[] message) {
    if (state == State.CLOSED) {
      return;
    }
    lastReceivedNanos = System.nanoTime();
    try {
      Frame f = Frame.decode(message);
      switch (state) {
        case AWAIT_CHALLENGE:
          challenge(f);
          break;
        case AWAIT_WELCOME:
          welcome(f);
          break;
        default:
          dispatch(f);
      }
    } catch (TunnelProtocolException e) {
      protocolError(e.getMessage());
    }
  }

  @Override
  public void onText(String text) {
    protocolError("text message");
  }

  private void protocolError(String message) {
    log.debug("egress tunnel protocol error: {}", message);
    send(
        Frame.json(
            Frame.GOAWAY,
            0,
            new Json.Obj().put("error", "protocol_error").put("message", message)));
    ClientWebSocket ws = socket;
    if (ws != null) {
      ws.close(CloseCodes.PROTOCOL_ERROR, "protocol_error");
    }
    ended(CloseCodes.PROTOCOL_ERROR, "protocol_error: " + message);
  }

  private void challenge(Frame f) throws TunnelProtocolException {
    if (f.type() != Frame.CHALLENGE || f.streamId() != 0) {
      throw new TunnelProtocolException(Frame.typeName(f.type()) + " before CHALLENGE");
    }
    Json.Obj c = f.jsonPayload();
    if (!c.integers("versions").contains(1L)) {
      send(
          Frame.json(
              Frame.GOAWAY,
              0,
              new Json.Obj()
                  .put("error", "unsupported_version")
                  .put("message", "agent speaks v1")));
      goAwayError = "unsupported_version";
      socket.close(CloseCodes.UNSUPPORTED_VERSION, "unsupported_version");
      ended(CloseCodes.UNSUPPORTED_VERSION, "unsupported_version");
      return;
    }
    byte[] nonce = NodeKeys.unb64(c.string("nonce"));
    if (nonce.length != NodeKeys.NONCE_BYTES) {
      throw new TunnelProtocolException("CHALLENGE nonce must be 32 bytes");
    }
    AgentIdentity id = agent.identity();
    Json.Obj hello = new Json.Obj().put("v", 1L);
    String nodeId = id.nodeId;
    if (nodeId == null) {
      enrolling = true;
      String token = agent.enrolment().token();
      hello
          .put("auth", "pairing")
          .put("token", token)
          .put("publicKey", NodeKeys.b64(id.keys.getPublic().getEncoded()))
          .put("signature", NodeKeys.sign(id.keys.getPrivate(), nonce, token));
    } else {
      hello
          .put("auth", "node")
          .put("nodeId", nodeId)
          .put("signature", NodeKeys.sign(id.keys.getPrivate(), nonce, nodeId));
    }
    hello.put("agent", agent.agentName());
    state = State.AWAIT_WELCOME;
    send(Frame.json(Frame.HELLO, 0, hello));
  }

  private void welcome(Frame f) throws TunnelProtocolException {
    if (f.type() == Frame.GOAWAY) {
      goAway(f);
      return;
    }
    if (f.type() != Frame.WELCOME || f.streamId() != 0) {
      throw new TunnelProtocolException(Frame.typeName(f.type()) + " before WELCOME");
    }
    Json.Obj w = f.jsonPayload();
    String nodeId = w.string("nodeId");
    long hb = w.integer("heartbeatSeconds");
    StreamMux.Limits limits =
        new StreamMux.Limits(
            (int) range(w.integer("maxFrame"), 1, 1 << 24, "maxFrame"),
            (int) range(w.integer("initialStreamWindow"), 1, StreamMux.MAX_WINDOW, "window"),
            (int) range(w.integer("initialConnectionWindow"), 1, StreamMux.MAX_WINDOW, "window"),
            (int)
                Math.min(
                    range(w.integer("maxStreams"), 1, 1 << 16, "maxStreams"), agent.maxStreams()));
    heartbeatSeconds = (int) range(hb, 1, 3600, "heartbeatSeconds");
    // The gateway sends DATA up to maxFrame and JSON up to MAX_JSON: nothing larger is accepted.
    socket.maxMessage(Frame.HEADER + Math.max(limits.maxFrame, Frame.MAX_JSON));
    mux =
        new StreamMux(
            new StreamMux.FrameSink() {
              @Override
              public boolean send(byte[] frame) {
                return AgentTunnel.this.send(frame);
              }

              @Override
              public boolean sendData(long id, byte[] b, int off, int len) {
                lastSentNanos = System.nanoTime();
                ClientWebSocket ws = socket;
                return ws != null && ws.send(Frame.header(Frame.DATA, id), b, off, len);
              }
            },
            limits,
            agent.writeTimeoutMillis());
    String observedIp = w.optString("observedIp");
    state = State.OPEN;
    long tick = Math.max(50, TimeUnit.SECONDS.toMillis(heartbeatSeconds) / 4);
    heartbeat = agent.timers().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    agent.welcomed(this, nodeId, enrolling);
    Json.Obj report =
        new Json.Obj()
            .put("networkType", agent.networkType())
            .put("metered", Boolean.FALSE)
            .put("exitIp", observedIp)
            .put("exitIpSource", "gateway_observed");
    if (agent.country() != null) {
      report.put("country", agent.country());
    }
    report.put("appVersion", EgressAgent.VERSION);
    send(Frame.json(Frame.REPORT, 0, report));
  }

  private static long range(long v, long min, long max, String name)
      throws TunnelProtocolException {
    if (v < min || v > max) {
      throw new TunnelProtocolException("WELCOME " + name + " out of range: " + v);
    }
    return v;
  }

  private void dispatch(Frame f) throws TunnelProtocolException {
    switch (f.type()) {
      case Frame.PING:
        if (f.payloadLength() != 8) {
          throw new TunnelProtocolException("PING must carry 8 bytes");
        }
        send(Frame.encode(Frame.PONG, 0, f.payload()));
        break;
      case Frame.PONG:
        break;
      case Frame.GOAWAY:
        goAway(f);
        break;
      case Frame.OPEN:
        open(f);
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

  private void goAway(Frame f) {
    String error = "none";
    try {
      error = f.jsonPayload().string("error");
    } catch (TunnelProtocolException e) {
      log.debug("GOAWAY without a valid error field");
    }
    goAwayError = error;
  }

  private void open(Frame f) throws TunnelProtocolException {
    long id = f.streamId();
    if (id == 0) {
      throw new TunnelProtocolException("OPEN on stream 0");
    }
    Json.Obj o = f.jsonPayload();
    String host = o.string("host");
    long port = o.integer("port");
    long timeout = o.optInteger("timeoutMs", MAX_CONNECT_MILLIS);
    if (port < 1 || port > 65535 || !agent.allowlist().allows(host, (int) port)) {
      mux.skip(id);
      openFail(id, "not_allowed", "destination outside the agent's allowlist");
      return;
    }
    if (mux.openStreams() >= mux.limits().maxStreams) {
      mux.skip(id);
      openFail(id, "too_many_streams", "agent at its stream limit");
      return;
    }
    TunnelStream stream = mux.accept(id);
    int connectMillis = (int) Math.max(1, Math.min(timeout, MAX_CONNECT_MILLIS));
    agent.workers().execute(() -> connect(stream, host, (int) port, connectMillis));
  }

  private void openFail(long id, String reason, String message) {
    send(
        Frame.json(
            Frame.OPEN_FAIL, id, new Json.Obj().put("reason", reason).put("message", message)));
  }

  private void connect(TunnelStream stream, String host, int port, int timeoutMillis) {
    Socket dest = null;
    try {
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        stream.abandon();
        openFail(stream.id(), "dns_failed", "no address for " + host);
        return;
      }
      dest = agent.socketFactory().createSocket();
      dest.connect(new InetSocketAddress(address, port), timeoutMillis);
      dest.setTcpNoDelay(true);
    } catch (ConnectException e) {
      failOpen(stream, dest, "refused", e);
      return;
    } catch (NoRouteToHostException e) {
      failOpen(stream, dest, "unreachable", e);
      return;
    } catch (SocketTimeoutException e) {
      failOpen(stream, dest, "timeout", e);
      return;
    } catch (IOException | RuntimeException e) {
      failOpen(stream, dest, "internal", e);
      return;
    }
    if (stream.error() != null) {
      // The gateway reset the stream while we were connecting (its open timed out).
      closeQuietly(dest, true);
      return;
    }
    agent.countDestination();
    send(
        Frame.json(
            Frame.OPEN_OK,
            stream.id(),
            new Json.Obj().put("remoteIp", dest.getInetAddress().getHostAddress())));
    pump(stream, dest);
  }

  private void failOpen(TunnelStream stream, Socket dest, String reason, Exception e) {
    closeQuietly(dest, false);
    stream.abandon();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    openFail(stream.id(), reason, message);
  }

  /** Two pumps per stream: destination → tunnel and tunnel → destination. */
  private void pump(TunnelStream stream, Socket dest) {
    AtomicInteger running = new AtomicInteger(2);
    Runnable finished =
        () -> {
          if (running.decrementAndGet() == 0) {
            stream.close();
            closeQuietly(dest, stream.error() != null);
          }
        };
    agent
        .workers()
        .execute(
            () -> {
              try {
                upstream(stream, dest);
              } finally {
                finished.run();
              }
            });
    agent
        .workers()
        .execute(
            () -> {
              try {
                downstream(stream, dest);
              } finally {
                finished.run();
              }
            });
  }

  /** Destination → gateway. Blocks on credit: that is how backpressure reaches the destination. */
  private void upstream(TunnelStream stream, Socket dest) {
    byte[] buf = new byte[mux.limits().maxFrame];
    InputStream in;
    OutputStream out = stream.output();
    try {
      in = dest.getInputStream();
    } catch (IOException e) {
      stream.reset(ResetCode.DESTINATION_ERROR, "destination socket failed");
      return;
    }
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        if (stream.error() == null) {
          stream.reset(ResetCode.DESTINATION_ERROR, "destination read failed");
        }
        return;
      }
      try {
        if (n < 0) {
          stream.shutdownOutput();
          return;
        }
        out.write(buf, 0, n);
      } catch (IOException e) {
        // The stream was reset or the tunnel closed: drop the destination at once.
        closeQuietly(dest, true);
        return;
      }
    }
  }

  /** Gateway → destination. Credit goes back only as bytes are written to the destination. */
  private void downstream(TunnelStream stream, Socket dest) {
    byte[] buf = new byte[mux.limits().maxFrame];
    InputStream in = stream.input();
    OutputStream out;
    try {
      out = dest.getOutputStream();
    } catch (IOException e) {
      stream.reset(ResetCode.DESTINATION_ERROR, "destination socket failed");
      return;
    }
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        closeQuietly(dest, true);
        return;
      }
      try {
        if (n < 0) {
          dest.shutdownOutput();
          return;
        }
        out.write(buf, 0, n);
        out.flush();
      } catch (IOException e) {
        stream.reset(ResetCode.DESTINATION_ERROR, "destination write failed");
        closeQuietly(dest, true);
        return;
      }
    }
  }

  private static void closeQuietly(Socket s, boolean abort) {
    if (s == null) {
      return;
    }
    try {
      if (abort && !s.isClosed()) {
        s.setSoLinger(true, 0);
      }
      s.close();
    } catch (IOException e) {
      log.trace("closing destination socket failed", e);
    }
  }

  private void tick() {
    if (state != State.OPEN) {
      return;
    }
    long now = System.nanoTime();
    long beat = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
    if (now - lastReceivedNanos > 3 * beat) {
      // The gateway went silent: a close frame could block on a full socket, so just drop it.
      ClientWebSocket ws = socket;
      if (ws != null) {
        ws.cancel();
      }
      ended(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat_timeout");
    } else if (now - lastSentNanos >= beat) {
      byte[] ping = new byte[8];
      agent.random().nextBytes(ping);
      ClientWebSocket ws = socket;
      // A busy writer means frames are flowing anyway; the timer thread never waits for it.
      if (ws != null && ws.sendIfIdle(Frame.encode(Frame.PING, 0, ping))) {
        lastSentNanos = now;
      }
    }
  }

  /** Closes the tunnel from our side: {@code GOAWAY none}, streams reset, WebSocket closed. */
  void shutdown() {
    ClientWebSocket ws = socket;
    // A gateway that stopped reading must not hold the agent's close: drop the socket after 2 s.
    ScheduledFuture<?> watchdog = null;
    if (ws != null) {
      try {
        watchdog = agent.timers().schedule(ws::cancel, 2, TimeUnit.SECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        ws.cancel();
      }
    }
    if (state == State.OPEN) {
      send(
          Frame.json(
              Frame.GOAWAY,
              0,
              new Json.Obj().put("error", "none").put("message", "agent stopped")));
      mux.resetAll(ResetCode.SHUTDOWN, "agent stopped");
    }
    if (ws != null) {
      ws.close(CloseCodes.NORMAL, "agent stopped");
    }
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    ended(CloseCodes.NORMAL, "agent stopped");
  }

  @Override
  public void onClosing(int code, String reason) {
    ended(code, reason);
  }

  @Override
  public void onFailure(IOException cause) {
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    ended(-1, message);
  }

  private void ended(int code, String reason) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
    }
    StreamMux m = mux;
    if (m != null) {
      m.fail("egress tunnel closed: " + reason);
    }
    agent.tunnelEnded(this, code, goAwayError, reason);
  }
}
