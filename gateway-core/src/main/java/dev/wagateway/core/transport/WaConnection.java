package dev.wagateway.core.transport;

import dev.wagateway.core.wire.BinaryNode;
import java.time.Duration;
import java.util.Optional;

/**
 * One WebSocket to WhatsApp with its Noise session: opened through the configured {@link Egress},
 * it sends the connection header and ClientHello, verifies the server's certificate chain, finishes
 * the handshake with the given ClientPayload, then carries binary nodes both ways.
 *
 * <p>Every end of the connection (failed handshake, malformed frame or node, remote close, egress
 * or network failure, {@link #close()}) is reported exactly once to {@link
 * Listener#onClosed(CloseReason)}; nothing is thrown into the caller's or the network's threads.
 * Listener callbacks run in order on a per-connection serial executor (or the one given with {@link
 * ConnectionConfig.Builder#callbackExecutor}), so a slow listener never stalls the socket reader.
 *
 * <p>Opened with {@code dev.wagateway.core.host.WaConnections.connect}.
 */
public interface WaConnection extends AutoCloseable {
  /** Receives the connection's events, in order, one at a time. */
  interface Listener {
    /** The handshake finished; {@link #send(BinaryNode)} may be used from now on. */
    default void onOpen() {}

    /** A node arrived from the server. */
    void onNode(BinaryNode node);

    /** The connection ended. Called exactly once, after every other callback. */
    void onClosed(CloseReason reason);
  }

  /** Where the connection is in its life. */
  enum State {
    /** Opening the WebSocket or running the handshake. */
    CONNECTING,
    /** Handshake finished; nodes flow both ways. */
    OPEN,
    /** Ended; see {@link #closeReason()}. */
    CLOSED
  }

  /**
   * Waits until the handshake has finished or the connection has ended.
   *
   * @return true when the connection is open, false when it ended or the wait timed out
   */
  boolean awaitOpen(Duration timeout) throws InterruptedException;

  /** The current state. */
  State state();

  /** Why the connection ended, once it has. */
  Optional<CloseReason> closeReason();

  /**
   * Encodes, encrypts and sends one node. Thread-safe; nodes go out in the order of the calls.
   *
   * @return false when the connection has ended (the node was not sent)
   * @throws dev.wagateway.core.GatewayException.ValidationException when the handshake has not
   *     finished yet, or the node cannot be encoded (too deep, too large)
   */
  boolean send(BinaryNode node);

  /**
   * Closes the connection (WebSocket close code 1000); the listener sees {@code CLOSED_LOCALLY}.
   */
  @Override
  void close();
}
