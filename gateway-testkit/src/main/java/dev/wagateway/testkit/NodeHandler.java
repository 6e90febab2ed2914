package dev.wagateway.testkit;

import dev.wagateway.core.wire.BinaryNode;

/**
 * Handles the nodes of one tag that a client sends to the {@link WaSimulator}, in place of the
 * default (queueing them for {@link SimulatedConnection#takeNode}). Runs on the connection's
 * reader, one node at a time; reply with {@link SimulatedConnection#send(BinaryNode)}.
 */
@FunctionalInterface
public interface NodeHandler {
  /**
   * Handles one node. An exception closes this connection (WebSocket code 1011) and is kept as
   * {@link SimulatedConnection#failure()}.
   */
  void handle(SimulatedConnection connection, BinaryNode node) throws Exception;
}
