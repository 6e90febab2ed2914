package dev.wagateway.egress.tunnel;

import java.util.List;
import java.util.Optional;

/**
 * Where egress-node records live. Deliberately narrow so a SQL store can implement it; tokens are
 * never stored. {@link #inMemory()} serves tests and embedded use.
 */
public interface EgressNodeStore {
  Optional<EgressNode> find(String nodeId);

  /** Inserts or replaces the record with this id. */
  void save(EgressNode node);

  /** The org's nodes, oldest first. */
  List<EgressNode> list(String orgId);

  /** Nodes kept in memory only: for tests and embedders without a database. */
  static EgressNodeStore inMemory() {
    return new InMemoryEgressNodeStore();
  }
}
