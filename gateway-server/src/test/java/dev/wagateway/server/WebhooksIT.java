package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.Webhooks;
import dev.wagateway.client.model.AuthQrEvent;
import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.CreateWebhookRequest;
import dev.wagateway.client.model.CreatedWebhook;
import dev.wagateway.client.model.EventType;
import dev.wagateway.client.model.Webhook;
import dev.wagateway.client.model.WebhookAttempt;
import dev.wagateway.client.model.WebhookDelivery;
import dev.wagateway.client.model.WebhookTestEvent;
import dev.wagateway.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks through the real server to a real loopback receiver: Standard Webhooks signatures
 * checked with the SDK, retries after 500 and after a timeout, 410, the test event, the
 * private-address refusal, and a gateway killed with -9 that delivers everything, in order, after
 * its restart.
 */
class WebhooksIT {
  private final MockWebServer receiver = new MockWebServer();
  private final BlockingQueue<MockResponse> answers = new LinkedBlockingQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private TestServer t;

  /** One request the receiver took. */
  record Received(Map<String, String> headers, byte[] body) {
    String id() {
      return headers.get("webhook-id");
    }
  }

  static ServerConfig.Webhooks settings(Duration timeout) {
    return new ServerConfig.Webhooks(Duration.ofHours(24), true, 4, timeout);
  }

