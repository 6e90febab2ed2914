package dev.wagateway.egress.tunnel;

import dev.wagateway.egress.agent.EnrolmentPayload;
import dev.wagateway.egress.agent.internal.tunnel.Frame;
import dev.wagateway.egress.agent.internal.tunnel.Json;
import dev.wagateway.egress.agent.internal.tunnel.NodeKeys;
import dev.wagateway.egress.agent.internal.tunnel.TunnelProtocolException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/** A hand-driven agent speaking raw frames, for misbehaviour the reference agent never shows. */
final class RawAgent extends WebSocketListener implements AutoCloseable {
  final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  final BlockingQueue<Integer> closeCode = new LinkedBlockingQueue<>();
  final AtomicInteger pingsReceived = new AtomicInteger();
  volatile boolean silent;
  final KeyPair keys;
  private final EnrolmentPayload enrolment;
  private final OkHttpClient client =
      new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).build();
  final WebSocket ws;

  private RawAgent(EnrolmentPayload enrolment, KeyPair keys) {
    this.enrolment = enrolment;
    this.keys = keys;
    this.ws =
        client.newWebSocket(new Request.Builder().url(enrolment.webSocketUrl()).build(), this);
  }

  static RawAgent enrol(EnrolmentPayload enrolment) {
    return new RawAgent(enrolment, NodeKeys.generate(new SecureRandom()));
  }

  /** A second connection with the same key (to reconnect as an enrolled node). */
  static RawAgent withKeys(EnrolmentPayload enrolment, KeyPair keys) {
    return new RawAgent(enrolment, keys);
  }

  /** Answers the CHALLENGE with a node-key HELLO; returns the type of the gateway's reply. */
  String reconnect(String nodeId) throws InterruptedException, TunnelProtocolException {
    Frame challenge = frames.poll(10, TimeUnit.SECONDS);
    if (challenge == null || challenge.type() != Frame.CHALLENGE) {
      return "no CHALLENGE: " + challenge;
    }
    byte[] nonce = NodeKeys.unb64(challenge.jsonPayload().string("nonce"));
    send(
        Frame.json(
            Frame.HELLO,
            0,
            new Json.Obj()
                .put("v", 1L)
                .put("auth", "node")
                .put("nodeId", nodeId)
                .put("signature", NodeKeys.sign(keys.getPrivate(), nonce, nodeId))));
    Frame reply = frames.poll(10, TimeUnit.SECONDS);
    return reply == null ? "nothing" : Frame.typeName(reply.type());
  }

  /** The next frame of {@code type}, skipping others; null after 10 s. */
  Frame next(int type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Frame f = frames.poll(100, TimeUnit.MILLISECONDS);
      if (f != null && f.type() == type) {
        return f;
      }
    }
    return null;
  }

  /**
   * Answers the CHALLENGE with an enrolment HELLO ({@code auth: "pairing"}); returns the type of
   * the gateway's reply.
   */
  String handshake() throws InterruptedException, TunnelProtocolException {
    Frame challenge = frames.poll(10, TimeUnit.SECONDS);
    if (challenge == null || challenge.type() != Frame.CHALLENGE) {
      return "no CHALLENGE: " + challenge;
    }
    byte[] nonce = NodeKeys.unb64(challenge.jsonPayload().string("nonce"));
    Json.Obj hello =
        new Json.Obj()
            .put("v", 1L)
            .put("auth", "pairing")
            .put("token", enrolment.token())
            .put("publicKey", NodeKeys.b64(keys.getPublic().getEncoded()))
            .put("signature", NodeKeys.sign(keys.getPrivate(), nonce, enrolment.token()))
            .put("agent", "raw-test-agent");
    send(Frame.json(Frame.HELLO, 0, hello));
    Frame reply = frames.poll(10, TimeUnit.SECONDS);
    return reply == null ? "nothing" : Frame.typeName(reply.type());
  }

  void send(byte[] frame) {
    ws.send(ByteString.of(frame));
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    try {
      Frame f = Frame.decode(bytes.toByteArray());
      if (f.type() == Frame.PING) {
        pingsReceived.incrementAndGet();
        if (!silent) {
          send(Frame.encode(Frame.PONG, 0, f.payload()));
        }
        return;
      }
      frames.add(f);
    } catch (TunnelProtocolException e) {
      closeCode.add(-2);
    }
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    closeCode.add(code);
    webSocket.close(1000, null);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    closeCode.add(-1);
  }

  @Override
  public void close() {
    ws.cancel();
    client.dispatcher().executorService().shutdown();
  }
}
