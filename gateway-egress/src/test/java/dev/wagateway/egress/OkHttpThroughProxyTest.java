package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.OkHttpEgress;
import dev.wagateway.egress.ProxyEndpoint.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OkHttp (media HTTP and WebSocket) through our proxy egresses, against in-JVM fake proxies. */
class OkHttpThroughProxyTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  static OkHttpClient client(Egress egress) {
    return OkHttpEgress.configure(
            new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(20))
                .retryOnConnectionFailure(false),
            egress)
        .build();
  }

  static boolean causalChainHas(Throwable t, String prefix) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().startsWith(prefix)) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (causalChainHas(s, prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void httpCallReachesTheServerOnlyThroughTheSocks5ProxyWithTheHostName() throws Exception {
    server.enqueue(new MockResponse().setBody("media bytes"));
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay("u", "p"))) {
      OkHttpClient client = client(new Socks5Egress(proxy.endpoint(Kind.SOCKS5, "u", "p")));
      String url = "http://localhost:" + server.getPort() + "/mms/image/abc";
      try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertEquals("media bytes", r.body().string());
      }
      assertEquals("connect cmd=1 atyp=3 localhost:" + server.getPort(), proxy.events.get(2));
      assertEquals(1, proxy.connections.get());
      RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(recorded);
      assertEquals("/mms/image/abc", recorded.getPath());
    }
  }

  @Test
  void httpCallThroughHttpConnectProxy() throws Exception {
    server.enqueue(new MockResponse().setBody("via connect"));
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.httpConnectRelay("u", "p"))) {
      OkHttpClient client = client(new HttpConnectEgress(proxy.endpoint(Kind.HTTP, "u", "p")));
      String url = "http://localhost:" + server.getPort() + "/x";
      try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertEquals("via connect", r.body().string());
      }
      assertTrue(
          proxy.events.get(0).startsWith("request CONNECT localhost:" + server.getPort() + " "),
          proxy.events.get(0));
    }
  }

  @Test
  void webSocketThroughSocks5() throws Exception {
    server.enqueue(
        new MockResponse()
            .withWebSocketUpgrade(
                new WebSocketListener() {
                  @Override
                  public void onMessage(WebSocket webSocket, String text) {
                    webSocket.send("echo " + text);
                  }

                  @Override
                  public void onClosing(WebSocket webSocket, int code, String reason) {
                    webSocket.close(1000, null);
                  }
                }));
    try (FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay("u", "p"))) {
      OkHttpClient client = client(new Socks5Egress(proxy.endpoint(Kind.SOCKS5, "u", "p")));
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket ws =
          client.newWebSocket(
              new Request.Builder().url("ws://localhost:" + server.getPort() + "/ws/chat").build(),
              new WebSocketListener() {
                @Override
                public void onMessage(WebSocket webSocket, String text) {
                  received.add(text);
                }

                @Override
                public void onClosed(WebSocket webSocket, int code, String reason) {
                  received.add("closed " + code);
                }

                @Override
                public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                  received.add("failure " + t);
                }
              });
      ws.send("hello");
      assertEquals("echo hello", received.poll(10, TimeUnit.SECONDS));
      ws.close(1000, null);
      assertEquals("closed 1000", received.poll(10, TimeUnit.SECONDS));
      client.dispatcher().executorService().shutdown();
      assertEquals("connect cmd=1 atyp=3 localhost:" + server.getPort(), proxy.events.get(2));
    }
  }

  @Test
  void refusedProxyFailsTheCallAndTheDestinationSeesNoConnection() throws Exception {
    try (EchoServer target = new EchoServer();
        FakeProxy proxy = FakeProxy.start(FakeProxy.socks5Relay("u", "right"))) {
      OkHttpClient client = client(new Socks5Egress(proxy.endpoint(Kind.SOCKS5, "u", "wrong")));
      String url = "http://localhost:" + target.port() + "/";
      IOException e =
          assertThrows(
              IOException.class,
              () -> client.newCall(new Request.Builder().url(url).build()).execute());
      assertTrue(
          causalChainHas(e, "proxy auth refused: socks5 proxy 127.0.0.1:" + proxy.port()), "" + e);
      assertEquals(0, target.accepted.get(), "no direct fallback");
    }
  }

  @Test
  void unreachableProxyFailsTheWebSocketWithoutFallback() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    OkHttpClient client =
        client(new Socks5Egress(ProxyEndpoint.of(Kind.SOCKS5, "127.0.0.1", closedPort)));
    BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    client.newWebSocket(
        new Request.Builder().url("ws://localhost:" + server.getPort() + "/ws/chat").build(),
        new WebSocketListener() {
          @Override
          public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            failures.add(t);
          }
        });
    Throwable t = failures.poll(10, TimeUnit.SECONDS);
    assertNotNull(t);
    assertTrue(
        causalChainHas(t, "proxy unreachable: socks5 proxy 127.0.0.1:" + closedPort), "" + t);
    assertEquals(0, server.getRequestCount());
    client.dispatcher().executorService().shutdown();
  }
}