  @BeforeEach
  void start() throws Exception {
    receiver.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            Map<String, String> headers = new HashMap<>();
            for (String name : request.getHeaders().names()) {
              headers.put(name.toLowerCase(java.util.Locale.ROOT), request.getHeader(name));
            }
            received.add(new Received(headers, request.getBody().readByteArray()));
            MockResponse answer = answers.poll();
            return answer != null ? answer : new MockResponse().setResponseCode(200);
          }
        });
    receiver.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (t != null) {
      t.close();
    }
    receiver.shutdown();
  }

  private WagatewayApi open(Duration timeout) throws Exception {
    t = new TestServer(b -> b.webhooks(settings(timeout)));
    return t.api();
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(100);
    }
  }

  private static WebhookDelivery only(WagatewayApi api, String hookId) {
    List<WebhookDelivery> items = api.listWebhookDeliveries(hookId).items();
    assertEquals(1, items.size());
    return items.get(0);
  }

  @Test
  void deliveriesVerifyWithTheSdkAndA500IsRetriedUnderTheSameId() throws Exception {
    WagatewayApi api = open(Duration.ofSeconds(5));
    String session = api.createSession(new CreateSessionRequest("s", null, false)).id();
    CreatedWebhook hook =
        api.createWebhook(
            new CreateWebhookRequest(
                receiver.url("/hook").toString(), List.of(EventType.AUTH_QR), null));
    answers.add(new MockResponse().setResponseCode(500));
    t.sessions.issueQr(session, "2@first", Instant.now().plusSeconds(60));

    await("the retry", Duration.ofSeconds(15), () -> received.size() >= 2);
    Received first = received.get(0);
    Received second = received.get(1);
    assertEquals(first.id(), second.id());
    assertTrue(
        Long.parseLong(second.headers().get("webhook-timestamp"))
            >= Long.parseLong(first.headers().get("webhook-timestamp")) + 2);
    for (Received r : List.of(first, second)) {
      Webhooks.verify(hook.secret(), r.headers(), r.body());
      assertEquals("auth.qr", r.headers().get("x-wagateway-event"));
    }
    AuthQrEvent event = assertInstanceOf(AuthQrEvent.class, Webhooks.parseEvent(second.body()));
    assertEquals("2@first", event.code());
    assertEquals(session, event.sessionId());
    byte[] tampered =
        new String(second.body(), StandardCharsets.UTF_8)
            .replace("2@first", "2@forged")
            .getBytes(StandardCharsets.UTF_8);
    assertThrows(
        Webhooks.VerificationException.class,
        () -> Webhooks.verify(hook.secret(), second.headers(), tampered));

    await(
        "the delivery log",
        Duration.ofSeconds(5),
        () -> only(api, hook.webhook().id()).status() == WebhookDelivery.Status.DELIVERED);
    WebhookDelivery d = only(api, hook.webhook().id());
    assertEquals(first.id(), d.id());
    assertEquals(event.id(), d.eventId());
    assertEquals(2, d.attemptCount());
    assertEquals(List.of(500, 200), d.attempts().stream().map(WebhookAttempt::statusCode).toList());
    assertNull(d.nextAttemptAt());
    assertEquals(
        1, api.listWebhookDeliveries(hook.webhook().id(), "delivered", 10, null).items().size());
    assertEquals(
        0, api.listWebhookDeliveries(hook.webhook().id(), "pending", 10, null).items().size());
  }

  @Test
  void aReceiverThatTimesOutIsRetriedAndTheLogSaysWhy() throws Exception {
    WagatewayApi api = open(Duration.ofMillis(500));
    String session = api.createSession(new CreateSessionRequest("s", null, false)).id();
    CreatedWebhook hook =
        api.createWebhook(
            new CreateWebhookRequest(
                receiver.url("/hook").toString(), List.of(EventType.AUTH_QR), null));
    answers.add(new MockResponse().setResponseCode(200).setHeadersDelay(3, TimeUnit.SECONDS));
    t.sessions.issueQr(session, "2@slow", Instant.now().plusSeconds(60));
    String id = hook.webhook().id();
    await(
        "the timed-out attempt",
        Duration.ofSeconds(10),
        () -> api.listWebhookDeliveries(id).items().stream().anyMatch(d -> d.attemptCount() == 1));
    WebhookDelivery pending = only(api, id);
    assertEquals(WebhookDelivery.Status.PENDING, pending.status());
    assertEquals("no answer within 500 ms", pending.lastError());
    assertNull(pending.lastStatusCode());
    assertNotNull(pending.nextAttemptAt());
    assertTrue(pending.nextAttemptAt().isAfter(Instant.now().minusSeconds(1)));

    await(
        "the automatic retry",
        Duration.ofSeconds(15),
        () -> only(api, id).status() == WebhookDelivery.Status.DELIVERED);
    assertEquals(2, only(api, id).attemptCount());
    assertEquals(2, received.size());
    assertEquals(received.get(0).id(), received.get(1).id());
  }

  @Test
  void gone410DisablesAndResumeAndRetryBringItBack() throws Exception {
    WagatewayApi api = open(Duration.ofSeconds(5));
    String session = api.createSession(new CreateSessionRequest("s", null, false)).id();
    CreatedWebhook hook =
        api.createWebhook(
            new CreateWebhookRequest(
                receiver.url("/hook").toString(), List.of(EventType.AUTH_QR), null));
    String id = hook.webhook().id();
    answers.add(new MockResponse().setResponseCode(410));
    t.sessions.issueQr(session, "2@gone", Instant.now().plusSeconds(60));
    await(
        "the webhook to be disabled",
        Duration.ofSeconds(10),
        () -> api.getWebhook(id).state() == Webhook.State.DISABLED);
    assertEquals("the receiver answered 410 Gone", api.getWebhook(id).stateReason());
    assertEquals(1, received.size());

    Webhook resumed = api.resumeWebhook(id);
    assertEquals(Webhook.State.ACTIVE, resumed.state());
    await("the pending delivery", Duration.ofSeconds(10), () -> received.size() == 2);
    assertEquals(received.get(0).id(), received.get(1).id());

    WebhookDelivery again = api.retryWebhookDelivery(id, received.get(0).id());
    assertEquals(WebhookDelivery.Status.PENDING, again.status());
    await("the manual retry", Duration.ofSeconds(10), () -> received.size() == 3);
    assertEquals(received.get(0).id(), received.get(2).id());
  }

  @Test
  void theTestEventIsSignedAndPausedWebhooksHoldEvents() throws Exception {
    WagatewayApi api = open(Duration.ofSeconds(5));
    String session = api.createSession(new CreateSessionRequest("s", null, false)).id();
    CreatedWebhook hook =
        api.createWebhook(
            new CreateWebhookRequest(
                receiver.url("/hook").toString(), List.of(EventType.AUTH_QR), session));
    String id = hook.webhook().id();
    WebhookDelivery test = api.testWebhook(id);
    await("the test event", Duration.ofSeconds(10), () -> received.size() == 1);
    Received r = received.get(0);
    assertEquals(test.id(), r.id());
    assertEquals("webhook.test", r.headers().get("x-wagateway-event"));
    Webhooks.verify(hook.secret(), r.headers(), r.body());
    assertEquals(
        id, assertInstanceOf(WebhookTestEvent.class, Webhooks.parseEvent(r.body())).webhookId());

    assertEquals(Webhook.State.PAUSED, api.pauseWebhook(id).state());
    t.sessions.issueQr(session, "2@held", Instant.now().plusSeconds(60));
    await(
        "the held delivery",
        Duration.ofSeconds(10),
        () -> api.listWebhookDeliveries(id, "pending", 10, null).items().size() == 1);
    Thread.sleep(200);
    assertEquals(1, received.size(), "a paused webhook sends nothing");
    CreatedWebhook rotated = api.rotateWebhookSecret(id);
    assertNotNull(rotated.webhook().previousSecretExpiresAt());
    api.resumeWebhook(id);
    await("the held event", Duration.ofSeconds(10), () -> received.size() == 2);
    Received held = received.get(1);
    Webhooks.verify(rotated.secret(), held.headers(), held.body());
    Webhooks.verify(hook.secret(), held.headers(), held.body()); // the overlap: both sign
  }

  @Test
  void privateTargetsAreRefusedUnlessAllowed() throws Exception {
    t = new TestServer();
    WagatewayApi api = t.api();
    for (String url :
        List.of(
            receiver.url("/hook").toString(),
            "http://localhost:8080/x",
            "https://10.0.0.1/x",
            "https://192.168.1.10/x",
            "https://169.254.169.254/latest/meta-data",
            "https://[fd00::1]/x",
            "https://[fe80::1]/x",
            "http://hooks.example/x")) {
      WagatewayApiException e =
          assertThrows(
              WagatewayApiException.class,
              () ->
                  api.createWebhook(
                      new CreateWebhookRequest(url, List.of(EventType.AUTH_QR), null)),
              url);
      assertEquals(400, e.status(), url);
      assertEquals("validation_error", e.code(), url);
    }
    Webhook ok =
        api.createWebhook(
                new CreateWebhookRequest(
                    "HTTPS://hooks.example/x", List.of(EventType.AUTH_QR), null))
            .webhook();
    assertEquals("https://hooks.example/x", ok.url());
  }

  @Test
  void aGatewayKilledWithUndeliveredEventsDeliversThemAllInOrderAfterRestart() throws Exception {
    int count = 400;
    Path dir = Files.createTempDirectory("wagateway-webhook-crash");
    // slow enough that the kill finds deliveries pending
    receiver.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            Map<String, String> headers = new HashMap<>();
            for (String name : request.getHeaders().names()) {
              headers.put(name.toLowerCase(java.util.Locale.ROOT), request.getHeader(name));
            }
            received.add(new Received(headers, request.getBody().readByteArray()));
            Thread.sleep(10);
            return new MockResponse().setResponseCode(200);
          }
        });
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                WebhookCrashChild.class.getName(),
                dir.toString(),
                receiver.url("/hook").toString(),
                Integer.toString(count))
            .redirectErrorStream(true)
            .start();
    String secret = null;
    String[] sessions = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("SECRET ")) {
          secret = line.substring(7);
        } else if (line.startsWith("SESSIONS ")) {
          sessions = line.substring(9).split(" ");
        } else if (line.equals("PUBLISHED")) {
          break;
        }
        assertTrue(System.nanoTime() < deadline, "the child did not publish in time");
      }
      assertNotNull(secret, "the child registered a webhook");
      // every event is in the log now; kill -9 mid-delivery
      child.destroyForcibly();
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    int beforeRestart = received.size();
    assertTrue(beforeRestart < count, "the kill must find deliveries pending: " + beforeRestart);

    t = new TestServer(b -> b.dataDir(dir).webhooks(settings(Duration.ofSeconds(5))));
    await(
        "every event",
        Duration.ofSeconds(60),
        () -> received.stream().map(Received::id).distinct().count() == count);
    Thread.sleep(200);

    Map<String, List<Integer>> bySession = new HashMap<>();
    Map<String, byte[]> bodyOf = new HashMap<>();
    Map<String, Integer> repeats = new HashMap<>();
    for (Received r : received) {
      Webhooks.verify(secret, r.headers(), r.body());
      byte[] earlier = bodyOf.putIfAbsent(r.id(), r.body());
      AuthQrEvent e = assertInstanceOf(AuthQrEvent.class, Webhooks.parseEvent(r.body()));
      if (earlier != null) {
        assertTrue(java.util.Arrays.equals(earlier, r.body()), "a repeat carries the same body");
        repeats.merge(e.sessionId(), 1, Integer::sum);
      }
      bySession
          .computeIfAbsent(e.sessionId(), k -> new ArrayList<>())
          .add(Integer.parseInt(e.code().substring(1)));
    }
    assertEquals(2, bySession.size());
    for (String s : sessions) {
      List<Integer> codes = bySession.get(s);
      List<Integer> collapsed = new ArrayList<>();
      for (int c : codes) {
        if (collapsed.isEmpty() || collapsed.get(collapsed.size() - 1) != c) {
          collapsed.add(c);
        }
      }
      int parity = s.equals(sessions[0]) ? 0 : 1;
      List<Integer> expected = new ArrayList<>();
      for (int i = parity; i < count; i += 2) {
        expected.add(i);
      }
      assertEquals(expected, collapsed, "session " + s + ": every event, in order");
      assertTrue(repeats.getOrDefault(s, 0) <= 1, "only the in-flight one repeats: " + repeats);
    }
  }
}
