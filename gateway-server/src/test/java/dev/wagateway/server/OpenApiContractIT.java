package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.SessionService.IdentityView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is the contract: every route served is documented, every documented route is
 * served, and every answer of a scenario covering each operation, errors included, validates
 * against its documented schema.
 */
class OpenApiContractIT {
  /** Documented but not served: none. */
  static final Set<String> NOT_SERVED = Set.of();

  private TestServer t;
  private OpenApiValidator validator;
  private final Set<String> exercised = new TreeSet<>();
  private final List<String> problems = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    t = new TestServer();
    validator = new OpenApiValidator(t.call("GET", "/openapi.json", null, null).bytes());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void everyServedRouteIsDocumentedAndViceVersa() {
    Set<String> served = new TreeSet<>();
    for (Route r : t.server.api().routes()) {
      served.add(r.method() + " " + r.template());
    }
    Set<String> documented = validator.operations();
    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    assertEquals(Set.of(), undocumented, "served but not documented");
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(served);
    assertEquals(4, validator.demoOnly().size());
    missing.removeAll(validator.demoOnly()); // DemoPairingIT checks those in demo mode
    assertEquals(NOT_SERVED, missing, "documented but not served");
  }

  @Test
  void openApiDocumentIsServedAsIs() throws Exception {
    byte[] served = t.call("GET", "/openapi.json", null, null).bytes();
    byte[] resource = GatewayServer.class.getResourceAsStream("openapi.json").readAllBytes();
    assertTrue(java.util.Arrays.equals(resource, served));
    assertEquals("3.0.3", validator.doc.get("openapi"));
  }

