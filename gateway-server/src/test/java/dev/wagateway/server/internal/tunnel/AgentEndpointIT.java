package dev.wagateway.server.internal.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.egress.tunnel.AgentChannel;
import dev.wagateway.egress.tunnel.AgentConnection;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;
import okio.ByteString;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our server-side WebSocket on a real Jetty against OkHttp's WebSocket client (an independent
 * implementation that masks its frames): text and binary both ways, a 1 MiB message, a bigger one
 * refused with 1009, pings answered, close handshakes from either side; raw sockets for the upgrade
 * refusals (400/426, the server keeps serving) and an unmasked frame (1002).
 */
class AgentEndpointIT {
  private static final long WAIT_SECONDS = 10;

  private Server jetty;
  private int port;
  private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();
  private final BlockingQueue<AgentWebSocketConnection> channels = new LinkedBlockingQueue<>();
  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(WAIT_SECONDS)).build();

  /** Echoes every message back and records what the endpoint delivers. */
  private AgentConnection echo(AgentChannel channel) {
    AgentWebSocketConnection ws = (AgentWebSocketConnection) channel;
    channels.add(ws);
    channel.sendBinary("hello agent".getBytes(StandardCharsets.UTF_8));
    return new AgentConnection() {
      @Override
      public void onBinary(byte[] message) {
        serverEvents.add("binary:" + message.length);
        channel.sendBinary(message);
      }

      @Override
      public void onText(String message) {
        serverEvents.add("text:" + message);
        ws.sendText(message);
      }

      @Override
      public void onClosed(int code, String reason) {
        serverEvents.add("closed:" + code + ":" + reason);
      }
    };
  }

  @BeforeEach
  void start() throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    Handler others =
        new Handler.Abstract() {
          @Override
          public boolean handle(
              org.eclipse.jetty.server.Request request,
              org.eclipse.jetty.server.Response response,
              Callback callback) {
            response.setStatus(200);
            Content.Sink.write(response, true, "other", callback);
            return true;
          }
        };
    jetty.setHandler(new AgentEndpoint(this::echo, others));
    jetty.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    client.dispatcher().executorService().shutdown();
    jetty.stop();
  }

  /** Client-side events. */
  private static final class Events extends WebSocketListener {
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      queue.add("open:" + response.code());
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      queue.add("text:" + text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      queue.add(bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      queue.add("closing:" + code + ":" + reason);
      webSocket.close(code, null);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      queue.add("closed:" + code);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      queue.add("failure:" + t);
    }

    Object next() throws InterruptedException {
      Object o = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(o, "nothing from the server in time");
      return o;
    }
  }

  private WebSocket open(Events events) throws InterruptedException {
    WebSocket ws =
        client.newWebSocket(
            new Request.Builder().url("ws://127.0.0.1:" + port + AgentEndpoint.PATH).build(),
            events);
    assertEquals("open:101", events.next());
    assertEquals(ByteString.encodeUtf8("hello agent"), events.next());
    return ws;
  }

  private String serverEvent() throws InterruptedException {
    String e = serverEvents.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(e, "nothing from the endpoint in time");
    return e;
  }

  @Test
  void textAndBinaryBothWays() throws Exception {
    Events events = new Events();
    WebSocket ws = open(events);
    assertTrue(ws.send("héllo wörld"));
    assertEquals("text:héllo wörld", serverEvent());
    assertEquals("text:héllo wörld", events.next());
    byte[] bytes = new byte[70_000];
    new Random(1).nextBytes(bytes);
    assertTrue(ws.send(ByteString.of(bytes)));
    assertEquals("binary:70000", serverEvent());
    assertEquals(ByteString.of(bytes), events.next());
    for (int len : new int[] {0, 1, 125, 126, 65535, 65536}) {
      byte[] b = new byte[len];
      new Random(len).nextBytes(b);
      ws.send(ByteString.of(b));
      assertEquals("binary:" + len, serverEvent());
      assertEquals(ByteString.of(b), events.next());
    }
    ws.close(1000, "bye");
    assertEquals("closed:1000:bye", serverEvent());
    assertEquals("closing:1000:", events.next());
    assertEquals("closed:1000", events.next());
  }

  @Test
  void oneMiBMessageArrivesWholeAndBiggerIsRefusedWith1009() throws Exception {
    Events events = new Events();
    WebSocket ws = open(events);
    byte[] mib = new byte[1 << 20];
    new Random(2).nextBytes(mib);
    ws.send(ByteString.of(mib));
    assertEquals("binary:" + mib.length, serverEvent());
    Object back = events.next();
    assertArrayEquals(mib, ((ByteString) back).toByteArray());
    ws.send(ByteString.of(new byte[(1 << 20) + 1]));
    assertEquals("closed:1009:message above 1048576 bytes", serverEvent());
    assertEquals("closing:1009:message above 1048576 bytes", events.next());
    assertEquals("closed:1009", events.next());
    assertEquals(null, serverEvents.poll(200, TimeUnit.MILLISECONDS), "onClosed exactly once");
  }

  @Test
  void pingsAreAnswered() throws Exception {
    OkHttpClient pinging = client.newBuilder().pingInterval(Duration.ofMillis(50)).build();
    Events events = new Events();
    WebSocket ws =
        pinging.newWebSocket(
            new Request.Builder().url("ws://127.0.0.1:" + port + AgentEndpoint.PATH).build(),
            events);
    assertEquals("open:101", events.next());
    RealWebSocket real = (RealWebSocket) ws;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (real.receivedPongCount() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(real.receivedPongCount() >= 3, "pongs: " + real.receivedPongCount());
    ws.close(1000, null);
  }

  @Test
  void serverInitiatedCloseCompletesTheHandshake() throws Exception {
    Events events = new Events();
    open(events);
    AgentWebSocketConnection channel = channels.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(channel);
    channel.close(4003, "node_revoked");
    assertEquals("closing:4003:node_revoked", events.next());
    assertEquals("closed:4003", events.next());
    assertEquals("closed:4003:", serverEvent());
    assertEquals(false, channel.sendBinary(new byte[1]), "nothing is sent after close");
  }

  // ---- raw sockets ---------------------------------------------------------------------------

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private String rawRequest(String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return head(s.getInputStream());
    }
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      out.write(b);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static String upgrade(String method, String version, String key, String extra) {
    return method
        + " /egress/agent HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: keep-alive, Upgrade\r\n"
        + (version == null ? "" : "Sec-WebSocket-Version: " + version + "\r\n")
        + (key == null ? "" : "Sec-WebSocket-Key: " + key + "\r\n")
        + extra
        + "\r\n";
  }

  @Test
  void malformedUpgradesAreRefusedAndTheServerKeepsServing() throws Exception {
    assertTrue(
        rawRequest(upgrade("POST", "13", KEY, "Content-Length: 0\r\n")).startsWith("HTTP/1.1 400"));
    assertTrue(rawRequest(upgrade("GET", "13", null, "")).startsWith("HTTP/1.1 400"));
    assertTrue(rawRequest(upgrade("GET", "13", "c2hvcnQ=", "")).startsWith("HTTP/1.1 400"));
    assertTrue(
        rawRequest(upgrade("GET", "13", "not base64 at all!!!!!!!", ""))
            .startsWith("HTTP/1.1 400"));
    String noUpgrade =
        "GET /egress/agent HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + KEY
            + "\r\n\r\n";
    assertTrue(rawRequest(noUpgrade).startsWith("HTTP/1.1 400"));
    String wrongVersion = rawRequest(upgrade("GET", "8", KEY, ""));
    assertTrue(wrongVersion.startsWith("HTTP/1.1 426"), wrongVersion);
    assertTrue(wrongVersion.contains("Sec-WebSocket-Version: 13\r\n"), wrongVersion);
    String other = rawRequest("GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(other.startsWith("HTTP/1.1 200"), other);
    // The RFC's own key and accept value (RFC 6455 §1.3).
    String ok = rawRequest(upgrade("GET", "13", KEY, ""));
    assertTrue(ok.startsWith("HTTP/1.1 101"), ok);
    assertTrue(ok.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), ok);
    assertTrue(serverEvent().startsWith("closed:1006"), "the raw socket just went away");
    Events events = new Events();
    open(events).close(1000, null);
  }

  @Test
  void queuedMessagesGoOutBeforeTheCloseFrameAndAnUnansweredCloseEndsTheSocket() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      s.getOutputStream()
          .write(upgrade("GET", "13", KEY, "").getBytes(StandardCharsets.ISO_8859_1));
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertTrue(head(in).startsWith("HTTP/1.1 101"));
      in.readFully(new byte[2 + 11]);
      AgentWebSocketConnection channel = channels.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(channel);
      assertTrue(channel.sendBinary(new byte[] {7, 7, 7}));
      channel.close(4006, "heartbeat_timeout");
      byte[] data = new byte[5];
      in.readFully(data);
      assertArrayEquals(new byte[] {(byte) 0x82, 3, 7, 7, 7}, data);
      byte[] close = new byte[2 + 2 + "heartbeat_timeout".length()];
      in.readFully(close);
      assertEquals(0x88, close[0] & 0xff);
      assertEquals(4006, ((close[2] & 0xff) << 8) | (close[3] & 0xff));
      // No answer from us: the server closes the socket after its close timeout.
      assertEquals(-1, in.read());
      assertTrue(serverEvent().startsWith("closed:1006"));
    }
  }

  @Test
  void unmaskedFrameIsClosedWith1002AndBytesSentWithTheUpgradeAreRead() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      OutputStream out = s.getOutputStream();
      // A masked text frame in the same write as the upgrade request, then an unmasked one.
      byte[] masked = {
        (byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58
      };
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      first.write(upgrade("GET", "13", KEY, "").getBytes(StandardCharsets.ISO_8859_1));
      first.write(masked);
      out.write(first.toByteArray());
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertTrue(head(in).startsWith("HTTP/1.1 101"));
      byte[] hello = new byte[2 + 11];
      in.readFully(hello);
      assertEquals("hello agent", new String(hello, 2, 11, StandardCharsets.UTF_8));
      assertEquals("text:Hello", serverEvent());
      byte[] echo = new byte[7];
      in.readFully(echo);
      assertArrayEquals(new byte[] {(byte) 0x81, 5, 'H', 'e', 'l', 'l', 'o'}, echo);
      out.write(new byte[] {(byte) 0x82, 0x02, 1, 2});
      byte[] close = new byte[4];
      in.readFully(close);
      assertEquals(0x88, close[0] & 0xff);
      assertEquals(1002, ((close[2] & 0xff) << 8) | (close[3] & 0xff));
      assertEquals("closed:1002:client frame is not masked", serverEvent());
    }
  }
}
