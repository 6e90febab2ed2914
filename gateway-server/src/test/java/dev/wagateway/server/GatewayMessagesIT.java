package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
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
        t.admin(
            "POST", messages(), "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"Hello\"}");
    assertEquals(202, r.status(), r.text());
    Map<String, Object> m = r.json();
    assertEquals("pending", m.get("status"));
    assertEquals("text", m.get("type"));
    assertEquals(session, m.get("sessionId"));
    assertEquals("628111222333@s.whatsapp.net", m.get("to"));
    String id = (String) m.get("id");
    assertTrue(
        t.sessions.calls.contains("sendText " + session + " 628111222333@s.whatsapp.net Hello"),
        t.sessions.calls.toString());

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
  void aFullSendQueueIs429QueueFullWithRetryAfter() throws Exception {
    t.sessions.sendFailure =
        new GatewayException(ErrorCode.QUEUE_FULL, "the session's send queue is full");
    long start = System.nanoTime();
    TestServer.Resp r =
        t.admin("POST", messages(), "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"x\"}");
    assertEquals(429, r.status(), r.text());
    assertEquals("queue_full", r.errorCode());
    assertEquals("1", r.header("Retry-After"));
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered at once");
    t.sessions.sendFailure = null;
    TestServer.Resp later =
        t.admin("POST", messages(), "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"x\"}");
    assertEquals(202, later.status(), later.text());
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
    String unpaired =
        t.sessions.create(new NewSessionSpec("org_default", null, "u", null, false)).id();
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
    // send includes read (the document's Capability schema)
    assertEquals(200, t.call("GET", messages() + "/" + id, sendOnly, null).status());
    assertEquals(200, t.call("GET", messages() + "/" + id, readOnly, null).status());
    assertEquals(1, t.sessions.calls.stream().filter(c -> c.startsWith("sendText")).count());
  }

  private String key(String capabilities) throws Exception {
    TestServer.Resp r =
        t.admin(
            "POST", "/api/v1/api-keys", "{\"name\":\"k\",\"capabilities\":" + capabilities + "}");
    assertEquals(201, r.status(), r.text());
    return (String) r.json().get("secret");
  }

  @Test
  void everyMessageTypeValidatesItsFieldsAndNamesTheField() throws Exception {
    String to = "\"to\":\"628111222333\"";
    Map<String, String> cases =
        Map.of(
            "{\"type\":\"reaction\"," + to + ",\"messageId\":\"3EB0\"}", "emoji",
            "{\"type\":\"reaction\"," + to + ",\"emoji\":\"x\"}", "messageId",
            "{\"type\":\"image\"," + to + "}", "mediaUrl",
            "{\"type\":\"image\"," + to + ",\"mediaUrl\":\"ftp://x.example/a\"}", "mediaUrl",
            "{\"type\":\"audio\","
                    + to
                    + ",\"mediaUrl\":\"https://x.example/a\",\"caption\":\"c\"}",
                "caption",
            "{\"type\":\"image\","
                    + to
                    + ",\"mediaUrl\":\"https://x.example/a\",\"voiceNote\":true}",
                "voiceNote",
            "{\"type\":\"image\","
                    + to
                    + ",\"mediaUrl\":\"https://x.example/a\",\"filename\":\"a\"}",
                "filename",
            "{\"type\":\"text\"," + to + ",\"text\":\"x\",\"replyTo\":\"\"}", "replyTo",
            "{\"type\":\"text\"," + to + ",\"text\":\"x\",\"replyTo\":7}", "replyTo",
            "{\"type\":\"reaction\","
                    + to
                    + ",\"messageId\":\"3EB0\",\"emoji\":\"x\",\"text\":\"t\"}",
                "text");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestServer.Resp r = t.admin("POST", messages(), c.getKey());
      assertEquals(400, r.status(), c.getKey());
      assertEquals("validation_error", r.errorCode(), c.getKey());
      assertEquals(c.getValue(), r.errorDetails().get("field"), c.getKey());
    }
    assertTrue(
        t.sessions.calls.stream().noneMatch(c -> c.startsWith("send")),
        t.sessions.calls.toString());
  }

  @Test
  void repliesReactionsAndMediaReachTheSessionLayerAsTyped() throws Exception {
    assertEquals(
        202,
        t.admin(
                "POST",
                messages(),
                "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"yes\",\"replyTo\":\"3EB0A\"}")
            .status());
    assertEquals(
        202,
        t.admin(
                "POST",
                messages(),
                "{\"type\":\"reaction\",\"to\":\"628111222333@s.whatsapp.net\",\"messageId\":\"3EB0A\",\"emoji\":\"\"}")
            .status());
    TestServer.Resp media =
        t.admin(
            "POST",
            messages(),
            "{\"type\":\"audio\",\"to\":\"628111222333\",\"mediaUrl\":\"https://x.example/v.ogg\","
                + "\"mimeType\":\"Audio/OGG;codecs=opus\",\"voiceNote\":true}");
    assertEquals(202, media.status(), media.text());
    assertEquals("audio", media.json().get("type"));
    assertEquals(
        java.util.List.of(
            "sendText " + session + " 628111222333@s.whatsapp.net yes replyTo=3EB0A",
            "sendReaction " + session + " 628111222333@s.whatsapp.net 3EB0A ",
            "sendMedia " + session + " 628111222333@s.whatsapp.net audio"),
        t.sessions.calls.stream().filter(c -> c.startsWith("send")).toList());
    var sent = t.sessions.media.get(0);
    assertEquals("audio/ogg; codecs=opus", sent.mimeType());
    assertEquals(java.net.URI.create("https://x.example/v.ogg"), sent.url());
    assertTrue(sent.voiceNote());
    assertEquals(null, sent.file());
  }

  @Test
  void anUploadIsSpooledAndHandedToTheSessionLayerWithItsBytes() throws Exception {
    byte[] bytes = new byte[200_000];
    new java.util.Random(7).nextBytes(bytes);
    TestServer.Resp r =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(
                bytes,
                "application/pdf",
                "q3.pdf",
                "type",
                "document",
                "to",
                "628111222333",
                "caption",
                "Q3",
                "replyTo",
                "3EB0B"));
    assertEquals(202, r.status(), r.text());
    var sent = t.sessions.media.get(0);
    assertEquals("document", sent.type());
    assertEquals("application/pdf", sent.mimeType());
    assertEquals("q3.pdf", sent.filename());
    assertEquals("Q3", sent.caption());
    assertEquals("3EB0B", sent.replyTo());
    assertArrayEquals(bytes, java.nio.file.Files.readAllBytes(sent.file()));

    TestServer.Resp noFile =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(null, null, null, "type", "image", "to", "628111222333"));
    assertEquals(400, noFile.status(), noFile.text());
    assertEquals("file", noFile.errorDetails().get("field"));
    TestServer.Resp unknown =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(
                new byte[] {1},
                "image/png",
                "a.png",
                "type",
                "image",
                "to",
                "628111222333",
                "colour",
                "red"));
    assertEquals(400, unknown.status());
    assertEquals("colour", unknown.errorDetails().get("field"));
    TestServer.Resp json =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            okhttp3.RequestBody.create("{}", TestServer.JSON));
    assertEquals(415, json.status());
    assertEquals("unsupported_media_type", json.errorCode());
    TestServer.Resp image =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(
                new byte[16 * 1024 * 1024 + 1],
                "image/jpeg",
                "big.jpg",
                "type",
                "image",
                "to",
                "628111222333"));
    assertEquals(413, image.status(), image.text());
    assertEquals(16.0 * 1024 * 1024, image.errorDetails().get("limitBytes"));
    assertEquals(1, t.sessions.media.size(), "only the good upload was handed on");
  }

  @Test
  void idempotencyKeysArePerSessionAndAFailedRequestReleasesItsKey() throws Exception {
    String body = "{\"type\":\"text\",\"to\":\"628111222333\",\"text\":\"once\"}";
    okhttp3.RequestBody json = okhttp3.RequestBody.create(body, TestServer.JSON);
    TestServer.Resp first =
        t.call("POST", messages(), TestServer.ADMIN_KEY, json, "Idempotency-Key", "k1");
    TestServer.Resp again =
        t.call("POST", messages(), TestServer.ADMIN_KEY, json, "Idempotency-Key", "k1");
    assertEquals(first.json(), again.json());
    assertEquals(1, t.sessions.calls.stream().filter(c -> c.startsWith("sendText")).count());

    String other = t.sessions.create(new NewSessionSpec("org_default", null, "o", null, true)).id();
    t.sessions.pair(
        other, new IdentityView("628000000001:2@s.whatsapp.net", null, 2, "628000000001", "O"));
    TestServer.Resp elsewhere =
        t.call(
            "POST",
            "/api/v1/sessions/" + other + "/messages",
            TestServer.ADMIN_KEY,
            json,
            "Idempotency-Key",
            "k1");
    assertEquals(202, elsewhere.status());
    assertEquals(2, t.sessions.calls.stream().filter(c -> c.startsWith("sendText")).count());

    String unpaired =
        t.sessions.create(new NewSessionSpec("org_default", null, "u", null, false)).id();
    String path = "/api/v1/sessions/" + unpaired + "/messages";
    TestServer.Resp refused =
        t.call("POST", path, TestServer.ADMIN_KEY, json, "Idempotency-Key", "k2");
    assertEquals(409, refused.status());
    assertEquals("session_not_connected", refused.errorDetails().get("reason"));
    t.sessions.pair(
        unpaired, new IdentityView("628000000002:2@s.whatsapp.net", null, 2, "628000000002", "U"));
    TestServer.Resp retried =
        t.call("POST", path, TestServer.ADMIN_KEY, json, "Idempotency-Key", "k2");
    assertEquals(
        202, retried.status(), "the refused request did not keep the key: " + retried.text());
  }
}
