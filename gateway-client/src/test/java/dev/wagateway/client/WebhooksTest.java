package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.client.model.AuthQrEvent;
import dev.wagateway.client.model.Event;
import dev.wagateway.client.model.WebhookDeadLetteredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verification against the Standard Webhooks example, tolerance, several signatures; parsing. */
class WebhooksTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TS = 1614265330;
  private static final String SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final Instant AT = Instant.ofEpochSecond(TS);

  private static Map<String, String> headers(String signature) {
    return Map.of(
        "Webhook-Id", ID, "webhook-timestamp", Long.toString(TS), "WEBHOOK-SIGNATURE", signature);
  }

  @Test
  void theSpecificationExampleVerifies() {
    Webhooks.verify(SECRET, headers(SIG), BODY, AT, Webhooks.DEFAULT_TOLERANCE);
  }

  @Test
  void anAlteredBodyIdOrSignatureIsRejected() {
    byte[] altered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "no webhook-signature matches",
        assertThrows(
                Webhooks.VerificationException.class,
                () ->
                    Webhooks.verify(SECRET, headers(SIG), altered, AT, Webhooks.DEFAULT_TOLERANCE))
            .getMessage());
    Map<String, String> otherId =
        Map.of(
            "webhook-id",
            ID + "x",
            "webhook-timestamp",
            Long.toString(TS),
            "webhook-signature",
            SIG);
    assertThrows(
        Webhooks.VerificationException.class,
        () -> Webhooks.verify(SECRET, otherId, BODY, AT, Webhooks.DEFAULT_TOLERANCE));
    assertThrows(
        Webhooks.VerificationException.class,
        () -> Webhooks.verify(SECRET, headers("v1,AAAA"), BODY, AT, Webhooks.DEFAULT_TOLERANCE));
    assertThrows(
        Webhooks.VerificationException.class,
        () ->
            Webhooks.verify(
                SECRET, headers("v2," + SIG.substring(3)), BODY, AT, Webhooks.DEFAULT_TOLERANCE));
    assertEquals(
        "webhook-id header is missing",
        assertThrows(
                Webhooks.VerificationException.class,
                () ->
                    Webhooks.verify(
                        SECRET,
                        Map.of("webhook-timestamp", "1", "webhook-signature", SIG),
                        BODY,
                        AT,
                        Webhooks.DEFAULT_TOLERANCE))
            .getMessage());
  }

  @Test
  void timestampsOutsideTheToleranceAreRejectedEitherWay() {
    Webhooks.verify(SECRET, headers(SIG), BODY, AT.plusSeconds(300), Duration.ofMinutes(5));
    Webhooks.verify(SECRET, headers(SIG), BODY, AT.minusSeconds(300), Duration.ofMinutes(5));
    assertEquals(
        "webhook-timestamp is outside the tolerance",
        assertThrows(
                Webhooks.VerificationException.class,
                () ->
                    Webhooks.verify(
                        SECRET, headers(SIG), BODY, AT.plusSeconds(301), Duration.ofMinutes(5)))
            .getMessage());
    assertThrows(
        Webhooks.VerificationException.class,
        () ->
            Webhooks.verify(
                SECRET, headers(SIG), BODY, AT.minusSeconds(301), Duration.ofMinutes(5)));
    assertThrows(
        Webhooks.VerificationException.class, () -> Webhooks.verify(SECRET, headers(SIG), BODY));
  }

  @Test
  void anyOfSeveralSignaturesMayMatch() {
    String other = "v1,bm90IHRoZSByaWdodCBzaWduYXR1cmUgYXQgYWxsIQ==";
    Webhooks.verify(SECRET, headers(other + " " + SIG), BODY, AT, Webhooks.DEFAULT_TOLERANCE);
    Webhooks.verify(
        SECRET, headers("v1a,xyz " + SIG + " " + other), BODY, AT, Webhooks.DEFAULT_TOLERANCE);
    // the same delivery signed under a rotated secret still verifies with the old one
    String rotated = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    assertThrows(
        Webhooks.VerificationException.class,
        () ->
            Webhooks.verify(
                rotated, headers(other + " " + SIG), BODY, AT, Webhooks.DEFAULT_TOLERANCE));
  }

  @Test
  void parsesTypedEvents() {
    Event qr =
        Webhooks.parseEvent(
            ("{\"type\":\"auth.qr\",\"id\":\"7\",\"sessionId\":\"s1\","
                    + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"code\":\"2@abc\",\"expiresAt\":1800000000000}")
                .getBytes(StandardCharsets.UTF_8));
    AuthQrEvent q = assertInstanceOf(AuthQrEvent.class, qr);
    assertEquals("2@abc", q.code());
    assertEquals("s1", q.sessionId());
    Event dead =
        Webhooks.parseEvent(
            ("{\"type\":\"webhook.dead_lettered\",\"id\":\"9\",\"sessionId\":null,"
                    + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"webhookId\":\"wh_1\",\"deliveryId\":\"msg_7_wh_1\","
                    + "\"eventId\":\"7\",\"eventType\":\"auth.qr\",\"attempts\":31,\"lastStatusCode\":500}")
                .getBytes(StandardCharsets.UTF_8));
    WebhookDeadLetteredEvent d = assertInstanceOf(WebhookDeadLetteredEvent.class, dead);
    assertEquals("msg_7_wh_1", d.deliveryId());
    assertEquals(31, d.attempts());
    assertThrows(
        WagatewayException.class,
        () -> Webhooks.parseEvent("{\"type\":\"nope\"}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        WagatewayException.class,
        () -> Webhooks.parseEvent("not json".getBytes(StandardCharsets.UTF_8)));
  }
}
