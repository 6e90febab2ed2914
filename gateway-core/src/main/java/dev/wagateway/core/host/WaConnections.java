package dev.wagateway.core.host;

import dev.wagateway.core.internal.socket.NoiseConnection;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.WaConnection;

/** Opens a single {@link WaConnection}, without a {@link SessionHost} around it. */
public final class WaConnections {
  private WaConnections() {}

  /**
   * Starts connecting and returns at once; the outcome arrives at the listener ({@link
   * WaConnection.Listener#onOpen()} or {@link WaConnection.Listener#onClosed(CloseReason)}).
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
      WaConnection.Listener listener) {
    return NoiseConnection.connect(config, noiseKey, clientPayload, routingInfoOrNull, listener);
  }
}
