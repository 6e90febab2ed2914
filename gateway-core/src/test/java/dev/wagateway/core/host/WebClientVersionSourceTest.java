package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.WaVersion;
import dev.wagateway.core.transport.Egress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebClientVersionSourceTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @Test
  void readsTheClientRevisionInBothForms() throws IOException {
    assertEquals(
        WaVersion.parse("2.3000.1045649367"),
        WebClientVersionSource.parse("self.x={\"client_revision\":1045649367,\"y\":1}"));
    assertEquals(
        WaVersion.parse("2.3000.1046000001"),
        WebClientVersionSource.parse("a=\"{\\\"client_revision\\\": 1046000001}\""));
    IOException none =
        assertThrows(IOException.class, () -> WebClientVersionSource.parse("no revision here"));
    assertEquals("no client_revision in the web client's service worker", none.getMessage());
  }

  @Test
  void fetchesThroughTheSessionsEgressOnly() throws Exception {
    server.enqueue(new MockResponse().setBody("var c={\"client_revision\":1046000002};"));
    List<String> dialled = Collections.synchronizedList(new ArrayList<>());
    Egress egress =
        (host, port, timeout) -> {
          dialled.add(host + ":" + port);
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", server.getPort()), (int) timeout.toMillis());
          return s;
        };
    ClientVersionSource source =
        ClientVersionSource.webClient(
            java.net.URI.create("http://web.example.test:" + server.getPort() + "/sw.js"));
    assertEquals(WaVersion.parse("2.3000.1046000002"), source.fetch(egress));
    assertEquals(List.of("web.example.test:" + server.getPort()), dialled);
    RecordedRequest request = server.takeRequest();
    assertEquals("/sw.js", request.getPath());
    assertTrue(request.getHeader("User-Agent").startsWith("Mozilla/5.0"));
  }

  @Test
  void anErrorAnswerIsAnIoError() {
    server.enqueue(new MockResponse().setResponseCode(503));
    Egress egress = (host, port, timeout) -> new Socket("127.0.0.1", server.getPort());
    ClientVersionSource source =
        ClientVersionSource.webClient(
            java.net.URI.create("http://web.example.test:" + server.getPort() + "/sw.js"));
    IOException e = assertThrows(IOException.class, () -> source.fetch(egress));
    assertEquals("the web client's service worker answered 503", e.getMessage());
  }
}
