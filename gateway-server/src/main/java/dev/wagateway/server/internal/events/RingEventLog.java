package dev.wagateway.server.internal.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** The newest {@code capacity} events in memory; older ones fall off. Thread-safe. */
public final class RingEventLog implements EventLog {
  private final int capacity;
  private final ArrayDeque<StoredEvent> events = new ArrayDeque<>();
  private long nextId = 1;

  public RingEventLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized StoredEvent append(
      String orgId, String sessionId, String type, LongFunction<String> json) {
    long id = nextId++;
    StoredEvent event = new StoredEvent(id, orgId, sessionId, type, json.apply(id));
    events.addLast(event);
    while (events.size() > capacity) {
      events.removeFirst();
    }
    return event;
  }

  @Override
  public synchronized long lastId() {
    return nextId - 1;
  }

  @Override
  public synchronized List<StoredEvent> after(long afterId) {
    List<StoredEvent> out = new ArrayList<>();
    for (StoredEvent e : events) {
      if (e.id() > afterId) {
        out.add(e);
      }
    }
    return out;
  }
}
