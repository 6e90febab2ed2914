package dev.wagateway.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.squareup.moshi.Moshi;
import dev.wagateway.core.Identity;
import dev.wagateway.core.SessionStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionEventsTest {
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) throws Exception {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(json);
  }

  @Test
  void qrEvent() throws Exception {
    String json =
        SessionEvents.toJson(new QrCodeIssued("s1", AT, "https://wa.me/x", AT.plusSeconds(60)));
    assertEquals(
        "{\"type\":\"auth.qr\",\"sessionId\":\"s1\",\"at\":\"2026-01-02T03:04:05Z\","
            + "\"code\":\"https://wa.me/x\",\"expiresAt\":\"2026-01-02T03:05:05Z\"}",
        json);
  }

  @Test
  void pairingCodeEvent() throws Exception {
    Map<String, Object> m =
        parse(SessionEvents.toJson(new PairingCodeIssued("s1", AT, "ABCD-EFGH")));
    assertEquals("auth.pairing_code", m.get("type"));
    assertEquals("ABCD-EFGH", m.get("code"));
  }

  @Test
  void readyStatusCarriesTheIdentity() throws Exception {
    Identity me =
        new Identity(
            "15550001234:3@s.whatsapp.net",
            "987654321098765:3@lid",
            3,
            "+15550001234",
            null,
            "android");
    Map<String, Object> m =
        parse(SessionEvents.toJson(new StatusChanged("s1", AT, SessionStatus.READY, null, me)));
    assertEquals("session.status", m.get("type"));
    assertEquals("ready", m.get("status"));
    assertEquals(false, m.containsKey("lastError"));
    @SuppressWarnings("unchecked")
    Map<String, Object> identity = (Map<String, Object>) m.get("identity");
    assertEquals("15550001234:3@s.whatsapp.net", identity.get("jid"));
    assertEquals("+15550001234", identity.get("phone"));
    assertEquals(3.0, identity.get("deviceId"));
    assertEquals(false, identity.containsKey("pushName"));
  }

  @Test
  void disconnectedAndLoggedOut() throws Exception {
    Map<String, Object> d =
        parse(SessionEvents.toJson(new Disconnected("s1", AT, "stream_error_503", true)));
    assertEquals("session.disconnected", d.get("type"));
    assertEquals(true, d.get("willReconnect"));
    Map<String, Object> l =
        parse(SessionEvents.toJson(new LoggedOut("s1", AT, LoggedOut.PHONE_UNLINKED)));
    assertEquals("auth.logged_out", l.get("type"));
    assertEquals("phone_unlinked", l.get("reason"));
  }
}
