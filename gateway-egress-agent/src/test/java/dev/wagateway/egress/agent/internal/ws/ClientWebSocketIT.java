package dev.wagateway.egress.agent.internal.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's client WebSocket against OkHttp's server WebSocket and a scripted raw server. */
@Timeout(30)
class ClientWebSocketIT {
  private static final OkHttpClient CLIENT =
      new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int MAX = 1 << 20;

  /** Collects listener calls (also used by {@link ClientWebSocketTlsIT}). */
  static final class Events implements ClientWebSocket.Listener {
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void onBinary(byte[] message) {
      queue.add(message);
    }

    @Override
    public void onText(String message) {
      queue.add("text:" + message);
    }

    @Override
    public void onClosing(int code, String reason) {
      queue.add("closing:" + code + ":" + reason);
    }

    @Override
    public void onFailure(IOException cause) {
      queue.add(cause);
    }

    /** Starts a reader thread on {@code ws} delivering here. */
    static Events reading(ClientWebSocket ws) {
      Events events = new Events();
      reader(ws, events);
      return events;
    }

    Object next() throws InterruptedException {
      Object o = queue.poll(10, TimeUnit.SECONDS);
      if (o == null) {
        throw new AssertionError("no websocket event within 10 s");
      }
      return o;
    }
  }

  private static ClientWebSocket connectRaw(ServerSocket server, int maxMessage)
      throws IOException {
    return ClientWebSocket.connect(
        CLIENT,
        "ws://127.0.0.1:" + server.getLocalPort() + "/x",
        new SecureRandom(),
        "t",
        maxMessage);
  }

