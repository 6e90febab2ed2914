package dev.wagateway.testkit;

import dev.wagateway.core.wire.BinaryNode;
import java.time.Instant;

/**
 * One node that crossed a {@link SimulatedConnection}, in order.
 *
 * @param direction who sent it
 * @param node the node (decoded as received, or as sent)
 * @param at when the simulator received or sent it (simulator clock)
 */
public record RecordedStanza(Direction direction, BinaryNode node, Instant at) {
  /** Who sent the node. */
  public enum Direction {
    /** The client sent it to the simulator. */
    FROM_CLIENT,
    /** The simulator sent it to the client. */
    TO_CLIENT
  }

  @Override
  public String toString() {
    return (direction == Direction.FROM_CLIENT ? "C->S " : "S->C ") + node;
  }
}
