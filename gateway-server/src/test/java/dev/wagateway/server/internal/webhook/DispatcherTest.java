package dev.wagateway.server.internal.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.MutableClock;
import dev.wagateway.core.internal.store.SqliteGatewayStore;
import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.events.EventFilter;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.EventLog.StoredEvent;
import dev.wagateway.server.internal.events.SqliteEventLog;
import dev.wagateway.server.internal.store.Orgs;
import dev.wagateway.server.internal.store.ServerDb;
import dev.wagateway.server.internal.webhook.DeliveryStore.Delivery;
import dev.wagateway.server.internal.webhook.DeliveryStore.Hook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher against a real loopback receiver, a real SQLite file and a hand-moved clock:
 * signing, retries with backoff and Retry-After, per-session order, 410, the horizon, timeouts, and
 * pending deliveries surviving a reopen. No test sleeps for a backoff.
 */
class DispatcherTest {
  private static final String ORG = "org_t";
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_800_000_000_000L));
  private final MockWebServer receiver = new MockWebServer();
  private SqliteGatewayStore sqlite;
  private ServerDb db;
  private SqliteEventLog eventLog;
  private EventHub hub;
  private DeliveryStore store;
  private Dispatcher dispatcher;

  @BeforeEach
  void open() throws Exception {
    receiver.start();
    openAll(Duration.ofSeconds(5));
  }

  private void openAll(Duration timeout) {
    sqlite = SqliteGatewayStore.open(dir);
    db = ServerDb.open(sqlite, clock.millis());
    new Orgs(db).ensure(ORG, "Test", clock.millis());
    eventLog =
        SqliteEventLog.open(
            db,
            clock,
            new SqliteEventLog.Settings(
                10_000, Duration.ofDays(2), 1_000, 1_000, Duration.ofDays(1)));
    hub = new EventHub(eventLog, 100);
    store = new DeliveryStore(db);
    dispatcher =
        new Dispatcher(
            store,
            hub,
            clock,
            new RetrySchedule(() -> 0.5),
            new TargetPolicy(true, host -> new java.net.InetAddress[0]),
            new Dispatcher.Settings(Duration.ofHours(24), 4, timeout));
  }

  private void closeAll() {
    dispatcher.close();
    eventLog.close();
    sqlite.close();
  }

  @AfterEach
  void close() throws Exception {
    closeAll();
    receiver.shutdown();
  }

  private Hook register(String sessionId, String... types) {
    Hook h =
        new Hook(
            "wh_" + System.nanoTime(),
            ORG,
            receiver.url("/hook").toString(),
            new LinkedHashSet<>(List.of(types)),
            sessionId,
            SECRET,
            null,
            null,
            DeliveryStore.ACTIVE,
            null,
            null,
            clock.millis());
    store.insert(h);
    return store.hook(ORG, h.id()).orElseThrow();
  }

  private StoredEvent publish(String session, String type, Map<String, Object> fields) {
    StoredEvent e =
        hub.publish(ORG, session, ApiEventType.find(type).orElseThrow(), clock.instant(), fields);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (store.newestEvent() < e.id() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(store.newestEvent() >= e.id(), "the log stored the event");
    return e;
  }

  /** One round plus waiting for its attempts to finish and be recorded. */
  private void round() {
    dispatcher.tick();
    assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(10)));
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(r, "a delivery arrived");
    return r;
  }

  private List<Delivery> deliveries(Hook h) {
    List<Delivery> all = new ArrayList<>(store.list(h.id(), null, 0, 200));
    java.util.Collections.reverse(all);
    return all;
  }

  @Test
  void deliversTheStoredEventSignedPerStandardWebhooks() throws Exception {
    Hook h = register(null, "message.received");
    publish("s1", "session.status", Map.of("status", "connected")); // not subscribed
    StoredEvent e = publish("s1", "message.received", Map.of("text", "hi"));
    receiver.enqueue(new MockResponse().setResponseCode(204));

    round();

    RecordedRequest r = take();
    String body = r.getBody().readString(StandardCharsets.UTF_8);
    assertEquals(e.json(), body);
    String id = r.getHeader("webhook-id");
    assertEquals("msg_" + e.id() + "_" + h.id(), id);
    assertEquals("message.received", r.getHeader("X-Wagateway-Event"));
    assertEquals("application/json", r.getHeader("Content-Type"));
    long ts = Long.parseLong(r.getHeader("webhook-timestamp"));
    assertEquals(clock.millis() / 1000, ts);
    assertEquals(
        Signatures.sign(SECRET, id, ts, body.getBytes(StandardCharsets.UTF_8)),
        r.getHeader("webhook-signature"));
    List<Delivery> ds = deliveries(h);
    assertEquals(1, ds.size());
    assertEquals(DeliveryStore.DELIVERED, ds.get(0).status());
    assertEquals(204, ds.get(0).lastStatus());
    assertEquals(1, ds.get(0).attempts());
    assertEquals(1, receiver.getRequestCount());
  }

  @Test
  void failuresRetryWithBackoffAndRetryAfterWithoutSleeping() throws Exception {
    Hook h = register(null, "message.received");
    publish("s1", "message.received", Map.of("n", 1));
    receiver.enqueue(new MockResponse().setResponseCode(500));
    round();
    take();
    Delivery d = deliveries(h).get(0);
    assertEquals(DeliveryStore.PENDING, d.status());
    assertEquals(500, d.lastStatus());
    // first step 5 s, jitter 0.5 -> 3.75 s
    assertEquals(clock.millis() + 3_750, d.nextAttemptAt());

    round(); // not due yet: nothing goes out
    assertEquals(1, receiver.getRequestCount());

    clock.advance(Duration.ofMillis(3_750));
    receiver.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "120"));
    round();
    take();
    d = deliveries(h).get(0);
    assertEquals(2, d.attempts());
    assertEquals(clock.millis() + 120_000, d.nextAttemptAt(), "Retry-After beats the 7.5 s step");

    clock.advance(Duration.ofSeconds(120));
    receiver.enqueue(new MockResponse().setResponseCode(200));
    round();
    RecordedRequest third = take();
    d = deliveries(h).get(0);
    assertEquals(DeliveryStore.DELIVERED, d.status());
    assertEquals(3, d.attempts());
    assertNull(d.nextAttemptAt());
    assertEquals(d.id(), third.getHeader("webhook-id"), "the same webhook-id on every attempt");
    Map<Long, List<DeliveryStore.Attempt>> attempts = store.attempts(List.of(d));
    assertEquals(
        List.of(500, 503, 200),
        attempts.get(d.seq()).stream().map(DeliveryStore.Attempt::statusCode).toList());
  }

  @Test
  void aFailingEventHoldsBackItsSessionOnly() throws Exception {
    Hook h = register(null, "message.received");
    publish("a", "message.received", Map.of("n", "a1"));
    publish("a", "message.received", Map.of("n", "a2"));
    publish("b", "message.received", Map.of("n", "b1"));
    publish("b", "message.received", Map.of("n", "b2"));
    receiver.setDispatcher(
        new okhttp3.mockwebserver.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String body = request.getBody().clone().readString(StandardCharsets.UTF_8);
            return new MockResponse().setResponseCode(body.contains("\"a1\"") ? 500 : 200);
          }
        });
    for (int i = 0; i < 4; i++) {
      round();
    }
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < receiver.getRequestCount(); i++) {
      String body = take().getBody().readString(StandardCharsets.UTF_8);
      sent.add(body.replaceAll(".*\"n\":\"(\\w+)\".*", "$1"));
    }
    assertEquals(List.of("a1", "b1", "b2"), sent.stream().sorted().toList());
    Map<String, String> status = new java.util.HashMap<>();
    for (Delivery d : deliveries(h)) {
      status.put(d.payload().replaceAll(".*\"n\":\"(\\w+)\".*", "$1"), d.status());
    }
    assertEquals(
        Map.of("a1", "pending", "a2", "pending", "b1", "delivered", "b2", "delivered"), status);
    assertEquals(
        0,
        deliveries(h).stream()
            .filter(d -> d.payload().contains("a2"))
            .findFirst()
            .orElseThrow()
            .attempts(),
        "a2 waits behind a1 without an attempt");
  }

  @Test
  void gone410DisablesTheWebhookAndKeepsTheDeliveryPending() throws Exception {
    Hook h = register(null, "message.received");
    publish("s1", "message.received", Map.of("n", 1));
    publish("s1", "message.received", Map.of("n", 2));
    receiver.enqueue(new MockResponse().setResponseCode(410));
    round();
    take();
    Hook after = store.hook(ORG, h.id()).orElseThrow();
    assertEquals(DeliveryStore.DISABLED, after.state());
    clock.advance(Duration.ofHours(1));
    round();
    round();
    assertEquals(1, receiver.getRequestCount(), "a disabled webhook gets nothing");
    assertEquals(
        List.of("pending", "pending"), deliveries(h).stream().map(Delivery::status).toList());
  }

  @Test
  void pastTheHorizonTheDeliveryIsDeadLetteredAndAnEventSaysSo() throws Exception {
    Hook h = register(null, "message.received");
    StoredEvent e = publish("s1", "message.received", Map.of("n", 1));
    publish("s1", "message.received", Map.of("n", 2));
    receiver.setDispatcher(
        new okhttp3.mockwebserver.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse()
                .setResponseCode(
                    request.getBody().clone().readUtf8().contains("\"n\":1") ? 500 : 200);
          }
        });
    round();
    int rounds = 0;
    while (deliveries(h).get(0).status().equals(DeliveryStore.PENDING) && rounds++ < 100) {
      round();
      Long next = deliveries(h).get(0).nextAttemptAt();
      if (next != null) {
        clock.set(Instant.ofEpochMilli(Math.max(clock.millis(), next)));
      }
    }
    Delivery dead = deliveries(h).get(0);
    assertEquals(DeliveryStore.DEAD, dead.status());
    assertTrue(dead.attempts() > 5, "retried for a day: " + dead.attempts());
    assertTrue(clock.millis() <= dead.horizonAt(), "no attempt past the horizon");
    round();
    assertEquals(DeliveryStore.DELIVERED, deliveries(h).get(1).status(), "the next one goes on");
    List<StoredEvent> notices =
        eventLog.after(
            new EventFilter(ORG, null, Set.of(EventTypes.DEAD_LETTERED)), 0, eventLog.lastId(), 10);
    assertEquals(1, notices.size());
    String json = notices.get(0).json();
    assertTrue(json.contains("\"deliveryId\":\"" + dead.id() + "\""), json);
    assertTrue(json.contains("\"eventId\":\"" + e.id() + "\""), json);
    assertTrue(json.contains("\"lastStatusCode\":500"), json);
    assertEquals("s1", notices.get(0).sessionId());
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsRetried() throws Exception {
    dispatcher.close();
    dispatcher =
        new Dispatcher(
            store,
            hub,
            clock,
            new RetrySchedule(() -> 0.5),
            new TargetPolicy(true, host -> new java.net.InetAddress[0]),
            new Dispatcher.Settings(Duration.ofHours(24), 4, Duration.ofMillis(300)));
    Hook h = register(null, "message.received");
    publish("s1", "message.received", Map.of("n", 1));
    receiver.enqueue(new MockResponse().setResponseCode(200).setHeadersDelay(3, TimeUnit.SECONDS));
    round();
    Delivery d = deliveries(h).get(0);
    assertEquals(DeliveryStore.PENDING, d.status());
    assertNull(d.lastStatus());
    assertEquals("no answer within 300 ms", d.lastError());
    clock.advance(Duration.ofSeconds(5));
    receiver.enqueue(new MockResponse().setResponseCode(200));
    round();
    assertEquals(DeliveryStore.DELIVERED, deliveries(h).get(0).status());
  }

  @Test
  void pendingDeliveriesSurviveAReopenAndGoOutInOrder() throws Exception {
    Hook h = register("s1", "message.received");
    receiver.enqueue(new MockResponse().setResponseCode(500));
    publish("s1", "message.received", Map.of("n", 1));
    round();
    take();
    for (int i = 2; i <= 5; i++) {
      publish("s1", "message.received", Map.of("n", i));
    }
    publish("s2", "message.received", Map.of("n", 99)); // another session: not subscribed
    dispatcher.tick(); // fans out; the head is not due, nothing is sent
    assertEquals(5, deliveries(h).size());
    closeAll();

    openAll(Duration.ofSeconds(5));
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 5; i++) {
      receiver.enqueue(new MockResponse().setResponseCode(200));
    }
    for (int i = 0; i < 5; i++) {
      round();
    }
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      order.add(take().getBody().readUtf8().replaceAll(".*\"n\":(\\d+).*", "$1"));
    }
    assertEquals(List.of("1", "2", "3", "4", "5"), order);
    assertEquals(6, receiver.getRequestCount());
    assertTrue(deliveries(h).stream().allMatch(d -> d.status().equals(DeliveryStore.DELIVERED)));
  }

  @Test
  void duringARotationBothSecretsSign() throws Exception {
    Hook h = register(null, "message.received");
    String next = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    store.rotate(ORG, h.id(), next, clock.millis() + 60_000);
    publish("s1", "message.received", Map.of("n", 1));
    receiver.enqueue(new MockResponse().setResponseCode(200));
    round();
    RecordedRequest r = take();
    byte[] body = r.getBody().readByteArray();
    String id = r.getHeader("webhook-id");
    long ts = Long.parseLong(r.getHeader("webhook-timestamp"));
    assertEquals(
        Signatures.sign(next, id, ts, body) + " " + Signatures.sign(SECRET, id, ts, body),
        r.getHeader("webhook-signature"));

    clock.advance(Duration.ofSeconds(61));
    publish("s1", "message.received", Map.of("n", 2));
    receiver.enqueue(new MockResponse().setResponseCode(200));
    round();
    RecordedRequest later = take();
    byte[] laterBody = later.getBody().readByteArray();
    assertEquals(
        Signatures.sign(
            next,
            later.getHeader("webhook-id"),
            Long.parseLong(later.getHeader("webhook-timestamp")),
            laterBody),
        later.getHeader("webhook-signature"),
        "after the overlap only the new secret signs");
  }

  @Test
  void theLogKeepsEventsAWebhookHasNotFannedOutYet() {
    Hook h = register(null, "message.received");
    long first = 0;
    for (int i = 0; i < 10; i++) {
      long id = publish("s1", "message.received", Map.of("n", i)).id();
      first = first == 0 ? id : first;
    }
    closeAll();
    // reopened with room for 3 events per organization: the log prunes on open
    sqlite = SqliteGatewayStore.open(dir);
    db = ServerDb.open(sqlite, clock.millis());
    eventLog =
        SqliteEventLog.open(
            db, clock, new SqliteEventLog.Settings(3, Duration.ofDays(2), 100, 100, Duration.ZERO));
    hub = new EventHub(eventLog, 100);
    store = new DeliveryStore(db);
    dispatcher =
        new Dispatcher(
            store,
            hub,
            clock,
            new RetrySchedule(() -> 0.5),
            new TargetPolicy(true, host -> new java.net.InetAddress[0]),
            new Dispatcher.Settings(Duration.ofHours(24), 4, Duration.ofSeconds(5)));
    assertEquals(10, countEvents(), "nothing the webhook still needs is pruned");
    for (int i = 0; i < 10; i++) {
      receiver.enqueue(new MockResponse().setResponseCode(200));
    }
    dispatcher.tick(); // fans out all ten
    assertEquals(10, deliveries(h).size());
    assertEquals(first, deliveries(h).get(0).eventId());
    assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(10)));
    store.setState(ORG, h.id(), DeliveryStore.DISABLED, "test");
    closeAll();
    sqlite = SqliteGatewayStore.open(dir);
    db = ServerDb.open(sqlite, clock.millis());
    eventLog =
        SqliteEventLog.open(
            db, clock, new SqliteEventLog.Settings(3, Duration.ofDays(2), 100, 100, Duration.ZERO));
    dispatcher =
        new Dispatcher(
            new DeliveryStore(db),
            new EventHub(eventLog, 100),
            clock,
            new RetrySchedule(() -> 0.5),
            new TargetPolicy(true, host -> new java.net.InetAddress[0]),
            new Dispatcher.Settings(Duration.ofHours(24), 4, Duration.ofSeconds(5)));
    assertEquals(3, countEvents(), "once fanned out, the usual bound applies");
  }

  @Test
  void aRetryAskedForDuringAnAttemptIsNotOverwrittenByItsResult() throws Exception {
    Hook h = register(null, "message.received");
    publish("s1", "message.received", Map.of("n", 1));
    receiver.enqueue(
        new MockResponse().setResponseCode(200).setHeadersDelay(300, TimeUnit.MILLISECONDS));
    dispatcher.tick();
    take(); // the attempt is under way
    Delivery inFlight = deliveries(h).get(0);
    assertTrue(store.retry(h.id(), inFlight.id(), clock.millis(), 60_000).isPresent());
    assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(10)));
    Delivery after = deliveries(h).get(0);
    assertEquals(DeliveryStore.PENDING, after.status(), "the retry stands");
    assertEquals(1, after.attempts());
    assertEquals(200, after.lastStatus());
    receiver.enqueue(new MockResponse().setResponseCode(200));
    round();
    assertEquals(inFlight.id(), take().getHeader("webhook-id"));
    assertEquals(DeliveryStore.DELIVERED, deliveries(h).get(0).status());
    assertEquals(2, deliveries(h).get(0).attempts());
  }

  private long countEvents() {
    return db.read(
        "count",
        c ->
            ServerDb.queryOne(c, "SELECT COUNT(*) FROM server_events", rs -> rs.getLong(1))
                .orElseThrow());
  }
}
