package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.WhatsAppAltSessionCreateRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both error shapes, and bodies with neither, become one {@link WagatewayApiException}. */
class ErrorMappingTest {
  private ClientFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new ClientFixture(RetryPolicy.NONE, Timeouts.of(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  @Test
  void gatewayShapeIsUnwrapped() {
    fx.enqueueJson(
        404,
        "{\"error\":{\"code\":\"not_found\",\"message\":\"session not found\",\"details\":{\"session\":\"s9\",\"n\":2}}}");
    WagatewayApiException e =
        assertThrows(WagatewayApiException.class, () -> fx.api().getSession("s9"));
    assertEquals(404, e.status());
    assertEquals("not_found", e.code());
    assertEquals("session not found", e.getMessage());
    assertEquals(Map.of("session", "s9", "n", 2.0), e.details());
    assertEquals(Optional.empty(), e.retryAfter());
  }

  @Test
  void altShapeIsReadAtTopLevel() {
    fx.enqueueJson(
        400,
        "{\"code\":\"test_mode_unsupported\",\"message\":\"whatsapp_alt is not available in test mode\"}");
    WagatewayApiException e =
        assertThrows(
            WagatewayApiException.class,
            () ->
                fx.api()
                    .createWhatsAppAltSession(
                        WhatsAppAltSessionCreateRequest.builder().displayName("x").build()));
    assertEquals(400, e.status());
    assertEquals("test_mode_unsupported", e.code());
    assertEquals("whatsapp_alt is not available in test mode", e.getMessage());
    assertEquals(Map.of(), e.details());
  }

  @Test
  void unauthorizedAndForbiddenKeepTheirCodes() {
    fx.enqueueJson(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"invalid token\"}}");
    fx.enqueueJson(
        403,
        "{\"error\":{\"code\":\"forbidden\",\"message\":\"missing capability\",\"details\":{\"required\":\"manage\"}}}");
    WagatewayApiException unauthorized =
        assertThrows(WagatewayApiException.class, () -> fx.api().listApiKeys());
    assertEquals(401, unauthorized.status());
    assertEquals("unauthorized", unauthorized.code());
    WagatewayApiException forbidden =
        assertThrows(WagatewayApiException.class, () -> fx.api().deleteWebhook("wh1"));
    assertEquals(403, forbidden.status());
    assertEquals("manage", forbidden.details().get("required"));
  }

  @Test
  void bodyWithoutErrorShapeGetsStatusCode() {
    fx.server.enqueue(
        new MockResponse()
            .setResponseCode(502)
            .setHeader("Content-Type", "text/html")
            .setBody("<html>secret=1</html>"));
    WagatewayApiException e = assertThrows(WagatewayApiException.class, () -> fx.api().getHealth());
    assertEquals(502, e.status());
    assertEquals("http_502", e.code());
    assertTrue(!e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void retryAfterIsExposedWhenNotRetried() {
    fx.server.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "7")
            .setBody("{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}"));
    WagatewayApiException e =
        assertThrows(WagatewayApiException.class, () -> fx.api().listSessions());
    assertEquals("rate_limited", e.code());
    assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
    assertEquals(1, fx.server.getRequestCount());
  }
}
