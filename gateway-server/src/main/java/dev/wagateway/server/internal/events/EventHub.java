package dev.wagateway.server.internal.events;

import dev.wagateway.server.internal.events.EventLog.StoredEvent;
import dev.wagateway.server.internal.http.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to event-stream clients. Publishing appends to the {@link EventLog} (which
 * assigns the id) and offers the event to every matching subscriber's bounded queue without
 * blocking: a client whose queue is full is dropped (it reconnects with Last-Event-ID), so a slow
 * client never holds up the core.
 */
public final class EventHub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  private final EventLog eventLog;
  private final int queueCapacity;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public EventHub(EventLog eventLog, int queueCapacity) {
    this.eventLog = eventLog;
    this.queueCapacity = queueCapacity;
  }

  /**
   * Publishes an event of {@code orgId}. {@code fields} are the type's own fields; the envelope
   * ({@code type, id, sessionId, occurredAt}) is added here.
   */
  public synchronized StoredEvent publish(
      String orgId, String sessionId, String type, Instant at, Map<String, Object> fields) {
    StoredEvent event =
        eventLog.append(
            orgId,
            sessionId,
            type,
            id -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("type", type);
              json.put("id", Long.toString(id));
              json.put("sessionId", sessionId);
              json.put("occurredAt", at.toString());
              json.putAll(fields);
              return Json.write(json);
            });
    for (Subscriber s : subscribers) {
      if (s.matches(event) && !s.queue.offer(event)) {
        log.info("dropping a slow event-stream client (queue of {} full)", queueCapacity);
        s.overflowed = true;
        subscribers.remove(s);
      }
    }
    return event;
  }

  /** A new subscriber; events published from now on are queued for it. */
  public synchronized Subscriber subscribe(String orgId, String sessionId, Set<String> types) {
    Subscriber s = new Subscriber(orgId, sessionId, types, eventLog.lastId(), queueCapacity);
    subscribers.add(s);
    return s;
  }

  /** Stored events after {@code afterId} that {@code s} may see. */
  public List<StoredEvent> replay(Subscriber s, long afterId) {
    return eventLog.after(afterId).stream()
        .filter(e -> e.id() <= s.startId && s.matches(e))
        .toList();
  }

  public void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    subscribers.clear();
  }

  /** One client's filter and queue. */
  public static final class Subscriber {
    final String orgId;
    final String sessionId;
    final Set<String> types;
    final long startId;
    final BlockingQueue<StoredEvent> queue;
    volatile boolean overflowed;

    Subscriber(String orgId, String sessionId, Set<String> types, long startId, int capacity) {
      this.orgId = orgId;
      this.sessionId = sessionId;
      this.types = types;
      this.startId = startId;
      this.queue = new ArrayBlockingQueue<>(capacity);
    }

    boolean matches(StoredEvent e) {
      return orgId.equals(e.orgId())
          && (sessionId == null || sessionId.equals(e.sessionId()))
          && (types.isEmpty() || types.contains(e.type()));
    }

    /** The next event, or null after {@code timeoutMillis}. */
    public StoredEvent poll(long timeoutMillis) throws InterruptedException {
      return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public boolean overflowed() {
      return overflowed;
    }
  }
}
