package dev.wagateway.client;

import dev.wagateway.client.model.EventType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which events a subscription receives and where it starts.
 *
 * @param session only this session's events, or null for all sessions
 * @param types only these types, or empty for all
 * @param lastEventId resume after this event id (sent as {@code Last-Event-ID}), or null for live
 *     events
 */
public record EventFilter(String session, Set<EventType> types, String lastEventId) {
  public EventFilter {
    types = types == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(types));
  }

  /** Every event of the organization, from now on. */
  public static EventFilter all() {
    return new EventFilter(null, Set.of(), null);
  }

  public EventFilter withSession(String sessionId) {
    return new EventFilter(sessionId, types, lastEventId);
  }

  public EventFilter withTypes(EventType... eventTypes) {
    return new EventFilter(session, new LinkedHashSet<>(Arrays.asList(eventTypes)), lastEventId);
  }

  public EventFilter resumingAfter(String eventId) {
    return new EventFilter(session, types, eventId);
  }
}
