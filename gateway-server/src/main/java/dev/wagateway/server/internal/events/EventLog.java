package dev.wagateway.server.internal.events;

import java.util.List;
import java.util.function.LongFunction;

/**
 * Where published events are kept for {@code Last-Event-ID} resume. {@link RingEventLog} keeps
 * the newest N in memory; a durable outbox can implement the same two methods.
 */
public interface EventLog {
  /**
   * Stores an event under the next id (monotonic, starting after the newest stored one); {@code
   * json} renders the event given its id.
   */
  StoredEvent append(String orgId, String sessionId, String type, LongFunction<String> json);

  /** The newest id handed out, 0 when none. */
  long lastId();

  /** Events with an id above {@code afterId}, oldest first, as far back as the log reaches. */
  List<StoredEvent> after(long afterId);

  /** One published event: its id, scope and the JSON sent as the SSE {@code data}. */
  record StoredEvent(long id, String orgId, String sessionId, String type, String json) {}
}
