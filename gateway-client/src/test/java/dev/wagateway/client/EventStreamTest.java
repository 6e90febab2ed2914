package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.AuthQrEvent;
import dev.wagateway.client.model.EgressNodeStatusEvent;
import dev.wagateway.client.model.Event;
import dev.wagateway.client.model.EventType;
import dev.wagateway.client.model.MessageReceivedEvent;
import dev.wagateway.client.model.MessageType;
import dev.wagateway.client.model.SessionStatus;
import dev.wagateway.client.model.SessionStatusEvent;
import dev.wagateway.client.model.WhatsAppAltEgressNodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE subscription: parsing into typed events, filters, reconnect with Last-Event-ID, terminal
 * errors.
 */
class EventStreamTest {
  private ClientFixture fx;
  private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

  private final EventListener recorder =
      new EventListener() {
        @Override
        public void onEvent(Event event) {
          seen.add(event);
        }

        @Override
        public void onOpen() {
          seen.add("open");
        }

        @Override
        public void onError(WagatewayException error, boolean willRetry) {
          seen.add(error);
          seen.add(willRetry ? "will-retry" : "gives-up");
        }

        @Override
        public void onUnknownEvent(String eventType, String data) {
          seen.add("unknown:" + eventType + ":" + data);
        }

        @Override
        public void onClosed() {
          seen.add("closed");
        }
      };

  @BeforeEach
  void start() throws Exception {
    fx = new ClientFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  private Object next() throws InterruptedException {
    Object o = seen.poll(5, TimeUnit.SECONDS);
    if (o == null) {
      throw new AssertionError("nothing received within 5 s");
    }
    return o;
  }

  private static MockResponse sse(String body) {
    return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body);
  }

  @Test
  void parsesTypedEventsAndResumesWithLastEventId() throws Exception {
    fx.server.enqueue(
        sse(
            """
                retry: 10
                : keep-alive

                id: e1
                event: session.status
                data: {"type":"session.status","id":"e1","sessionId":"s1",
                data: "occurredAt":"2026-01-01T00:00:00Z","status":"pairing","previousStatus":"starting"}

                :another comment
                id: e2
                event: auth.qr
                data:{"type":"auth.qr","id":"e2","sessionId":"s1","occurredAt":"2026-01-01T00:00:01Z","code":"2@q","expiresAt":1767225620000}

                event: future.thing
                data: {"type":"future.thing","id":"e3"}

                """));
    fx.server.enqueue(
        sse(
            """
                id: e4
                data: {"type":"message.received","id":"e4","sessionId":"s1","occurredAt":"2026-01-01T00:00:02Z","messageId":"m9",
                data: "chat":"1@s.whatsapp.net","from":"1@s.whatsapp.net","fromMe":false,"messageType":"text","text":"hi\\nthere",
                data: "timestamp":"2026-01-01T00:00:02Z"}

                id: e5
                data: {"type":"egress.node.status","id":"e5","sessionId":null,"occurredAt":"2026-01-01T00:00:03Z","nodeId":"nd_1","status":"online"}

                """));
    EventSubscription sub =
        fx.client
            .events()
            .subscribe(
                EventFilter.all()
                    .withSession("s1")
                    .withTypes(EventType.SESSION_STATUS, EventType.AUTH_QR),
                recorder);
    try {
      assertEquals("open", next());
      SessionStatusEvent status = assertInstanceOf(SessionStatusEvent.class, next());
      assertEquals("e1", status.id());
      assertEquals("session.status", status.type());
      assertEquals(SessionStatus.PAIRING, status.status());
      assertEquals(SessionStatus.STARTING, status.previousStatus());
      AuthQrEvent qr = assertInstanceOf(AuthQrEvent.class, next());
      assertEquals("2@q", qr.code());
      assertEquals(1767225620000L, qr.expiresAt());
      assertEquals(Instant.parse("2026-01-01T00:00:01Z"), qr.occurredAt());
      assertEquals("unknown:future.thing:{\"type\":\"future.thing\",\"id\":\"e3\"}", next());
      assertEquals("open", next());
      MessageReceivedEvent msg = assertInstanceOf(MessageReceivedEvent.class, next());
      assertEquals("hi\nthere", msg.text());
      assertEquals(MessageType.TEXT, msg.messageType());
      assertFalse(msg.fromMe());
      EgressNodeStatusEvent node = assertInstanceOf(EgressNodeStatusEvent.class, next());
      assertNull(node.sessionId());
      assertEquals(WhatsAppAltEgressNodeStatus.ONLINE, node.status());
      assertEquals("e5", sub.lastEventId());
    } finally {
      sub.close();
    }
    assertTrue(sub.awaitTermination(Duration.ofSeconds(5)));

    RecordedRequest first = fx.take();
    assertEquals("GET", first.getMethod());
    assertEquals("/api/v1/events", first.getRequestUrl().encodedPath());
    assertEquals("s1", first.getRequestUrl().queryParameter("session"));
    assertEquals("session.status,auth.qr", first.getRequestUrl().queryParameter("types"));
    assertEquals("text/event-stream", first.getHeader("Accept"));
    assertEquals("Bearer " + ClientFixture.TOKEN, first.getHeader("Authorization"));
    assertNull(first.getHeader("Last-Event-ID"));
    RecordedRequest second = fx.take();
    assertEquals(
        "e2",
        second.getHeader("Last-Event-ID"),
        "the unknown event carried no id, so e2 stays the last one");
  }

