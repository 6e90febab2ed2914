package dev.wagateway.server.internal.events;

import dev.wagateway.server.internal.events.EventLog.StoredEvent;
import dev.wagateway.server.internal.http.Json;
import java.time.Instant;
import java.util.ArrayList;
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

  private static final int REPLAY_PAGE = 500;

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
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // see the loop's comment
  public synchronized StoredEvent publish(
      String orgId, String sessionId, ApiEventType type, Instant at, Map<String, Object> fields) {
    StoredEvent event =
        eventLog.append(
            orgId,
            sessionId,
            type.wireName(),
            id -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("type", type.wireName());
              json.put("id", Long.toString(id));
              json.put("sessionId", sessionId);
              json.put("occurredAt", at.toString());
              json.putAll(fields);
              return Json.write(json);
            });
    // subscribers is a CopyOnWriteArrayList: the loop walks a snapshot, so removing is safe.
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
    Subscriber s =
        new Subscriber(new EventFilter(orgId, sessionId, types), eventLog.lastId(), queueCapacity);
    subscribers.add(s);
    return s;
  }

  /**
   * Stored events after {@code afterId} that {@code s} may see, up to the last one published before
   * it subscribed (later ones reach its queue), oldest first.
   */
  public List<StoredEvent> replay(Subscriber s, long afterId) {
    List<StoredEvent> out = new ArrayList<>();
    replay(s, afterId, out::add);
    return out;
  }

  /** Like {@link #replay(Subscriber, long)}, handing the events to {@code sink} page by page. */
  public <X extends Exception> void replay(Subscriber s, long afterId, ReplaySink<X> sink)
      throws X {
    long from = afterId;
    while (true) {
      List<StoredEvent> page = eventLog.after(s.filter, from, s.startId, REPLAY_PAGE);
      for (StoredEvent e : page) {
        sink.accept(e);
      }
      if (page.size() < REPLAY_PAGE) {
        return;
      }
      from = page.get(page.size() - 1).id();
    }
  }

  /** Takes replayed events, e.g. writing them to a stream. */
  @FunctionalInterface
  public interface ReplaySink<X extends Exception> {
    void accept(StoredEvent event) throws X;
  }

  /**
   * How a client resuming after {@code afterId} stands: {@link Resume#UNKNOWN} when no such id was
   * handed out yet (another server's, or lost in a crash), {@link Resume#MISSED} when the log no
   * longer holds some of its organization's events after it, else {@link Resume#COMPLETE}.
   */
  public Resume resume(Subscriber s, long afterId) {
    if (afterId > s.startId) {
      return Resume.UNKNOWN;
    }
    return eventLog.missed(s.filter.orgId(), afterId) ? Resume.MISSED : Resume.COMPLETE;
  }

  /** See {@link #resume}. */
  public enum Resume {
    COMPLETE,
    MISSED,
    UNKNOWN
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
    final EventFilter filter;
    final long startId;
    final BlockingQueue<StoredEvent> queue;
    volatile boolean overflowed;

    Subscriber(EventFilter filter, long startId, int capacity) {
      this.filter = filter;
      this.startId = startId;
      this.queue = new ArrayBlockingQueue<>(capacity);
    }

    boolean matches(StoredEvent e) {
      return filter.matches(e);
    }

    /** The newest id published before this subscriber was added. */
    public long startId() {
      return startId;
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