  static Thread reader(ClientWebSocket ws, Events events) {
    Thread t = new Thread(() -> ws.run(events), "test-ws-reader");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void interoperatesWithOkHttpsServerWebSocket() throws Exception {
    List<String> closes = new CopyOnWriteArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(
          new MockResponse()
              .withWebSocketUpgrade(
                  new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket ws, ByteString bytes) {
                      // Echo reversed, so the answer can't be our own bytes reflected.
                      byte[] b = bytes.toByteArray();
                      for (int i = 0, j = b.length - 1; i < j; i++, j--) {
                        byte x = b[i];
                        b[i] = b[j];
                        b[j] = x;
                      }
                      ws.send(ByteString.of(b));
                      if (b.length == 3) {
                        ws.close(4003, "node_revoked");
                      }
                    }

                    @Override
                    public void onClosing(WebSocket ws, int code, String reason) {
                      closes.add(code + ":" + reason);
                    }
                  }));
      server.start(InetAddress.getLoopbackAddress(), 0);
      ClientWebSocket ws =
          ClientWebSocket.connect(
              CLIENT,
              "ws://127.0.0.1:" + server.getPort() + "/egress/agent",
              new SecureRandom(),
              "test",
              MAX);
      Events events = new Events();
      Thread t = reader(ws, events);
      byte[] big = new byte[200_000];
      new SecureRandom().nextBytes(big);
      for (byte[] message : new byte[][] {big, new byte[0], new byte[] {1, 2, 3}}) {
        assertTrue(ws.send(message.clone()));
        byte[] echoed = (byte[]) events.next();
        assertEquals(message.length, echoed.length);
        for (int i = 0; i < message.length; i++) {
          assertEquals(message[i], echoed[message.length - 1 - i]);
        }
      }
      assertEquals("closing:4003:node_revoked", events.next());
      t.join(5000);
      assertEquals(false, t.isAlive());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (closes.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(List.of("4003:"), closes, "our close frame echoed the server's code");
      assertEquals(false, ws.send(new byte[] {9}));
      assertEquals("/egress/agent", server.takeRequest().getPath());
    }
  }

  @Test
  void refusedUpgradeSaysTheStatus() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(403));
      server.start(InetAddress.getLoopbackAddress(), 0);
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  ClientWebSocket.connect(
                      CLIENT,
                      "ws://127.0.0.1:" + server.getPort() + "/egress/agent",
                      new SecureRandom(),
                      "test",
                      MAX));
      assertEquals("HTTP 403 on upgrade", e.getMessage());
    }
  }

  /** A server scripted byte by byte: upgrades, then runs {@code script}. */
  private interface Script {
    void run(InputStream in, OutputStream out) throws IOException;
  }

  private static ServerSocket rawServer(Script script) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String key = null;
                for (String line : head(in).split("\r\n")) {
                  if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                  }
                }
                out.write(
                    ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                            + WebSocketHandshake.acceptFor(key)
                            + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                script.run(in, out);
              } catch (IOException e) {
                // the client went away
              }
            },
            "test-raw-server");
    t.setDaemon(true);
    t.start();
    return server;
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("eof in head");
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads one masked client frame and returns {opcode, unmasked payload...}. */
  private static byte[] clientFrame(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int b0 = d.readUnsignedByte();
    int b1 = d.readUnsignedByte();
    assertTrue((b1 & 0x80) != 0, "client frame masked");
    long len = b1 & 0x7f;
    if (len == 126) {
      len = d.readUnsignedShort();
    } else if (len == 127) {
      len = d.readLong();
    }
    byte[] key = new byte[4];
    d.readFully(key);
    byte[] out = new byte[1 + (int) len];
    out[0] = (byte) (b0 & 0x0f);
    d.readFully(out, 1, (int) len);
    for (int i = 0; i < len; i++) {
      out[1 + i] ^= key[i % 4];
    }
    return out;
  }

  @Test
  void answersPingsBetweenFragmentsAndEchoesTheClose() throws Exception {
    BlockingQueue<byte[]> seen = new LinkedBlockingQueue<>();
    try (ServerSocket server =
        rawServer(
            (in, out) -> {
              // "ab" + ping "p" + "c", then close 1001 "away".
              out.write(new byte[] {0x02, 2, 'a', 'b', (byte) 0x89, 1, 'p', (byte) 0x80, 1, 'c'});
              out.flush();
              seen.add(clientFrame(in));
              out.write(new byte[] {(byte) 0x88, 6, 0x03, (byte) 0xe9, 'a', 'w', 'a', 'y'});
              out.flush();
              seen.add(clientFrame(in));
            })) {
      ClientWebSocket ws = connectRaw(server, MAX);
      Events events = Events.reading(ws);
      assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), (byte[]) events.next());
      assertArrayEquals(new byte[] {0xA, 'p'}, seen.poll(10, TimeUnit.SECONDS), "pong");
      assertEquals("closing:1001:away", events.next());
      assertArrayEquals(new byte[] {0x8, 0x03, (byte) 0xe9}, seen.poll(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void malformedFrameEndsTheConnectionWithATypedErrorAndClose1002() throws Exception {
    BlockingQueue<byte[]> seen = new LinkedBlockingQueue<>();
    try (ServerSocket server =
        rawServer(
            (in, out) -> {
              out.write(new byte[] {(byte) 0x82, (byte) 0x81, 0, 0, 0, 0, 7}); // masked: illegal
              out.flush();
              seen.add(clientFrame(in));
            })) {
      ClientWebSocket ws = connectRaw(server, MAX);
      Events events = Events.reading(ws);
      WebSocketProtocolException e =
          assertInstanceOf(WebSocketProtocolException.class, events.next());
      assertEquals(Rfc6455.PROTOCOL_ERROR, e.closeCode());
      byte[] close = seen.poll(10, TimeUnit.SECONDS);
      assertEquals(0x8, close[0]);
      assertEquals(1002, ((close[1] & 0xff) << 8) | (close[2] & 0xff));
      assertEquals(false, ws.send(new byte[] {1}));
    }
  }

  @Test
  void oversizeMessageIsRefusedWith1009() throws Exception {
    BlockingQueue<byte[]> seen = new LinkedBlockingQueue<>();
    try (ServerSocket server =
        rawServer(
            (in, out) -> {
              out.write(new byte[] {(byte) 0x82, 126, 0x01, 0x00}); // 256 > the 100-byte limit
              out.flush();
              seen.add(clientFrame(in));
            })) {
      ClientWebSocket ws = connectRaw(server, 100);
      Events events = Events.reading(ws);
      WebSocketProtocolException e =
          assertInstanceOf(WebSocketProtocolException.class, events.next());
      assertEquals(Rfc6455.MESSAGE_TOO_BIG, e.closeCode());
      byte[] close = seen.poll(10, TimeUnit.SECONDS);
      assertEquals(1009, ((close[1] & 0xff) << 8) | (close[2] & 0xff));
    }
  }
}
