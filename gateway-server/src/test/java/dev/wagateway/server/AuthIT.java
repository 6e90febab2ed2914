package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.model.ApiKeyMode;
import dev.wagateway.client.model.Capability;
import dev.wagateway.client.model.CreateApiKeyRequest;
import dev.wagateway.client.model.CreatedApiKey;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.internal.auth.Secrets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 401/403/404 semantics, API keys (shown once, stored hashed), test mode, rate limit. */
class AuthIT {
  private TestServer t;

  @BeforeEach
  void start() throws Exception {
    t = new TestServer();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void missingOrBadCredentialIs401InEachFamilysShape() throws Exception {
    TestServer.Resp none = t.call("GET", "/api/v1/sessions", null, null);
    assertEquals(401, none.status());
    assertEquals("unauthorized", none.errorCode());
    assertEquals("Bearer", none.header("WWW-Authenticate"));
    assertEquals(
        401,
        t.call(
                "GET",
                "/api/v1/sessions",
                "wg_live_aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                null)
            .status());
    assertEquals(401, t.call("GET", "/api/v1/sessions", TestServer.ADMIN_KEY + "x", null).status());
    assertEquals(401, t.call("GET", "/api/v1/sessions", "a.b.c", null).status());
    TestServer.Resp alt = t.call("GET", "/v1/senders", "nope", null);
    assertEquals(401, alt.status());
    assertEquals("unauthorized", alt.json().get("code"));
    // public routes need nothing
    assertEquals(200, t.call("GET", "/healthz", null, null).status());
    assertEquals(200, t.call("GET", "/openapi.json", null, null).status());
  }

  @Test
  void keyIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
    CreatedApiKey created =
        t.api()
            .createApiKey(
                new CreateApiKeyRequest("ci", ApiKeyMode.LIVE, List.of(Capability.READ), null));
    String secret = created.secret();
    assertTrue(secret.startsWith("wg_live_"));
    assertTrue(secret.startsWith(created.apiKey().prefix()));
    assertEquals(List.of(Capability.READ), created.apiKey().capabilities());
    // the listing never shows it again
    String listing = t.admin("GET", "/api/v1/api-keys", null).text();
    assertTrue(listing.contains(created.apiKey().id()));
    assertFalse(listing.contains(secret.substring(created.apiKey().prefix().length())));
    // the row holds the SHA-256 and nothing of the secret part
    Path db = t.dataDir.resolve("wagateway.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement("SELECT * FROM api_keys WHERE id = ?")) {
      ps.setString(1, created.apiKey().id());
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertArrayEquals(Secrets.sha256(secret), rs.getBytes("secret_hash"));
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          String v = rs.getString(i);
          assertFalse(
              v != null && v.contains(secret.substring(24)), rs.getMetaData().getColumnName(i));
        }
      }
    }
    // the key works, with its capabilities only
    assertEquals(200, t.call("GET", "/api/v1/sessions", secret, null).status());
    TestServer.Resp forbidden = t.call("POST", "/api/v1/sessions", secret, "{}");
    assertEquals(403, forbidden.status());
    assertEquals("forbidden", forbidden.errorCode());
    assertEquals(403, t.call("POST", "/v1/senders", secret, "{\"name\":\"x\"}").status());
    // it can't mint a key with more than it has
    assertEquals(
        403,
        t.call("POST", "/api/v1/api-keys", secret, "{\"name\":\"x\",\"capabilities\":[\"manage\"]}")
            .status());
    // deleted keys stop working
    t.api().deleteApiKey(created.apiKey().id());
    assertEquals(401, t.call("GET", "/api/v1/sessions", secret, null).status());
    assertEquals(
        404, t.admin("DELETE", "/api/v1/api-keys/" + created.apiKey().id(), null).status());
  }

  @Test
  void apiKeyValidation() throws Exception {
    Map<String, String> cases =
        Map.of(
            "{\"capabilities\":[\"read\"]}", "name",
            "{\"name\":\"x\"}", "capabilities",
            "{\"name\":\"x\",\"capabilities\":[]}", "capabilities",
            "{\"name\":\"x\",\"capabilities\":[\"root\"]}", "capabilities",
            "{\"name\":\"x\",\"capabilities\":[\"read\"],\"mode\":\"prod\"}", "mode",
            "{\"name\":\"x\",\"capabilities\":[\"read\"],\"expiresAt\":\"tomorrow\"}", "expiresAt");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestServer.Resp r = t.admin("POST", "/api/v1/api-keys", c.getKey());
      assertEquals(400, r.status(), c.getKey());
      assertEquals(c.getValue(), r.errorDetails().get("field"), c.getKey());
    }
  }

  @Test
  void testModeKeysGet400OnWhatsappAltOnly() throws Exception {
    String test =
        t.api()
            .createApiKey(
                new CreateApiKeyRequest(
                    "sandbox", ApiKeyMode.TEST, List.of(Capability.MANAGE, Capability.READ), null))
            .secret();
    assertTrue(test.startsWith("wg_test_"));
    TestServer.Resp r = t.call("GET", "/v1/whatsapp-alt/sessions", test, null);
    assertEquals(400, r.status());
    assertEquals("test_mode_unsupported", r.json().get("code"));
    assertEquals(
        400,
        t.call("POST", "/v1/whatsapp-alt/egress-nodes", test, "{\"senderId\":\"x\"}").status());
    assertEquals(200, t.call("GET", "/v1/senders", test, null).status());
    assertEquals(200, t.call("GET", "/api/v1/sessions", test, null).status());
  }

  @Test
  void anotherOrgsResourcesAre404NotForbidden() throws Exception {
    // a session and sender in another organization (created below the API, as its own org would)
    var other =
        t.sessions.create(
            new dev.wagateway.server.internal.session.SessionService.NewSessionSpec(
                "org_other", null, "theirs", null, false));
    for (String[] req :
        new String[][] {
          {"GET", "/api/v1/sessions/" + other.id()},
          {"DELETE", "/api/v1/sessions/" + other.id()},
          {"POST", "/api/v1/sessions/" + other.id() + ":start"},
          {"POST", "/api/v1/sessions/" + other.id() + "/logout"},
          {"GET", "/api/v1/sessions/" + other.id() + "/qr"},
          {"GET", "/api/v1/sessions/" + other.id() + "/me"},
          {"GET", "/v1/whatsapp-alt/sessions/" + other.id()},
          {"GET", "/api/v1/events?session=" + other.id()},
        }) {
      TestServer.Resp r = t.admin(req[0], req[1], null);
      assertEquals(404, r.status(), req[0] + " " + req[1]);
    }
    assertEquals(0, t.api().listSessions().items().size());
    assertFalse(t.sessions.calls.contains("start " + other.id()));
    assertFalse(t.sessions.calls.contains("delete " + other.id()));
  }

  @Test
  void rateLimitAnswers429WithRetryAfter() throws Exception {
    try (TestServer limited =
        new TestServer(b -> b.http(new ServerConfig.Http("127.0.0.1", null, 1 << 20, 0.5, 3)))) {
      for (int i = 0; i < 3; i++) {
        assertEquals(200, limited.admin("GET", "/api/v1/sessions", null).status());
      }
      TestServer.Resp r = limited.admin("GET", "/api/v1/sessions", null);
      assertEquals(429, r.status());
      assertEquals("rate_limited", r.errorCode());
      assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
      WagatewayApiException e =
          assertThrows(WagatewayApiException.class, () -> limited.api().listSenders());
      assertEquals(429, e.status());
    }
  }
}
