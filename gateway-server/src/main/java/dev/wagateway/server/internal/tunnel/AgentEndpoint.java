package dev.wagateway.server.internal.tunnel;

import dev.wagateway.egress.tunnel.AgentChannel;
import dev.wagateway.egress.tunnel.AgentConnection;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * One Android agent's WebSocket at {@code /egress/agent}, handed to the {@link
 * EgressNodeRegistry}: binary messages go to its {@link AgentConnection}, and the registry writes
 * through an {@link AgentChannel} that queues without blocking. Public only because Jetty binds
 * its methods with method handles.
 */
public final class AgentEndpoint implements Session.Listener.AutoDemanding {
  /** Where agents dial. */
  public static final String PATH = "/egress/agent";

  private final EgressNodeRegistry registry;
  private volatile AgentConnection connection;

  public AgentEndpoint(EgressNodeRegistry registry) {
    this.registry = registry;
  }

  /**
   * Maps {@link #PATH} on {@code container} to agent endpoints of {@code registry}, with the
   * WebSocket limits the tunnel runs with (the server and the tunnel benchmark both mount it so).
   */
  public static void mount(ServerWebSocketContainer container, EgressNodeRegistry registry) {
    container.setMaxBinaryMessageSize(1 << 20);
    // Tunnel messages are whole frames up to maxFrame (64 KiB + 6 by default): take each in one
    // piece. Jetty's defaults (64 KiB frames, 4 KiB reads, auto-fragmenting) cut every DATA
    // message into ~16 reads and two fragments that were then joined again; a frame is still
    // bounded by the 1 MiB maximum.
    container.setMaxFrameSize(1 << 20);
    container.setAutoFragment(false);
    container.setInputBufferSize(128 * 1024);
    container.setIdleTimeout(Duration.ofMinutes(5));
    container.addMapping(PATH, (request, response, callback) -> new AgentEndpoint(registry));
  }

  @Override
  public void onWebSocketOpen(Session session) {
    SocketAddress remote = session.getRemoteSocketAddress();
    String ip =
        remote instanceof InetSocketAddress inet && inet.getAddress() != null
            ? inet.getAddress().getHostAddress()
            : "";
    connection =
        registry.accept(
            new AgentChannel() {
              @Override
              public boolean sendBinary(byte[] message) {
                if (!session.isOpen()) {
                  return false;
                }
                session.sendBinary(ByteBuffer.wrap(message), Callback.NOOP);
                return true;
              }

              @Override
              public void close(int code, String reason) {
                session.close(code, reason, Callback.NOOP);
              }

              @Override
              public String remoteIp() {
                return ip;
              }
            });
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    callback.succeed();
    AgentConnection c = connection;
    if (c != null) {
      c.onBinary(bytes);
    }
  }

  @Override
  public void onWebSocketText(String message) {
    AgentConnection c = connection;
    if (c != null) {
      c.onText(message);
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    AgentConnection c = connection;
    if (c != null) {
      c.onClosed(statusCode, reason);
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    AgentConnection c = connection;
    if (c != null) {
      c.onClosed(StatusCode.ABNORMAL, String.valueOf(cause.getMessage()));
    }
  }
}
