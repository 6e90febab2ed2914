package dev.wagateway.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.LoopbackTls;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OkHttpEgressTest {
  private MockWebServer server;

  /** Loopback egress that records every destination it is asked for. */
  private static final class RecordingEgress implements Egress {
    final List<String> destinations = new CopyOnWriteArrayList<>();

    @Override
    public Socket connect(String host, int port, Duration timeout) throws IOException {
      destinations.add(host + ":" + port);
      return LoopbackOnlyEgress.instance().connect(host, port, timeout);
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private static OkHttpClient client(Egress egress) {
    return OkHttpEgress.configure(
            new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(20)),
            egress)
        .build();
  }

  @Test
  void httpCallGoesThroughTheEgressWithTheUnresolvedHostName() throws Exception {
    server.enqueue(new MockResponse().setBody("via egress"));
    RecordingEgress egress = new RecordingEgress();
    String url = "http://localhost:" + server.getPort() + "/media/abc";
    try (Response response =
        client(egress).newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals(200, response.code());
      assertEquals("via egress", response.body().string());
    }
    assertEquals(List.of("localhost:" + server.getPort()), egress.destinations);
    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(recorded);
    assertEquals("/media/abc", recorded.getPath());
  }

  @Test
  void failingEgressFailsTheCallAndNothingReachesTheServer() {
    server.enqueue(new MockResponse().setBody("must not be served"));
    List<String> asked = new CopyOnWriteArrayList<>();
    Egress failing =
        (host, port, timeout) -> {
          asked.add(host + ":" + port);
          throw new EgressUnavailableIOException("proxy auth refused");
        };
    String url = "http://localhost:" + server.getPort() + "/";
    IOException e =
        assertThrows(
            IOException.class,
            () -> client(failing).newCall(new Request.Builder().url(url).build()).execute());
    assertTrue(causalChainHas(e, "proxy auth refused"), "cause: " + e);
    assertEquals(0, server.getRequestCount());
    assertTrue(asked.stream().allMatch(d -> d.equals("localhost:" + server.getPort())), "" + asked);
    assertTrue(!asked.isEmpty());
  }

  @Test
  void configureOverridesAProxyAlreadySetOnTheBuilder() throws Exception {
    // A proxy set by someone else would make OkHttp open its own socket to it; configure wins.
    server.enqueue(new MockResponse().setBody("ok"));
    RecordingEgress egress = new RecordingEgress();
    OkHttpClient client =
        OkHttpEgress.configure(
                new OkHttpClient.Builder()
                    .proxy(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 9)))
                    .callTimeout(Duration.ofSeconds(20)),
                egress)
            .build();
    assertEquals(Proxy.NO_PROXY, client.proxy());
    String url = "http://localhost:" + server.getPort() + "/";
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals("ok", response.body().string());
    }
    assertEquals(1, egress.destinations.size());
  }

  @Test
  void webSocketGoesThroughTheEgress() throws Exception {
    server.enqueue(
        new MockResponse()
            .withWebSocketUpgrade(
                new WebSocketListener() {
                  @Override
                  public void onMessage(WebSocket webSocket, ByteString bytes) {
                    webSocket.send(new okio.Buffer().writeByte(0xAA).write(bytes).readByteString());
                  }

                  @Override
                  public void onClosing(WebSocket webSocket, int code, String reason) {
                    webSocket.close(1000, null);
                  }
                }));
    RecordingEgress egress = new RecordingEgress();
    BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    OkHttpClient client = client(egress);
    WebSocket ws =
        client.newWebSocket(
            new Request.Builder().url("ws://localhost:" + server.getPort() + "/ws/chat").build(),
            new WebSocketListener() {
              @Override
              public void onMessage(WebSocket webSocket, ByteString bytes) {
                received.add(bytes);
              }

              @Override
              public void onClosed(WebSocket webSocket, int code, String reason) {
                received.add("closed " + code);
              }

              @Override
              public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                received.add(t);
              }
            });
    ws.send(ByteString.of((byte) 1, (byte) 2));
    Object first = received.poll(10, TimeUnit.SECONDS);
    assertEquals(ByteString.of((byte) 0xAA, (byte) 1, (byte) 2), first);
    ws.close(1000, "done");
    assertEquals("closed 1000", received.poll(10, TimeUnit.SECONDS));
    client.dispatcher().executorService().shutdown();
    assertEquals(List.of("localhost:" + server.getPort()), egress.destinations);
  }

  @Test
  void tlsIsLayeredOverTheEgressSocket(@TempDir Path dir) throws Exception {
    LoopbackTls tls = LoopbackTls.create(dir);
    server.useHttps(tls.server().getSocketFactory(), false);
    server.enqueue(new MockResponse().setBody("secure"));

    RecordingEgress egress = new RecordingEgress();
    OkHttpClient client =
        OkHttpEgress.configure(
                new OkHttpClient.Builder()
                    .sslSocketFactory(tls.client(), tls.trust())
                    .callTimeout(Duration.ofSeconds(20)),
                egress)
            .build();
    String url = "https://localhost:" + server.getPort() + "/secure";
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals("secure", response.body().string());
      assertNotNull(response.handshake());
    }
    assertEquals(List.of("localhost:" + server.getPort()), egress.destinations);
  }

  @Test
  void dnsNeverResolves() throws Exception {
    List<InetAddress> addresses = OkHttpEgress.dns().lookup("no-such-host.invalid");
    assertEquals(1, addresses.size());
    InetSocketAddress socketAddress = new InetSocketAddress(addresses.get(0), 443);
    assertEquals("no-such-host.invalid", socketAddress.getHostString());
    assertTrue(addresses.get(0).getHostAddress().startsWith("2001:db8:"), "documentation prefix");
    InetAddress other = OkHttpEgress.dns().lookup("other.invalid").get(0);
    assertTrue(!other.equals(addresses.get(0)), "distinct hosts get distinct placeholders");
    assertEquals(addresses, OkHttpEgress.dns().lookup("NO-SUCH-HOST.invalid").subList(0, 1));
  }

  @Test
  void socketOptionsSetBeforeConnectAreAppliedToTheEgressSocket() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(5000);
      Socket socket = OkHttpEgress.socketFactory(LoopbackOnlyEgress.instance()).createSocket();
      assertTrue(!socket.isConnected());
      assertNull(socket.getInetAddress());
      socket.setSoTimeout(1234);
      socket.setTcpNoDelay(true);
      assertEquals(1234, socket.getSoTimeout());
      socket.connect(
          new InetSocketAddress(
              OkHttpEgress.dns().lookup("localhost").get(0), listener.getLocalPort()),
          5000);
      try (socket;
          Socket accepted = listener.accept()) {
        assertTrue(socket.isConnected());
        assertEquals(1234, socket.getSoTimeout());
        assertTrue(socket.getTcpNoDelay());
        assertEquals(listener.getLocalPort(), socket.getPort());
        socket.getOutputStream().write(7);
        accepted.setSoTimeout(5000);
        InputStream in = accepted.getInputStream();
        assertEquals(7, in.read());
      }
      assertTrue(socket.isClosed());
      assertThrows(IOException.class, socket::getInputStream);
    }
  }

  @Test
  void unconnectedSocketRefusesBindAndIoAndNeverConnectsDirectly() throws Exception {
    Egress refusing =
        (host, port, timeout) -> {
          throw new EgressUnavailableIOException("no route for " + host);
        };
    Socket socket = OkHttpEgress.socketFactory(refusing).createSocket();
    assertThrows(IOException.class, () -> socket.bind(new InetSocketAddress("127.0.0.1", 0)));
    assertThrows(IOException.class, socket::getOutputStream);
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class,
            () ->
                socket.connect(InetSocketAddress.createUnresolved("web.whatsapp.com", 443), 1000));
    assertEquals("no route for web.whatsapp.com", e.getMessage());
    assertTrue(!socket.isConnected());
    EgressUnavailableIOException direct =
        assertThrows(
            EgressUnavailableIOException.class,
            () -> OkHttpEgress.socketFactory(refusing).createSocket("web.whatsapp.com", 443));
    assertEquals("no route for web.whatsapp.com", direct.getMessage());
  }

  @Test
  void closingWhileTheEgressConnectsClosesTheArrivingStream() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Socket[] produced = new Socket[1];
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Egress slow =
          (host, port, timeout) -> {
            entered.countDown();
            try {
              assertTrue(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException("interrupted");
            }
            produced[0] = LoopbackOnlyEgress.instance().connect(host, port, timeout);
            return produced[0];
          };
      Socket socket = OkHttpEgress.socketFactory(slow).createSocket();
      java.util.concurrent.CompletableFuture<Throwable> outcome =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  socket.connect(
                      InetSocketAddress.createUnresolved("localhost", listener.getLocalPort()),
                      5000);
                  return null;
                } catch (IOException e) {
                  return e;
                }
              });
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      socket.close();
      release.countDown();
      Throwable t = outcome.get(10, TimeUnit.SECONDS);
      assertNotNull(t);
      assertEquals("Socket closed while connecting", t.getMessage());
      assertTrue(produced[0].isClosed(), "the egress's socket is not leaked");
      assertTrue(socket.isClosed());
    }
  }

  private static boolean causalChainHas(Throwable t, String message) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (message.equals(c.getMessage())) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (causalChainHas(s, message)) {
          return true;
        }
      }
    }
    return false;
  }
}
