package dev.wagateway.server.internal.events;

import dev.wagateway.server.internal.events.EventLog.StoredEvent;
import java.util.Objects;
import java.util.Set;

/**
 * Which events a client sees: those of {@code orgId}, of {@code sessionId} when not null, of the
 * {@code types} when not empty.
 */
public record EventFilter(String orgId, String sessionId, Set<String> types) {
  public EventFilter {
    Objects.requireNonNull(orgId, "orgId");
    types = Set.copyOf(types);
  }

  public boolean matches(StoredEvent e) {
    return orgId.equals(e.orgId())
        && (sessionId == null || sessionId.equals(e.sessionId()))
        && (types.isEmpty() || types.contains(e.type()));
  }
}
