package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.server.internal.session.SessionService.NewSessionSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed input and the HTTP layer's own refusals: every answer has the documented JSON error
 * shape, quotes nothing of the request, carries no server banner, and is never a 500.
 */
class HttpHardeningIT {
  private static TestServer t;

  @BeforeAll
  static void start() throws Exception {
    t = new TestServer();
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void badPercentEscapeInTheQueryIs400AndLogsNoError() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    TestServer.Resp r;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      r = t.call("GET", "/api/v1/sessions?limit=%ZZ", TestServer.ADMIN_KEY, (String) null);
    } finally {
      System.setErr(original);
    }
    assertEquals(400, r.status(), r.text());
    assertEquals("validation_error", r.errorCode());
    assertEquals("query", r.errorDetails().get("field"));
    assertFalse(r.text().contains("%ZZ"), r.text());
    String log = err.toString(StandardCharsets.UTF_8);
    assertFalse(log.contains("ERROR"), log);
    assertFalse(log.contains("Exception"), log);
  }

  @Test
  void invalidUtf8InAJsonBodyIs400() throws Exception {
    byte[] body = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1); // lone 0xE9
    TestServer.Resp r =
        t.call(
            "POST",
            "/api/v1/sessions",
            TestServer.ADMIN_KEY,
            RequestBody.create(body, TestServer.JSON));
    assertEquals(400, r.status(), r.text());
    assertEquals("validation_error", r.errorCode());
    assertEquals("invalid_utf8", r.errorDetails().get("reason"));
    assertTrue(
        t.sessions.list("org_default").stream()
            .noneMatch(s -> String.valueOf(s.displayName()).startsWith("caf")),
        "nothing was created");
  }

  @Test
  void jsonErrorsNeverEchoTheRequestOrTheParser() throws Exception {
    String session =
        t.sessions.create(new NewSessionSpec("org_default", null, "e", null, true)).id();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        "{\"to\":\"628123456789\",\"type\":\"text\",\"text\":\"TOPSECRET-1\",\"text\":\"TOPSECRET-2\"}",
        "duplicate_key");
    cases.put("{\"type\":\"text\",\"text\":\"TOPSECRET-3\"", "malformed_json");
    cases.put("{\"type\":\"text\",\"text\":'TOPSECRET-4'}", "malformed_json");
    cases.put("{\"type\":\"text\",\"text\":\"TOPSECRET-5\"} trailing", "malformed_json");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestServer.Resp r =
          t.call(
              "POST",
              "/api/v1/sessions/" + session + "/messages",
              TestServer.ADMIN_KEY,
              c.getKey());
      assertEquals(400, r.status(), c.getKey());
      assertEquals(c.getValue(), r.errorDetails().get("reason"), c.getKey());
      for (String leak : List.of("TOPSECRET", "setLenient", "Map key", "multiple values", "$.")) {
        assertFalse(r.text().contains(leak), c.getKey() + " -> " + r.text());
      }
    }
  }

  /** What the HTTP layer refuses, and the status it must answer with. */
  @Test
  void jettysOwnRefusalsHaveOurShapeAndNoBanner() throws Exception {
    String longUri = "/api/v1/sessions/" + "a".repeat(10_000);
    String bigHeader = "X-Pad: " + "b".repeat(10_000) + "\r\n";
    Map<String, Integer> cases = new LinkedHashMap<>();
    cases.put("GET /api/v1/%2e%2e/x HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    cases.put("GET /api/v1/sessions/%2E%2E/%2e%2e/healthz HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    cases.put("GET /api/v1/sessions/a%00b HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    cases.put("GET " + longUri + " HTTP/1.1\r\nHost: a\r\n\r\n", 414);
    cases.put("GET /healthz HTTP/1.1\r\nHost: a\r\n" + bigHeader + "\r\n", 431);
    cases.put(
        "POST /api/v1/sessions HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400);
    cases.put("GARBAGE\r\n\r\n", 400);
    cases.put("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    cases.put("GET /nope HTTP/1.1\r\nHost: a\r\n\r\n", 404);
    cases.put("DELETE /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 405);
    cases.put("GET /v1/nope HTTP/1.1\r\nHost: a\r\n\r\n", 404);
    for (Map.Entry<String, Integer> c : cases.entrySet()) {
      String label = c.getKey().length() > 80 ? c.getKey().substring(0, 80) : c.getKey();
      RawHttp.Answer a = RawHttp.exchange(t.server.port(), c.getKey());
      assertEquals(c.getValue(), a.status(), label + " -> " + a.body());
      assertNull(a.header("Server"), label);
      assertNull(a.header("X-Powered-By"), label);
      assertEquals("application/json", a.header("Content-Type"), label);
      assertEquals("nosniff", a.header("X-Content-Type-Options"), label);
      assertFalse(a.body().toLowerCase(java.util.Locale.ROOT).contains("<html"), label);
      assertFalse(a.body().contains("aaaaaaaaaa") || a.body().contains("bbbbbbbbbb"), label);
      Map<String, Object> json = json(a.body());
      Map<?, ?> error = c.getKey().startsWith("GET /v1/") ? json : (Map<?, ?>) json.get("error");
      assertTrue(error != null && error.get("code") instanceof String, label + " -> " + a.body());
      assertTrue(error.get("message") instanceof String, label + " -> " + a.body());
    }
  }

  @Test
  void headHealthzIs200WithoutABody() throws Exception {
    Request head = new Request.Builder().url(t.url("/healthz")).head().build();
    try (Response r = t.http.newCall(head).execute()) {
      assertEquals(200, r.code());
      assertEquals(0, r.body().bytes().length);
      assertEquals("application/json", r.header("Content-Type"));
    }
    RawHttp.Answer raw =
        RawHttp.exchange(
            t.server.port(), "HEAD /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    assertEquals(200, raw.status());
    assertEquals("", raw.body());
    assertEquals("ok", t.api().getHealth().status());
  }

  @Test
  void apiAnswersCarryNosniffAndNoStore() throws Exception {
    for (String path : List.of("/api/v1/sessions", "/healthz", "/v1/senders")) {
      TestServer.Resp ok = t.call("GET", path, TestServer.ADMIN_KEY, (String) null);
      assertEquals(200, ok.status(), path);
      assertEquals("nosniff", ok.header("X-Content-Type-Options"), path);
      assertEquals("no-store", ok.header("Cache-Control"), path);
      assertNull(ok.header("Server"), path);
    }
    TestServer.Resp denied = t.call("GET", "/api/v1/sessions", null, (String) null);
    assertEquals(401, denied.status());
    assertEquals("nosniff", denied.header("X-Content-Type-Options"));
    assertEquals("no-store", denied.header("Cache-Control"));
  }

  @Test
  void anOversizedPartHeaderIs413NamingThePartHeaderLimit() throws Exception {
    String session =
        t.sessions.create(new NewSessionSpec("org_default", null, "p", null, true)).id();
    String boundary = "b0undary";
    String body =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"type\"\r\n"
            + "X-Pad: "
            + "c".repeat(20_000)
            + "\r\n\r\n"
            + "image\r\n"
            + "--"
            + boundary
            + "--\r\n";
    TestServer.Resp r =
        t.call(
            "POST",
            "/api/v1/sessions/" + session + "/messages/media",
            TestServer.ADMIN_KEY,
            RequestBody.create(
                body.getBytes(StandardCharsets.US_ASCII),
                MediaType.get("multipart/form-data; boundary=" + boundary)));
    assertEquals(413, r.status(), r.text());
    assertEquals("payload_too_large", r.errorCode());
    assertEquals(16_384.0, r.errorDetails().get("limitBytes"));
    assertEquals("partHeaders", r.errorDetails().get("limit"));
    assertTrue(r.text().contains("headers exceed 16384 bytes"), r.text());
  }

  @Test
  void forbiddenNamesTheRequiredCapability() {
    String reader =
        t.api()
            .createApiKey(
                new dev.wagateway.client.model.CreateApiKeyRequest(
                    "reader",
                    dev.wagateway.client.model.ApiKeyMode.LIVE,
                    List.of(dev.wagateway.client.model.Capability.READ),
                    null))
            .secret();
    WagatewayApiException e =
        assertThrows(
            WagatewayApiException.class,
            () ->
                t.client(reader)
                    .api()
                    .createSession(
                        new dev.wagateway.client.model.CreateSessionRequest("x", null, false)));
    assertEquals(403, e.status());
    assertEquals("manage", e.details().get("required"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String body) throws java.io.IOException {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(body);
  }
}
