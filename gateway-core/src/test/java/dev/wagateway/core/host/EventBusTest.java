package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.Subscription;
import dev.wagateway.core.event.Disconnected;
import dev.wagateway.core.event.EventType;
import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.SessionEventFilter;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTest {
  private static SessionEvent event(String session, int n) {
    return new Disconnected(session, Instant.EPOCH.plusSeconds(n), "r" + n, false);
  }

  @Test
  void aListenerThatBlocksForeverStallsNeitherThePublisherNorOtherListeners() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blockedOnce = new CountDownLatch(1);
    try (EventBus bus = new EventBus(200)) {
      bus.subscribe(e -> blockForever(blockedOnce, release), SessionEventFilter.all());
      List<SessionEvent> seen = new CopyOnWriteArrayList<>();
      CountDownLatch all = new CountDownLatch(100);
      bus.subscribe(
          e -> {
            seen.add(e);
            all.countDown();
          },
          SessionEventFilter.all());
      bus.publish(event("s1", 0));
      assertTrue(blockedOnce.await(5, TimeUnit.SECONDS));
      for (int i = 1; i < 100; i++) {
        bus.publish(event("s1", i));
      }
      assertTrue(all.await(5, TimeUnit.SECONDS), "the healthy listener got every event");
      for (int i = 0; i < 100; i++) {
        assertEquals("r" + i, ((Disconnected) seen.get(i)).reason(), "in order");
      }
      assertEquals(0, bus.dropped());
      release.countDown();
    }
  }

  @Test
  void aFullQueueDropsOnlyThatListenersEvents() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blockedOnce = new CountDownLatch(1);
    try (EventBus bus = new EventBus(8)) {
      bus.subscribe(e -> blockForever(blockedOnce, release), SessionEventFilter.all());
      bus.publish(event("s1", 0));
      assertTrue(blockedOnce.await(5, TimeUnit.SECONDS));
      long start = System.nanoTime();
      for (int i = 1; i < 100; i++) {
        bus.publish(event("s1", i));
      }
      long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // one event is being handled, eight wait, the other 91 are dropped for this listener
      assertEquals(91, bus.dropped());
      assertTrue(publishMillis < 5_000, "publishing never waited for the blocked listener");
      release.countDown();
    }
  }

  private static void blockForever(CountDownLatch entered, CountDownLatch release) {
    entered.countDown();
    try {
      release.await();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void filtersBySessionAndType() throws Exception {
    try (EventBus bus = new EventBus(16)) {
      List<SessionEvent> seen = new CopyOnWriteArrayList<>();
      CountDownLatch one = new CountDownLatch(1);
      bus.subscribe(
          e -> {
            seen.add(e);
            one.countDown();
          },
          new SessionEventFilter("s2", Set.of(EventType.SESSION_DISCONNECTED)));
      bus.publish(event("s1", 1));
      bus.publish(event("s2", 2));
      assertTrue(one.await(5, TimeUnit.SECONDS));
      Thread.sleep(50);
      assertEquals(1, seen.size());
      assertEquals("s2", seen.get(0).sessionId());
    }
  }

  @Test
  void closedSubscriptionGetsNothing() throws Exception {
    try (EventBus bus = new EventBus(16)) {
      List<SessionEvent> seen = new CopyOnWriteArrayList<>();
      Subscription sub = bus.subscribe(seen::add, SessionEventFilter.all());
      sub.close();
      bus.publish(event("s1", 1));
      Thread.sleep(50);
      assertEquals(0, seen.size());
    }
  }

  @Test
  void aThrowingListenerKeepsReceiving() throws Exception {
    try (EventBus bus = new EventBus(16)) {
      CountDownLatch both = new CountDownLatch(2);
      bus.subscribe(
          e -> {
            both.countDown();
            throw new IllegalStateException("listener bug");
          },
          SessionEventFilter.all());
      bus.publish(event("s1", 1));
      bus.publish(event("s1", 2));
      assertTrue(both.await(5, TimeUnit.SECONDS));
    }
  }
}
