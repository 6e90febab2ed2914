package dev.wagateway.core.event;

import java.util.Set;

/**
 * Which events a listener wants.
 *
 * @param sessionId only this session's events, or null for every session
 * @param types only these {@link SessionEvent#eventType()}s, or empty for every type
 */
public record SessionEventFilter(String sessionId, Set<EventType> types) {
  public SessionEventFilter {
    types = types == null ? Set.of() : Set.copyOf(types);
  }

  /** Every event. */
  public static SessionEventFilter all() {
    return new SessionEventFilter(null, Set.of());
  }

  /** Every event of one session. */
  public static SessionEventFilter session(String sessionId) {
    return new SessionEventFilter(sessionId, Set.of());
  }

  /** Whether {@code event} passes. */
  public boolean test(SessionEvent event) {
    return (sessionId == null || sessionId.equals(event.sessionId()))
        && (types.isEmpty() || types.contains(event.eventType()));
  }
}
