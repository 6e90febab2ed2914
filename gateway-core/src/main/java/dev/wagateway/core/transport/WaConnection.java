package dev.wagateway.core.transport;

import dev.wagateway.core.internal.socket.NoiseWebSocket;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.wire.BinaryNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One WebSocket to WhatsApp with its Noise session: opened through the configured {@link Egress},
 * it sends the connection header and ClientHello, verifies the server's certificate chain, finishes
 * the handshake with the given ClientPayload, then carries binary nodes both ways.
 *
 * <p>Every end of the connection (failed handshake, malformed frame or node, remote close, egress
 * or network failure, {@link #close()}) is reported exactly once to {@link
 * Listener#onClosed(CloseReason)}; nothing is thrown into the caller's or the network's threads.
 * Listener callbacks run in order on a per-connection serial executor (or the one given with
 * {@link ConnectionConfig.Builder#callbackExecutor}), so a slow listener never stalls the socket
 * reader.
 */
public final class WaConnection implements AutoCloseable {
  /** Receives the connection's events, in order, one at a time. */
  public interface Listener {
    /** The handshake finished; {@link #send(BinaryNode)} may be used from now on. */
    default void onOpen() {}

    /** A node arrived from the server. */
    void onNode(BinaryNode node);

    /** The connection ended. Called exactly once, after every other callback. */
    void onClosed(CloseReason reason);
  }

  /** Where the connection is in its life. */
  public enum State {
    /** Opening the WebSocket or running the handshake. */
    CONNECTING,
    /** Handshake finished; nodes flow both ways. */
    OPEN,
    /** Ended; see {@link #closeReason()}. */
    CLOSED
  }

  private final NoiseWebSocket socket;

  private WaConnection(NoiseWebSocket socket) {
    this.socket = socket;
  }

  /**
   * Starts connecting and returns at once; the outcome arrives at the listener ({@link
   * Listener#onOpen()} or {@link Listener#onClosed(CloseReason)}).
   *
   * @param noiseKey the device's static Noise key pair
   * @param clientPayload the serialized ClientPayload (registration or login) sent in ClientFinish
   * @param routingInfoOrNull edge-routing bytes from an earlier session, sent in the ED header
   */
  public static WaConnection connect(
      ConnectionConfig config,
      KeyPair noiseKey,
      byte[] clientPayload,
      byte[] routingInfoOrNull,
      Listener listener) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(noiseKey, "noiseKey");
    Objects.requireNonNull(clientPayload, "clientPayload");
    Objects.requireNonNull(listener, "listener");
    NoiseWebSocket socket =
        new NoiseWebSocket(
            config,
            noiseKey,
            clientPayload.clone(),
            routingInfoOrNull == null ? null : routingInfoOrNull.clone(),
            listener);
    socket.start();
    return new WaConnection(socket);
  }

  /**
   * Waits until the handshake has finished or the connection has ended.
   *
   * @return true when the connection is open, false when it ended or the wait timed out
   */
  public boolean awaitOpen(Duration timeout) throws InterruptedException {
    return socket.awaitOpen(timeout);
  }

  /** The current state. */
  public State state() {
    return socket.state();
  }

  /** Why the connection ended, once it has. */
  public Optional<CloseReason> closeReason() {
    return Optional.ofNullable(socket.closeReason());
  }

  /**
   * Encodes, encrypts and sends one node. Thread-safe; nodes go out in the order of the calls.
   *
   * @return false when the connection has ended (the node was not sent)
   * @throws dev.wagateway.core.GatewayException.ValidationException when the handshake has not
   *     finished yet, or the node cannot be encoded (too deep, too large)
   */
  public boolean send(BinaryNode node) {
    return socket.send(Objects.requireNonNull(node, "node"));
  }

  /**
   * Closes the connection (WebSocket close code 1000); the listener sees {@code CLOSED_LOCALLY}.
   */
  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "WaConnection[" + state() + "]";
  }
}
