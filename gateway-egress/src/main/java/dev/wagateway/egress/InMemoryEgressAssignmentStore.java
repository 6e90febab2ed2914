package dev.wagateway.egress;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link EgressAssignmentStore} in memory: for tests and for deployments without a store. */
final class InMemoryEgressAssignmentStore implements EgressAssignmentStore {
  private final Map<String, String> assignments = new ConcurrentHashMap<>();

  @Override
  public Optional<String> find(String sessionId) {
    return Optional.ofNullable(assignments.get(Objects.requireNonNull(sessionId, "sessionId")));
  }

  @Override
  public void save(String sessionId, String proxyId) {
    assignments.put(
        Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(proxyId, "proxyId"));
  }

  @Override
  public void remove(String sessionId) {
    assignments.remove(Objects.requireNonNull(sessionId, "sessionId"));
  }

  /** A copy of every assignment, session id to proxy id. */
  public Map<String, String> snapshot() {
    return Map.copyOf(assignments);
  }
}
