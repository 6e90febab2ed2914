package dev.wagateway.core;

import java.util.Objects;

/**
 * The egress choice.
 *
 * @param nodeId the egress node (proxy or Android device) id, or null for DIRECT / any node
 * @param country ISO 3166-1 alpha-2 country the egress should be in, or null
 */
public record EgressChoice(EgressKind kind, String nodeId, String country) {
  public EgressChoice {
    Objects.requireNonNull(kind, "kind");
  }
}
