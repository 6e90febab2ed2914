package dev.wagateway.egress.tunnel;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** An {@link EgressNodeStore} in memory. */
final class InMemoryEgressNodeStore implements EgressNodeStore {
  private final ConcurrentHashMap<String, EgressNode> nodes = new ConcurrentHashMap<>();

  @Override
  public Optional<EgressNode> find(String nodeId) {
    return Optional.ofNullable(nodes.get(nodeId));
  }

  @Override
  public void save(EgressNode node) {
    nodes.put(node.id(), node);
  }

  @Override
  public List<EgressNode> list(String orgId) {
    return nodes.values().stream()
        .filter(n -> n.orgId().equals(orgId))
        .sorted(Comparator.comparing(EgressNode::createdAt).thenComparing(EgressNode::id))
        .collect(Collectors.toUnmodifiableList());
  }
}
