package dev.wagateway.egress.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The enrolment payload's two forms and the agent's allowlist. */
class EnrolmentPayloadTest {
  private final EnrolmentPayload p =
      new EnrolmentPayload(
          "tok_abc",
          "https://gw.example.com/",
          "/egress/agent",
          Instant.parse("2026-11-22T18:00:00Z"));

  @Test
  void jsonAndQrStringRoundTrip() {
    assertEquals(
        "{\"token\":\"tok_abc\",\"gatewayUrl\":\"https://gw.example.com/\",\"wsPath\":\"/egress/agent\","
            + "\"expiresAt\":\"2026-11-22T18:00:00Z\"}",
        p.toJson());
    String qr = p.toQrString();
    assertTrue(qr.startsWith("wagateway-egress:1:"));
    assertEquals(
        p.toJson(),
        new String(Base64.getUrlDecoder().decode(qr.substring(19)), StandardCharsets.UTF_8));
    assertEquals(p, EnrolmentPayload.parse(qr));
    assertEquals(p, EnrolmentPayload.parse("  " + p.toJson() + "\n"));
    assertEquals("https://gw.example.com/egress/agent", p.webSocketUrl());
    assertFalse(p.toString().contains("tok_abc"));
  }

  @Test
  void badPayloadsAreRefusedWithoutEchoingTheToken() {
    String[] bad = {
      "",
      "hello",
      "wagateway-egress:2:e30",
      "wagateway-egress:1:!!!",
      "{\"token\":\"secret-tok\",\"gatewayUrl\":\"ftp://x\",\"wsPath\":\"/a\",\"expiresAt\":\"2026-01-01T00:00:00Z\"}",
      "{\"token\":\"secret-tok\",\"gatewayUrl\":\"https://x\",\"expiresAt\":\"tomorrow\"}",
      "{\"gatewayUrl\":\"https://x\",\"expiresAt\":\"2026-01-01T00:00:00Z\"}",
    };
    for (String b : bad) {
      EnrolmentPayload.InvalidEnrolmentException e =
          assertThrows(
              EnrolmentPayload.InvalidEnrolmentException.class, () -> EnrolmentPayload.parse(b), b);
      assertFalse(e.getMessage().contains("secret-tok"), e.getMessage());
    }
    assertEquals(
        "/egress/agent",
        EnrolmentPayload.parse(
                "{\"token\":\"t\",\"gatewayUrl\":\"https://x\",\"expiresAt\":\"2026-01-01T00:00:00Z\"}")
            .wsPath());
  }

  @Test
  void allowlistMatchesWhatsAppHostsAndPortsOnly() {
    Allowlist wa = Allowlist.whatsApp();
    assertTrue(wa.allows("g.whatsapp.net", 443));
    assertTrue(wa.allows("MMG.WhatsApp.NET.", 443));
    assertTrue(wa.allows("web.whatsapp.com", 5222));
    assertFalse(wa.allows("whatsapp.net", 443), "bare suffix is not *.whatsapp.net");
    assertFalse(wa.allows("evilwhatsapp.net", 443));
    assertFalse(wa.allows("g.whatsapp.net.evil.com", 443));
    assertFalse(wa.allows("g.whatsapp.net", 22));
    assertFalse(wa.allows("127.0.0.1", 443));
    Allowlist loop = wa.plus("127.0.0.1:*");
    assertTrue(loop.allows("127.0.0.1", 8080));
    assertThrows(IllegalArgumentException.class, () -> Allowlist.of("host"));
    assertThrows(IllegalArgumentException.class, () -> Allowlist.of("host:0"));
    assertThrows(IllegalArgumentException.class, () -> Allowlist.of("a*b:1"));
  }
}
