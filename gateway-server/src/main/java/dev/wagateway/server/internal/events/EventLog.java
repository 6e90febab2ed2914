package dev.wagateway.server.internal.events;

import java.util.List;
import java.util.function.LongFunction;

/**
 * Where published events are kept for {@code Last-Event-ID} resume. {@link RingEventLog} keeps the
 * newest N in memory (tests, embedding); {@link SqliteEventLog} persists them in the server's
 * database, bounded by count per organization and by age.
 */
public interface EventLog extends AutoCloseable {
  /**
   * Stores an event under the next id (monotonic, starting after the newest one handed out); {@code
   * json} renders the event given its id. Never blocks for long.
   */
  StoredEvent append(String orgId, String sessionId, String type, LongFunction<String> json);

  /** The newest id handed out, 0 when none. */
  long lastId();

  /**
   * Events matching {@code filter} with {@code afterId < id <= throughId}, oldest first, at most
   * {@code limit}, as far back as the log reaches.
   */
  List<StoredEvent> after(EventFilter filter, long afterId, long throughId, int limit);

  /**
   * Whether some event of {@code orgId} with an id above {@code afterId} is no longer held (pruned,
   * or never stored), so a client resuming after {@code afterId} may have missed events.
   */
  boolean missed(String orgId, long afterId);

  /** Stores what is still queued and releases the log; events appended later are not kept. */
  @Override
  default void close() {}

  /** One published event: its id, scope and the JSON sent as the SSE {@code data}. */
  record StoredEvent(long id, String orgId, String sessionId, String type, String json) {}
}
