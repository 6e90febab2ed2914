package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.cli.demo.DemoWorld;
import dev.wagateway.client.RetryPolicy;
import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.WagatewayClient;
import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.Session;
import dev.wagateway.client.model.SessionIdentity;
import dev.wagateway.client.model.SessionStatus;
import dev.wagateway.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path on the real session layer: a session created over REST shows a QR on the event
 * stream, the simulated phone scans it, the session is connected with /me filled in; logout unlinks
 * it and /qr starts pairing again. Demo mode: simulator and phone in-process, loopback only. In
 * gateway-cli beside the demo, in the server's package for its test helpers (test-jar).
 */
class DemoPairingIT {
  private Path dataDir;
  private DemoWorld demo;
  private GatewayServer server;
  private WagatewayApi api;
  private WagatewayClient client;
  private TestServer.Resp last;
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();

  @BeforeEach
  void start() throws Exception {
    dataDir = Files.createTempDirectory("wagateway-demo-it");
    demo = DemoWorld.start();
    server =
        demo.installInto(
                GatewayServer.builder(
                    ServerConfig.builder()
                        .adminKey(TestServer.ADMIN_KEY)
                        .dataDir(dataDir)
                        .events(new ServerConfig.Events(1000, 200, Duration.ofSeconds(5)))
                        .build()))
            .create()
            .start(0);
    client =
        WagatewayClient.builder()
            .baseUrl("http://127.0.0.1:" + server.port())
            .token(TestServer.ADMIN_KEY)
            .retryPolicy(RetryPolicy.NONE)
            .build();
    api = client.api();
  }

  @AfterEach
  void stop() {
    client.close();
    http.connectionPool().evictAll();
    server.stop();
  }

  @Test
  void createQrScanReadyMeLogoutQrAgain() throws Exception {
    Session created = api.createSession(new CreateSessionRequest("demo", null, true));
    String id = created.id();
    String qrCode;
    String scanned;
    try (EventsIT.Stream events = stream("?session=" + id + "&types=auth.qr,auth.paired", null)) {
      List<EventsIT.Frame> qr = events.read(1);
      assertEquals("auth.qr", qr.get(0).event());
      qrCode = (String) qr.get(0).data().get("code");
      assertTrue(qrCode.split(",").length >= 4, "ref,noise key,identity key,adv secret,...");
      assertEquals(qrCode, api.getSessionQr(id).code());
      assertEquals(SessionStatus.PAIRING, api.getSession(id).status());

      // the phone scans what the API shows
      Map<String, Object> scan = post("/demo/phone/scan", "{\"sessionId\":\"" + id + "\"}");
      assertEquals(200, last.status(), last.text());
      assertEquals("linked", scan.get("outcome"));
      OpenApiValidator contract =
          new OpenApiValidator(
              GatewayServer.class.getResourceAsStream("openapi.json").readAllBytes());
      assertEquals(List.of(), contract.validateResponse("POST", "/demo/phone/scan", 200, scan));
      scanned = qrCode;

      List<EventsIT.Frame> paired = events.read(1);
      assertEquals("auth.paired", paired.get(0).event());
      assertEquals(DemoWorld.PHONE, paired.get(0).data().get("phone"));
    }
    Session ready = awaitStatus(id, SessionStatus.CONNECTED);
    assertTrue(ready.paired());
    assertEquals(DemoWorld.PHONE, ready.phone());
    SessionIdentity me = api.getSessionIdentity(id);
    assertTrue(me.jid().startsWith(DemoWorld.PHONE + ":"), me.jid());
    assertEquals(DemoWorld.PHONE, me.phone());
    assertTrue(me.deviceId() > 0);
    WagatewayApiException already =
        assertThrows(WagatewayApiException.class, () -> api.getSessionQr(id));
    assertEquals(400, already.status());

    Session out = api.logoutSession(id);
    assertFalse(out.paired());
    assertEquals(
        404, assertThrows(WagatewayApiException.class, () -> api.getSessionIdentity(id)).status());
    // /qr starts pairing again: 404 until a new code exists, then a fresh code
    String again = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (again == null && System.nanoTime() < deadline) {
      try {
        again = api.getSessionQr(id).code();
      } catch (WagatewayApiException e) {
        assertEquals(404, e.status());
        Thread.sleep(100);
      }
    }
    assertTrue(again != null, "a new QR after logout");
    assertNotEquals(scanned, again);
  }