  @Test
  void resumesFromTheFilterIdAndReconnectsAfterServerErrors() throws Exception {
    fx.server.enqueue(
        new MockResponse()
            .setResponseCode(503)
            .setHeader("Retry-After", "0")
            .setBody("{\"error\":{\"code\":\"service_unavailable\",\"message\":\"draining\"}}"));
    fx.server.enqueue(
        sse(
            "retry: 5\n\nid: e8\ndata: {\"type\":\"auth.logged_out\",\"id\":\"e8\",\"sessionId\":\"s1\","
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"reason\":\"unlinked\"}\n\n"));
    EventSubscription sub =
        fx.client.events().subscribe(EventFilter.all().resumingAfter("e7"), recorder);
    try {
      Object first = next();
      WagatewayApiException e =
          assertInstanceOf(WagatewayApiException.class, first, String.valueOf(first));
      assertEquals(503, e.status());
      assertEquals("will-retry", next());
      assertEquals("open", next());
      assertEquals("auth.logged_out", ((Event) next()).type());
    } finally {
      sub.close();
    }
    assertTrue(sub.awaitTermination(Duration.ofSeconds(5)));
    assertEquals("e7", fx.take().getHeader("Last-Event-ID"));
    assertEquals("e7", fx.take().getHeader("Last-Event-ID"));
  }

  @Test
  void unauthorizedEndsTheSubscription() throws Exception {
    fx.enqueueJson(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"invalid token\"}}");
    EventSubscription sub = fx.client.events().subscribe(EventFilter.all(), recorder);
    WagatewayApiException e = assertInstanceOf(WagatewayApiException.class, next());
    assertEquals("unauthorized", e.code());
    assertEquals("gives-up", next());
    assertEquals("closed", next());
    assertTrue(sub.awaitTermination(Duration.ofSeconds(5)));
    assertTrue(sub.isClosed());
    assertEquals(1, fx.server.getRequestCount());
  }

  @Test
  void closeCancelsAPendingRequest() throws Exception {
    fx.server.enqueue(
        new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
    EventSubscription sub = fx.client.events().subscribe(EventFilter.all(), recorder);
    assertEquals("/api/v1/events", fx.take().getRequestUrl().encodedPath());
    assertFalse(sub.isClosed());
    sub.close();
    assertTrue(sub.awaitTermination(Duration.ofSeconds(5)));
    assertEquals("closed", next());
    assertTrue(sub.isClosed());
    assertEquals(1, fx.server.getRequestCount());
  }

  @Test
  void closingTheClientClosesItsSubscriptions() throws Exception {
    fx.server.enqueue(
        new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
    EventSubscription sub = fx.client.events().subscribe(EventFilter.all(), recorder);
    fx.take();
    fx.client.close();
    assertTrue(sub.awaitTermination(Duration.ofSeconds(5)));
    assertEquals("closed", next());
  }
}
