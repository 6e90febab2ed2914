package dev.wagateway.core.internal.socket;

import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The {@link WaConnection} over a {@link NoiseWebSocket}. */
public final class NoiseConnection implements WaConnection {
  private final NoiseWebSocket socket;

  private NoiseConnection(NoiseWebSocket socket) {
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
    return new NoiseConnection(socket);
  }

  @Override
  public boolean awaitOpen(Duration timeout) throws InterruptedException {
    return socket.awaitOpen(timeout);
  }

  @Override
  public State state() {
    return socket.state();
  }

  @Override
  public Optional<CloseReason> closeReason() {
    return Optional.ofNullable(socket.closeReason());
  }

  @Override
  public boolean send(BinaryNode node) {
    return socket.send(Objects.requireNonNull(node, "node"));
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "WaConnection[" + state() + "]";
  }
}