  @Test
  void pairingCodeThenRestartResumesWithoutQr() throws Exception {
    Session created = api.createSession(new CreateSessionRequest("by code", null, false));
    String id = created.id();
    assertEquals(SessionStatus.STOPPED, created.status());
    String code =
        api.requestPairingCode(
                id, new dev.wagateway.client.model.PairingCodeRequest(DemoWorld.PHONE))
            .code();
    assertTrue(code.matches("[A-Z0-9]{4}-[A-Z0-9]{4}"), code);
    Map<String, Object> typed = post("/demo/phone/pairing-code", "{\"code\":\"" + code + "\"}");
    assertEquals(200, last.status(), last.text());
    assertEquals("linked", typed.get("outcome"));
    awaitStatus(id, SessionStatus.CONNECTED);

    // graceful restart on the same data directory, without demo mode: a demo restart would bring
    // a new simulator that does not know the device and would unlink it on the first login (a
    // race with the reads below). With no egress configured the resumed session fails closed, so
    // what is read is exactly what the restart carried over: the pairing and the desired state.
    client.close();
    server.stop();
    server =
        GatewayServer.create(
                ServerConfig.builder().adminKey(TestServer.ADMIN_KEY).dataDir(dataDir).build())
            .start(0);
    client =
        WagatewayClient.builder()
            .baseUrl("http://127.0.0.1:" + server.port())
            .token(TestServer.ADMIN_KEY)
            .retryPolicy(RetryPolicy.NONE)
            .build();
    api = client.api();
    Session after = api.getSession(id);
    assertTrue(after.paired(), "pairing survives the restart");
    assertEquals(DemoWorld.PHONE, after.phone());
    // its desired state (started) was kept: the new host resumed it instead of leaving it stopped
    assertNotEquals(SessionStatus.STOPPED, after.status());
  }

  @Test
  void demoRoutesAreTheDocumentedDemoOperations() throws Exception {
    OpenApiValidator contract =
        new OpenApiValidator(
            GatewayServer.class.getResourceAsStream("openapi.json").readAllBytes());
    java.util.Set<String> served = new java.util.TreeSet<>();
    for (dev.wagateway.server.internal.http.Route r : server.api().routes()) {
      if (r.template().startsWith("/demo/")) {
        served.add(r.method() + " " + r.template());
      }
    }
    assertEquals(contract.demoOnly(), served);
    okhttp3.Request request =
        new okhttp3.Request.Builder()
            .url("http://127.0.0.1:" + server.port() + "/demo/phone")
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
            .build();
    try (okhttp3.Response r = http.newCall(request).execute()) {
      assertEquals(200, r.code());
      Map<String, Object> phone =
          new TestServer.Resp(r.code(), r.header("Content-Type"), r.body().bytes(), Map.of())
              .json();
      assertEquals(DemoWorld.PHONE, phone.get("phone"));
      assertEquals(List.of(), contract.validateResponse("GET", "/demo/phone", 200, phone));
    }
  }

  private Session awaitStatus(String id, SessionStatus status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Session s = api.getSession(id);
    while (s.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(50);
      s = api.getSession(id);
    }
    assertEquals(status, s.status(), String.valueOf(s.lastError()));
    return s;
  }

  private EventsIT.Stream stream(String query, String lastEventId) throws Exception {
    TestServerView view = new TestServerView();
    return new EventsIT.Stream(view.asTestServer(), query, lastEventId);
  }

  private Map<String, Object> post(String path, String body) throws Exception {
    okhttp3.Request request =
        new okhttp3.Request.Builder()
            .url("http://127.0.0.1:" + server.port() + path)
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
            .post(okhttp3.RequestBody.create(body, TestServer.JSON))
            .build();
    try (okhttp3.Response r = http.newCall(request).execute()) {
      last =
          new TestServer.Resp(
              r.code(), r.header("Content-Type"), r.body().bytes(), r.headers().toMultimap());
      return last.json();
    }
  }

  /** Lets EventsIT.Stream reach this server. */
  private final class TestServerView {
    TestServer asTestServer() {
      return TestServer.forServer(server, http);
    }
  }
}
