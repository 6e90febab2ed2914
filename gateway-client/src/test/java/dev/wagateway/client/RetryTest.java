package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.SendTextMessage;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries on 429/503 for idempotent calls only, with backoff or the server's Retry-After. */
class RetryTest {
  private static final String SESSION =
      "{\"id\":\"s1\",\"status\":\"stopped\",\"paired\":false,"
          + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
  private static final String MESSAGE =
      "{\"id\":\"m1\",\"sessionId\":\"s1\",\"to\":\"1@s.whatsapp.net\",\"type\":\"text\","
          + "\"status\":\"pending\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
  private static final SendTextMessage TEXT = SendTextMessage.builder().to("1").text("hi").build();

  private ClientFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx =
        new ClientFixture(
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5)),
            Timeouts.of(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  private void unavailable(int status) {
    fx.server.enqueue(
        new MockResponse()
            .setResponseCode(status)
            .setBody("{\"error\":{\"code\":\"service_unavailable\",\"message\":\"busy\"}}"));
  }

  @Test
  void getIsRetriedWithGrowingJitteredBackoff() {
    unavailable(503);
    unavailable(429);
    unavailable(503);
    fx.enqueueJson(200, SESSION);
    assertEquals("s1", fx.api().getSession("s1").id());
    assertEquals(4, fx.server.getRequestCount());
    List<Duration> waits = fx.waits;
    assertEquals(3, waits.size());
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}};
    for (int i = 0; i < 3; i++) {
      long ms = waits.get(i).toMillis();
      assertTrue(ms >= bounds[i][0] && ms <= bounds[i][1], "wait " + i + " = " + ms);
    }
  }

  @Test
  void retryAfterSecondsIsHonored() {
    fx.server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "2"));
    fx.enqueueJson(200, SESSION);
    fx.api().getSession("s1");
    assertEquals(List.of(Duration.ofSeconds(2)), fx.waits);
    assertEquals(2, fx.server.getRequestCount());
  }

  @Test
  void retryAfterHttpDateIsHonored() {
    fx.server.enqueue(
        new MockResponse()
            .setResponseCode(503)
            .setHeader("Retry-After", "Thu, 01 Jan 2026 00:00:03 GMT"));
    fx.enqueueJson(200, SESSION);
    fx.api().getSession("s1");
    assertEquals(List.of(Duration.ofSeconds(3)), fx.waits);
  }

  @Test
  void retryAfterBeyondMaxDelayIsNotWaitedFor() {
    fx.server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "120"));
    WagatewayApiException e =
        assertThrows(WagatewayApiException.class, () -> fx.api().getSession("s1"));
    assertEquals(503, e.status());
    assertEquals(1, fx.server.getRequestCount());
    assertEquals(List.of(), fx.waits);
  }

  @Test
  void givesUpAfterMaxRetries() {
    for (int i = 0; i < 5; i++) {
      unavailable(503);
    }
    WagatewayApiException e =
        assertThrows(WagatewayApiException.class, () -> fx.api().deleteSession("s1"));
    assertEquals(503, e.status());
    assertEquals(4, fx.server.getRequestCount());
    assertEquals(3, fx.waits.size());
  }

  @Test
  void plainPostIsNeverRetried() {
    unavailable(503);
    fx.enqueueJson(202, MESSAGE);
    WagatewayApiException e =
        assertThrows(WagatewayApiException.class, () -> fx.api().sendMessage("s1", TEXT));
    assertEquals(503, e.status());
    assertEquals(1, fx.server.getRequestCount());
    assertEquals(List.of(), fx.waits);
  }

  @Test
  void retryAfterZeroDoesNotMakeOkHttpRepeatAPost() {
    fx.server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
    fx.enqueueJson(202, MESSAGE);
    WagatewayApiException e =
        assertThrows(WagatewayApiException.class, () -> fx.api().sendMessage("s1", TEXT));
    assertEquals(503, e.status());
    assertEquals(java.util.Optional.of(Duration.ZERO), e.retryAfter());
    assertEquals(1, fx.server.getRequestCount());
  }

  @Test
  void retryAfterZeroOnGetIsOneRetryOfOurs() {
    fx.server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
    fx.enqueueJson(200, SESSION);
    fx.api().getSession("s1");
    assertEquals(2, fx.server.getRequestCount());
    assertEquals(List.of(Duration.ZERO), fx.waits);
  }

  @Test
  void postWithIdempotencyKeyIsRetried() throws Exception {
    unavailable(429);
    fx.enqueueJson(202, MESSAGE);
    assertEquals("m1", fx.api().sendMessage("s1", TEXT, "k-1").id());
    assertEquals(2, fx.server.getRequestCount());
    assertEquals("k-1", fx.take().getHeader("Idempotency-Key"));
    assertEquals(
        "{\"type\":\"text\",\"to\":\"1\",\"text\":\"hi\"}", fx.take().getBody().readUtf8());
  }

  @Test
  void postMarkedIdempotentIsRetried() {
    unavailable(503);
    fx.enqueueJson(200, SESSION);
    fx.api().startSession("s1");
    assertEquals(2, fx.server.getRequestCount());
  }

  @Test
  void otherErrorsAreNotRetried() {
    fx.server.enqueue(
        new MockResponse()
            .setResponseCode(500)
            .setBody("{\"error\":{\"code\":\"internal_error\",\"message\":\"x\"}}"));
    assertEquals(
        "internal_error",
        assertThrows(WagatewayApiException.class, () -> fx.api().getSession("s1")).code());
    assertEquals(1, fx.server.getRequestCount());
  }
}
