package dev.wagateway.server.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.server.internal.events.EventLog.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ids, filters, bounded replay, and a slow client that is dropped instead of blocking. */
class EventHubTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void slowClientIsDroppedAndPublishingNeverBlocks() throws Exception {
    EventHub hub = new EventHub(new RingEventLog(100), 3);
    EventHub.Subscriber slow = hub.subscribe("org", null, Set.of());
    EventHub.Subscriber fast = hub.subscribe("org", null, Set.of());
    for (int i = 0; i < 10; i++) {
      hub.publish("org", "s1", ApiEventType.AUTH_QR, AT, Map.of("code", "c" + i));
      assertTrue(fast.poll(100) != null);
    }
    assertTrue(slow.overflowed());
    assertFalse(fast.overflowed());
    // the dropped client got what fitted, and nothing more
    int got = 0;
    while (slow.poll(10) != null) {
      got++;
    }
    assertEquals(3, got);
  }

  @Test
  void idsAreMonotonicAndReplayIsBoundedAndFiltered() throws Exception {
    EventHub hub = new EventHub(new RingEventLog(4), 10);
    for (int i = 1; i <= 6; i++) {
      hub.publish(
          i % 2 == 0 ? "org" : "other", "s" + i, ApiEventType.SESSION_STATUS, AT, Map.of("n", i));
    }
    EventHub.Subscriber s = hub.subscribe("org", null, Set.of("session.status"));
    List<StoredEvent> replay = hub.replay(s, 0);
    // the log keeps ids 3..6; of those org has 4 and 6
    assertEquals(List.of(4L, 6L), replay.stream().map(StoredEvent::id).toList());
    assertTrue(replay.get(0).json().contains("\"id\":\"4\""));
    assertTrue(replay.get(0).json().contains("\"occurredAt\":\"2026-01-01T00:00:00Z\""));
    EventHub.Subscriber typed = hub.subscribe("org", "s8", Set.of("auth.qr"));
    hub.publish("org", "s8", ApiEventType.SESSION_STATUS, AT, Map.of());
    hub.publish("org", "s9", ApiEventType.AUTH_QR, AT, Map.of());
    hub.publish("org", "s8", ApiEventType.AUTH_QR, AT, Map.of());
    StoredEvent only = typed.poll(100);
    assertEquals(9L, only.id());
    assertNull(typed.poll(10));
  }

  @Test
  void resumeTellsCompleteMissedAndUnknownIdsApart() {
    EventHub hub = new EventHub(new RingEventLog(3), 10);
    for (int i = 1; i <= 5; i++) {
      hub.publish("org", "s", ApiEventType.AUTH_QR, AT, Map.of("n", i));
    }
    EventHub.Subscriber s = hub.subscribe("org", null, Set.of());
    assertEquals(5, s.startId());
    // the ring holds 3..5: resuming after 2 is complete, after 1 some were dropped
    assertEquals(EventHub.Resume.COMPLETE, hub.resume(s, 2));
    assertEquals(EventHub.Resume.MISSED, hub.resume(s, 1));
    assertEquals(EventHub.Resume.UNKNOWN, hub.resume(s, 6));
    assertEquals(List.of(3L, 4L, 5L), hub.replay(s, 0).stream().map(StoredEvent::id).toList());
  }
}
