package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.server.internal.session.SessionService.IdentityView;
import dev.wagateway.server.internal.session.SessionService.NewSessionSpec;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway family's message endpoints over raw HTTP, on the fake session layer. */
class GatewayMessagesIT {
  private TestServer t;
  private String session;

  @BeforeEach
  void start() throws Exception {
    t = new TestServer();
    session = t.sessions.create(new NewSessionSpec("org_default", null, "m", null, true)).id();
    t.sessions.pair(
        session,
        new IdentityView("628123456789:7@s.whatsapp.net", "1234:7@lid", 7, "628123456789", "Ana"));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private String messages() {
    return "/api/v1/sessions/" + session + "/messages";
  }

  @Test
  void sendTextIs202PendingAndGetMessageFollowsItsStatus() throws Exception {
    TestServer.Resp r =
        t.admin("POST", messages(), "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"Hello\"}");
    assertEquals(202, r.status(), r.text());
    Map<String, Object> m = r.json();
    assertEquals("pending", m.get("status"));
    assertEquals("text", m.get("type"));
    assertEquals(session, m.get("sessionId"));
    assertEquals("628111222333@s.whatsapp.net", m.get("to"));
    String id = (String) m.get("id");
    assertTrue(t.sessions.calls.contains(
        "sendText " + session + " 628111222333@s.whatsapp.net Hello"), t.sessions.calls.toString());

    t.sessions.acknowledge(session, id);
    TestServer.Resp got = t.admin("GET", messages() + "/" + id, null);
    assertEquals(200, got.status());
    assertEquals("sent", got.json().get("status"));
    assertEquals(id, got.json().get("id"));

    TestServer.Resp unknown = t.admin("GET", messages() + "/3EBNOPE", null);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.errorCode());
  }

  @Test
  void validationErrorsNameTheField() throws Exception {
    Map<String, String> cases =
        Map.of(
            "{\"type\":\"text\",\"text\":\"x\"}", "to",
            "{\"type\":\"text\",\"to\":\"+62811\",\"text\":\"x\"}", "to",
            "{\"type\":\"carrier-pigeon\",\"to\":\"628111222333\",\"text\":\"x\"}", "type",
            "{\"to\":\"628111222333\",\"text\":\"x\"}", "type",
            "{\"type\":\"text\",\"to\":\"628111222333\"}", "text",
            "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"\"}", "text",
            "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"x\",\"colour\":1}", "colour");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestServer.Resp r = t.admin("POST", messages(), c.getKey());
      assertEquals(400, r.status(), c.getKey());
      assertEquals("validation_error", r.errorCode(), c.getKey());
      assertEquals(c.getValue(), r.errorDetails().get("field"), c.getKey());
    }
    assertTrue(t.sessions.calls.stream().noneMatch(c -> c.startsWith("sendText")));
  }

  @Test
  void anotherOrgsSessionIs404AndAnUnpairedOneIs409() throws Exception {
    String other = t.sessions.create(new NewSessionSpec("org_other", null, "x", null, true)).id();
    String body = "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"x\"}";
    for (String[] req :
        new String[][] {
          {"POST", "/api/v1/sessions/" + other + "/messages", body},
          {"GET", "/api/v1/sessions/" + other + "/messages/3EB0", null},
        }) {
      TestServer.Resp r = t.admin(req[0], req[1], req[2]);
      assertEquals(404, r.status(), req[1]);
      assertEquals("not_found", r.errorCode());
    }
    String unpaired = t.sessions.create(new NewSessionSpec("org_default", null, "u", null, false)).id();
    TestServer.Resp conflict = t.admin("POST", "/api/v1/sessions/" + unpaired + "/messages", body);
    assertEquals(409, conflict.status());
    assertEquals("conflict", conflict.errorCode());
    assertTrue(t.sessions.calls.stream().noneMatch(c -> c.startsWith("sendText")));
  }

  @Test
  void sendingNeedsTheSendCapabilityAndReadingNeedsRead() throws Exception {
    String readOnly = key("[\"read\"]");
    String body = "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"x\"}";
    TestServer.Resp forbidden = t.call("POST", messages(), readOnly, body);
    assertEquals(403, forbidden.status());
    assertEquals("forbidden", forbidden.errorCode());
    String sendOnly = key("[\"send\"]");
    TestServer.Resp sent = t.call("POST", messages(), sendOnly, body);
    assertEquals(202, sent.status());
    String id = (String) sent.json().get("id");
    assertEquals(403, t.call("GET", messages() + "/" + id, sendOnly, null).status());
    assertEquals(200, t.call("GET", messages() + "/" + id, readOnly, null).status());
    assertEquals(1, t.sessions.calls.stream().filter(c -> c.startsWith("sendText")).count());
  }

  private String key(String capabilities) throws Exception {
    TestServer.Resp r =
        t.admin("POST", "/api/v1/api-keys", "{\"name\":\"k\",\"capabilities\":" + capabilities + "}");
    assertEquals(201, r.status(), r.text());
    return (String) r.json().get("secret");
  }

}
