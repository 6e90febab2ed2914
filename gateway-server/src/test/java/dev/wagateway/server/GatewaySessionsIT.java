package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.EgressKind;
import dev.wagateway.client.model.EgressSpec;
import dev.wagateway.client.model.PairingCodeRequest;
import dev.wagateway.client.model.Session;
import dev.wagateway.client.model.SessionIdentity;
import dev.wagateway.client.model.SessionList;
import dev.wagateway.client.model.SessionQr;
import dev.wagateway.client.model.SessionStatus;
import dev.wagateway.server.internal.session.SessionService.IdentityView;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway family's session endpoints through the generated SDK and raw HTTP. */
class GatewaySessionsIT {
  private TestServer t;
  private WagatewayApi api;

  @BeforeEach
  void start() throws Exception {
    t = new TestServer();
    api = t.api();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void lifecycleCreateQrPairMeLogoutQrAgain() throws Exception {
    Session created = api.createSession(new CreateSessionRequest("Support", null, true));
    assertEquals("Support", created.name());
    assertEquals(SessionStatus.STARTING, created.status());
    assertFalse(created.paired());
    assertEquals(EgressKind.PROXY, created.egress().kind());

    // no QR yet: 404, and the session stays started
    WagatewayApiException noQr =
        assertThrows(WagatewayApiException.class, () -> api.getSessionQr(created.id()));
    assertEquals(404, noQr.status());
    assertEquals("not_found", noQr.code());

    Instant expiry = Instant.now().plusSeconds(20);
    t.sessions.issueQr(created.id(), "2@abc,def,ghi,jkl", expiry);
    SessionQr qr = api.getSessionQr(created.id());
    assertEquals("2@abc,def,ghi,jkl", qr.code());
    assertEquals(expiry.toEpochMilli(), qr.expiresAt());
    assertEquals(SessionStatus.PAIRING, api.getSession(created.id()).status());

    byte[] png = api.getSessionQrPng(created.id());
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    TestServer.Resp pngResp =
        t.admin("GET", "/api/v1/sessions/" + created.id() + "/qr?format=png", null);
    assertEquals("image/png", pngResp.contentType());
    assertEquals(Long.toString(expiry.toEpochMilli()), pngResp.header("X-Qr-Expires-At"));

    WagatewayApiException notPaired =
        assertThrows(WagatewayApiException.class, () -> api.getSessionIdentity(created.id()));
    assertEquals(404, notPaired.status());

    t.sessions.pair(
        created.id(),
        new IdentityView("628123456789:7@s.whatsapp.net", "1234:7@lid", 7, "628123456789", "Ana"));
    Session ready = api.getSession(created.id());
    assertEquals(SessionStatus.CONNECTED, ready.status());
    assertTrue(ready.paired());
    assertEquals("628123456789", ready.phone());
    SessionIdentity me = api.getSessionIdentity(created.id());
    assertEquals("628123456789:7@s.whatsapp.net", me.jid());
    assertEquals(7, me.deviceId());
    assertEquals("Ana", me.pushName());

    // QR and pairing code for a paired session: 400 already_paired
    TestServer.Resp paired = t.admin("GET", "/api/v1/sessions/" + created.id() + "/qr", null);
    assertEquals(400, paired.status());
    assertEquals("validation_error", paired.errorCode());
    assertEquals("already_paired", paired.errorDetails().get("reason"));
    TestServer.Resp code =
        t.admin(
            "POST",
            "/api/v1/sessions/" + created.id() + "/pairing-code",
            "{\"phone\":\"628123456789\"}");
    assertEquals(400, code.status());

    Session out = api.logoutSession(created.id());
    assertFalse(out.paired());
    assertEquals(SessionStatus.LOGGED_OUT, out.status());
    Session again = api.logoutSession(created.id());
    assertEquals(SessionStatus.LOGGED_OUT, again.status());

    // /qr after logout starts pairing again (404 until a code exists)
    assertEquals(
        404,
        assertThrows(WagatewayApiException.class, () -> api.getSessionQr(created.id())).status());
    assertTrue(t.sessions.calls.contains("start " + created.id()));
  }

  @Test
  void startStopDeleteAndList() throws Exception {
    Session a = api.createSession(new CreateSessionRequest("a", null, false));
    assertEquals(SessionStatus.STOPPED, a.status());
    Session b = api.createSession(new CreateSessionRequest("b", null, null));
    SessionList list = api.listSessions();
    assertEquals(List.of(b.id(), a.id()), list.items().stream().map(Session::id).toList());
    SessionList page = api.listSessions(1, null);
    assertEquals(1, page.items().size());
    assertEquals(a.id(), api.listSessions(1, page.nextCursor()).items().get(0).id());

    assertEquals(SessionStatus.STARTING, api.startSession(a.id()).status());
    TestServer.Resp colon = t.admin("POST", "/api/v1/sessions/" + a.id() + ":stop", null);
    assertEquals(200, colon.status());
    assertEquals("stopped", colon.json().get("status"));

    api.deleteSession(a.id());
    assertEquals(
        404, assertThrows(WagatewayApiException.class, () -> api.getSession(a.id())).status());
    assertEquals(404, t.admin("POST", "/api/v1/sessions/" + a.id() + ":start", null).status());
    assertEquals(404, t.admin("DELETE", "/api/v1/sessions/" + a.id(), null).status());
    assertEquals(404, t.admin("POST", "/api/v1/sessions/" + b.id() + ":explode", null).status());
  }

  @Test
  void pairingCodeValidatesPhoneAndReturnsCode() throws Exception {
    Session s = api.createSession(new CreateSessionRequest(null, null, false));
    assertEquals(
        "ABCD-EFGH", api.requestPairingCode(s.id(), new PairingCodeRequest("628123456789")).code());
    for (String bad :
        List.of(
            "{\"phone\":\"+628123\"}", "{\"phone\":\"0812\"}", "{}", "{\"phone\":628123456789}")) {
      TestServer.Resp r = t.admin("POST", "/api/v1/sessions/" + s.id() + "/pairing-code", bad);
      assertEquals(400, r.status(), bad);
      assertEquals("validation_error", r.errorCode());
      assertEquals("phone", r.errorDetails().get("field"), bad);
    }
  }

  @Test
  void createValidatesWithFieldDetails() throws Exception {
    Map<String, String> cases =
        Map.of(
            "{\"name\": 5}",
            "name",
            "{\"name\": \"" + "x".repeat(201) + "\"}",
            "name",
            "{\"autoStart\": \"yes\"}",
            "autoStart",
            "{\"egress\": {\"kind\": \"tor\"}}",
            "egress.kind",
            "{\"egress\": {\"kind\": \"proxy\"}}",
            "egress.proxyUrl",
            "{\"egress\": {\"kind\": \"proxy\", \"proxyUrl\": \"ftp://x\"}}",
            "egress.proxyUrl",
            "{\"egress\": {\"kind\": \"android\"}}",
            "egress.nodeId",
            "{\"nmae\": \"typo\"}",
            "nmae",
            "{not json",
            "body",
            "[1,2]",
            "body");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestServer.Resp r = t.admin("POST", "/api/v1/sessions", c.getKey());
      assertEquals(400, r.status(), c.getKey());
      assertEquals("validation_error", r.errorCode(), c.getKey());
      assertEquals(c.getValue(), r.errorDetails().get("field"), c.getKey());
    }
    TestServer.Resp unknownNode =
        t.admin(
            "POST",
            "/api/v1/sessions",
            "{\"egress\": {\"kind\": \"android\", \"nodeId\": \"nd_x\"}}");
    assertEquals(404, unknownNode.status());

    Session proxied =
        api.createSession(
            new CreateSessionRequest(
                "p",
                new EgressSpec(EgressKind.PROXY, "socks5://user:secret@203.0.113.10:1080", null),
                false));
    assertEquals("socks5://user:***@203.0.113.10:1080", proxied.egress().proxyUrl());
    assertFalse(t.admin("GET", "/api/v1/sessions/" + proxied.id(), null).text().contains("secret"));
  }

  @Test
  void bodyTooLargeIs413() throws Exception {
    TestServer.Resp r =
        t.admin("POST", "/api/v1/sessions", "{\"name\":\"" + "x".repeat(1_100_000) + "\"}");
    assertEquals(413, r.status());
    assertEquals("payload_too_large", r.errorCode());
  }

  @Test
  void unknownPathAndMethod() throws Exception {
    assertEquals(404, t.admin("GET", "/api/v1/nothing", null).status());
    TestServer.Resp r = t.admin("PUT", "/api/v1/sessions", "{}");
    assertEquals(405, r.status());
    assertNull(t.admin("GET", "/healthz", null).json().get("error"));
  }
}