  @Test
  void responsesOfEveryOperationValidate() throws Exception {
    String admin = TestServer.ADMIN_KEY;
    call("GET", "/healthz", "/healthz", null, null, 200);
    call("GET", "/openapi.json", "/openapi.json", null, null, 200);

    // gateway family
    String s = "/api/v1/sessions/{session}";
    Map<String, Object> session =
        call("POST", "/api/v1/sessions", "/api/v1/sessions", admin, "{\"name\":\"n\"}", 201);
    String id = (String) session.get("id");
    call("POST", "/api/v1/sessions", "/api/v1/sessions", admin, "{\"name\":1}", 400);
    call("POST", "/api/v1/sessions", "/api/v1/sessions", null, "{}", 401);
    call(
        "POST",
        "/api/v1/sessions",
        "/api/v1/sessions",
        admin,
        "{\"egress\":{\"kind\":\"android\",\"nodeId\":\"nd_x\"}}",
        404);
    call("GET", "/api/v1/sessions", "/api/v1/sessions", admin, null, 200);
    call("GET", "/api/v1/sessions", "/api/v1/sessions?limit=0", admin, null, 400);
    call("GET", s, "/api/v1/sessions/" + id, admin, null, 200);
    call("GET", s, "/api/v1/sessions/nope", admin, null, 404);
    call("GET", s + "/qr", "/api/v1/sessions/" + id + "/qr", admin, null, 404);
    t.sessions.issueQr(id, "2@x", Instant.now().plusSeconds(30));
    call("GET", s + "/qr", "/api/v1/sessions/" + id + "/qr", admin, null, 200);
    call("GET", s + "/qr", "/api/v1/sessions/" + id + "/qr?format=svg", admin, null, 400);
    call(
        "POST",
        s + "/pairing-code",
        "/api/v1/sessions/" + id + "/pairing-code",
        admin,
        "{\"phone\":\"628123456789\"}",
        200);
    call("POST", s + "/pairing-code", "/api/v1/sessions/" + id + "/pairing-code", admin, "{}", 400);
    call("GET", s + "/me", "/api/v1/sessions/" + id + "/me", admin, null, 404);
    t.sessions.pair(
        id, new IdentityView("628123456789:1@s.whatsapp.net", "9:1@lid", 1, "628123456789", "P"));
    call("GET", s + "/me", "/api/v1/sessions/" + id + "/me", admin, null, 200);
    String msgs = "/api/v1/sessions/" + id + "/messages";
    Map<String, Object> sent =
        call(
            "POST",
            s + "/messages",
            msgs,
            admin,
            "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"hi\"}",
            202);
    call("POST", s + "/messages", msgs, admin, "{\"type\":\"text\",\"text\":\"hi\"}", 400);
    call(
        "POST",
        s + "/messages",
        "/api/v1/sessions/nope/messages",
        admin,
        "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"hi\"}",
        404);
    call(
        "POST",
        s + "/messages",
        msgs,
        admin,
        "{\"type\":\"sticker\",\"to\":\"628111222333\",\"mediaUrl\":\"https://x.example/a\",\"mimeType\":\"image/png\"}",
        415);
    call(
        "POST",
        s + "/messages",
        msgs,
        admin,
        "{\"type\":\"image\",\"to\":\"628111222333\",\"mediaUrl\":\"https://x.example/a.jpg\"}",
        202);
    String media = s + "/messages/media";
    upload(
        media,
        msgs + "/media",
        TestServer.upload(
            new byte[] {1, 2, 3}, "image/png", "a.png", "type", "image", "to", "628111222333"),
        202);
    upload(
        media,
        msgs + "/media",
        TestServer.upload(
            new byte[] {1, 2, 3}, "text/plain", "a.txt", "type", "image", "to", "628111222333"),
        415);
    upload(
        media,
        msgs + "/media",
        TestServer.upload(
            new byte[600 * 1024], "image/webp", "s.webp", "type", "sticker", "to", "628111222333"),
        413);
    upload(
        media,
        msgs + "/media",
        TestServer.upload(new byte[] {1}, "image/png", "a.png", "type", "image"),
        400);
    upload(
        media,
        "/api/v1/sessions/nope/messages/media",
        TestServer.upload(
            new byte[] {1}, "image/png", "a.png", "type", "image", "to", "628111222333"),
        404);
    call("GET", s + "/messages/{messageId}", msgs + "/" + sent.get("id"), admin, null, 200);
    call("GET", s + "/messages/{messageId}", msgs + "/3EBNOPE", admin, null, 404);
    call("GET", s, "/api/v1/sessions/" + id, admin, null, 200);
    call("POST", s + ":stop", "/api/v1/sessions/" + id + ":stop", admin, null, 200);
    call("POST", s + ":start", "/api/v1/sessions/" + id + ":start", admin, null, 200);
    call("POST", s + ":start", "/api/v1/sessions/nope:start", admin, null, 404);
    call("POST", s + "/logout", "/api/v1/sessions/" + id + "/logout", admin, null, 200);
    call("GET", s, "/api/v1/sessions/" + id, admin, null, 200);
    call("DELETE", s, "/api/v1/sessions/" + id, admin, null, 204);
    call("DELETE", s, "/api/v1/sessions/" + id, admin, null, 404);
    call("GET", "/api/v1/events", "/api/v1/events?types=bogus", admin, null, 400);
    call("GET", "/api/v1/events", "/api/v1/events?session=nope", admin, null, 404);

    Map<String, Object> key =
        call(
            "POST",
            "/api/v1/api-keys",
            "/api/v1/api-keys",
            admin,
            "{\"name\":\"k\",\"capabilities\":[\"read\"],\"expiresAt\":\"2099-01-01T00:00:00Z\"}",
            201);
    String readOnly = (String) key.get("secret");
    call("POST", "/api/v1/api-keys", "/api/v1/api-keys", admin, "{\"name\":\"k\"}", 400);
    call(
        "POST",
        "/api/v1/api-keys",
        "/api/v1/api-keys",
        readOnly,
        "{\"name\":\"k\",\"capabilities\":[\"read\"]}",
        403);
    call("GET", "/api/v1/api-keys", "/api/v1/api-keys", admin, null, 200);
    call("GET", "/api/v1/sessions", "/api/v1/sessions", readOnly, null, 200);
    call(
        "DELETE",
        "/api/v1/api-keys/{apiKeyId}",
        "/api/v1/api-keys/" + ((Map<?, ?>) key.get("apiKey")).get("id"),
        admin,
        null,
        204);
    call("DELETE", "/api/v1/api-keys/{apiKeyId}", "/api/v1/api-keys/key_nope", admin, null, 404);

    Map<String, Object> hook =
        call(
            "POST",
            "/api/v1/webhooks",
            "/api/v1/webhooks",
            admin,
            "{\"url\":\"https://hooks.example/x\",\"eventTypes\":[\"auth.qr\",\"session.status\"]}",
            201);
    call(
        "POST",
        "/api/v1/webhooks",
        "/api/v1/webhooks",
        admin,
        "{\"url\":\"nope\",\"eventTypes\":[\"auth.qr\"]}",
        400);
    call(
        "POST",
        "/api/v1/webhooks",
        "/api/v1/webhooks",
        admin,
        "{\"url\":\"https://h.example\",\"eventTypes\":[\"auth.qr\"],\"sessionId\":\"nope\"}",
        404);
    call(
        "POST",
        "/api/v1/webhooks",
        "/api/v1/webhooks",
        admin,
        "{\"url\":\"https://169.254.169.254/x\",\"eventTypes\":[\"auth.qr\"]}",
        400);
    call("GET", "/api/v1/webhooks", "/api/v1/webhooks", admin, null, 200);
    String w = "/api/v1/webhooks/{webhookId}";
    String wh = "/api/v1/webhooks/" + ((Map<?, ?>) hook.get("webhook")).get("id");
    call("GET", w, wh, admin, null, 200);
    call("GET", w, "/api/v1/webhooks/wh_nope", admin, null, 404);
    call("POST", w + ":pause", wh + ":pause", admin, null, 200);
    call("POST", w + ":resume", wh + ":resume", admin, null, 200);
    call("POST", w + ":rotateSecret", wh + ":rotateSecret", admin, "{\"overlapSeconds\":60}", 200);
    call("POST", w + ":rotateSecret", wh + ":rotateSecret", admin, "{\"overlapSeconds\":-1}", 400);
    Map<String, Object> test = call("POST", w + ":test", wh + ":test", admin, null, 202);
    call("GET", w + "/deliveries", wh + "/deliveries?status=pending&limit=5", admin, null, 200);
    call("GET", w + "/deliveries", wh + "/deliveries?status=bogus", admin, null, 400);
    String retry = w + "/deliveries/{deliveryId}:retry";
    call("POST", retry, wh + "/deliveries/" + test.get("id") + ":retry", admin, null, 202);
    call("POST", retry, wh + "/deliveries/msg_nope:retry", admin, null, 404);
    call("DELETE", w, wh, admin, null, 204);
    call("DELETE", "/api/v1/webhooks/{webhookId}", "/api/v1/webhooks/wh_nope", admin, null, 404);

    // Zavu family
    Map<String, Object> sender =
        call(
            "POST",
            "/v1/senders",
            "/v1/senders",
            admin,
            "{\"name\":\"S\",\"phoneNumber\":\"+56912345678\"}",
            201);
    String senderId = (String) sender.get("id");
    call("POST", "/v1/senders", "/v1/senders", admin, "{}", 400);
    call("GET", "/v1/senders", "/v1/senders", admin, null, 200);
    call("GET", "/v1/senders/{senderId}", "/v1/senders/" + senderId, admin, null, 200);
    call("GET", "/v1/senders/{senderId}", "/v1/senders/nope", admin, null, 404);
    call("GET", "/v1/senders/{senderId}", "/v1/senders/" + senderId, null, null, 401);

    String n = "/v1/whatsapp-alt/egress-nodes";
    Map<String, Object> node =
        call("POST", n, n, admin, "{\"senderId\":\"" + senderId + "\",\"label\":\"L\"}", 201);
    String nodeId = (String) ((Map<?, ?>) node.get("node")).get("id");
    call("POST", n, n, admin, "{}", 400);
    call("POST", n, n, admin, "{\"senderId\":\"nope\"}", 404);
    call("GET", n, n, admin, null, 200);
    call("GET", n + "/{nodeId}", n + "/" + nodeId, admin, null, 200);
    call(
        "POST",
        n + "/{nodeId}/pairing-token",
        n + "/" + nodeId + "/pairing-token",
        admin,
        null,
        200);
    call("GET", n + "/{nodeId}/pairing-qr", n + "/" + nodeId + "/pairing-qr", admin, null, 200);
    call(
        "GET",
        n + "/{nodeId}/pairing-qr",
        n + "/" + nodeId + "/pairing-qr?size=9999",
        admin,
        null,
        400);

    String a = "/v1/whatsapp-alt/sessions";
    Map<String, Object> alt =
        call("POST", a, a, admin, "{\"displayName\":\"D\",\"senderId\":\"" + senderId + "\"}", 201);
    String altId = (String) ((Map<?, ?>) alt.get("session")).get("id");
    call("POST", a, a, admin, "{\"egress\":{\"kind\":\"direct\"}}", 400);
    call("POST", a, a, admin, "{\"senderId\":\"nope\"}", 404);
    call("GET", a, a, admin, null, 200);
    t.sessions.issueQr(altId, "2@alt", Instant.now().plusSeconds(30));
    call("GET", a + "/{sessionId}", a + "/" + altId, admin, null, 200);
    call("GET", a + "/{sessionId}", a + "/nope", admin, null, 404);
    call(
        "PUT",
        a + "/{sessionId}/egress",
        a + "/" + altId + "/egress",
        admin,
        "{\"kind\":\"android\",\"nodeId\":\"" + nodeId + "\",\"country\":\"cl\"}",
        200);
    call(
        "PUT",
        a + "/{sessionId}/egress",
        a + "/" + altId + "/egress",
        admin,
        "{\"kind\":\"direct\"}",
        400);
    call(
        "PUT",
        a + "/{sessionId}/egress",
        a + "/nope/egress",
        admin,
        "{\"kind\":\"external\"}",
        404);
    call("DELETE", a + "/{sessionId}", a + "/" + altId, admin, null, 204);
    call("DELETE", a + "/{sessionId}", a + "/" + altId, admin, null, 404);
    call("DELETE", n + "/{nodeId}", n + "/" + nodeId, admin, null, 204);
    call("DELETE", n + "/{nodeId}", n + "/" + nodeId, admin, null, 404);
    call("GET", n + "/{nodeId}", n + "/" + nodeId, admin, null, 404);

    assertEquals(List.of(), problems);
    Set<String> notExercised = new TreeSet<>(validator.operations());
    notExercised.removeAll(exercised);
    notExercised.removeAll(NOT_SERVED);
    notExercised.removeAll(validator.demoOnly());
    notExercised.remove("GET /api/v1/events"); // 200 is a stream: EventsIT
    assertEquals(Set.of(), notExercised);
  }

  private Map<String, Object> upload(
      String template, String path, okhttp3.RequestBody body, int expected) throws Exception {
    return check(
        "POST", template, path, t.call("POST", path, TestServer.ADMIN_KEY, body), expected);
  }

  private Map<String, Object> call(
      String method, String template, String path, String token, String body, int expected)
      throws Exception {
    return check(method, template, path, t.call(method, path, token, body), expected);
  }

  private Map<String, Object> check(
      String method, String template, String path, TestServer.Resp r, int expected)
      throws Exception {
    if (r.status() != expected) {
      problems.add(
          method + " " + path + ": status " + r.status() + " not " + expected + ": " + r.text());
      return Map.of();
    }
    exercised.add(method + " " + template);
    if (r.bytes().length == 0
        || r.contentType() == null
        || !r.contentType().startsWith("application/json")) {
      if (validator.responseSchema(method, template, r.status()) != null) {
        problems.add(method + " " + path + ": documented a JSON body, got " + r.contentType());
      }
      return Map.of();
    }
    Map<String, Object> json = r.json();
    for (String p : validator.validateResponse(method, template, r.status(), json)) {
      problems.add(method + " " + path + " " + r.status() + " " + p);
    }
    return json;
  }
}
