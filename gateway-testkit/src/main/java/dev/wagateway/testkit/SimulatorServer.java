package dev.wagateway.testkit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty 12 side of the simulator: one loopback connector and a WebSocket upgrade handler on one
 * path (Jetty core API, no servlets). Each accepted WebSocket becomes a {@link SimulatedConnection}
 * via the {@code accept} function.
 */
final class SimulatorServer {
  private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);

  /** The largest WebSocket message accepted: a full frame (16 MiB) plus its header. */
  private static final long MAX_MESSAGE = (1L << 24) + 16;

  /** The listen backlog; the kernel caps it at net.core.somaxconn. */
  static final int ACCEPT_QUEUE = 1024;

  /** An accepted WebSocket, before the handshake. */
  record Peer(
      Session session, InetSocketAddress remoteAddress, Map<String, List<String>> headers) {}

  private final Server server;
  private final ServerConnector connector;

  SimulatorServer(
      int port,
      String path,
      Function<Peer, SimulatedConnection> accept,
      Handler media,
      BooleanSupplier refuseUpgrades) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("wa-simulator");
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    // Room for a burst of connects (the JDK's default listen backlog is 50): when more SYNs wait
    // than that while the acceptor is busy, the kernel drops them and the client retries only after
    // its 1 s retransmission timeout, which showed as ~1.1 s outliers when 100 sessions connect.
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    server.addConnector(connector);
    server.setStopTimeout(2_000);
    WebSocketUpgradeHandler upgrade =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxBinaryMessageSize(MAX_MESSAGE);
              container.setIdleTimeout(Duration.ofHours(1));
              container.addMapping(
                  path,
                  (request, response, callback) -> {
                    if (refuseUpgrades.getAsBoolean()) {
                      // a simulated outage: no WebSocket, an HTTP 503 to the upgrade request
                      Response.writeError(
                          request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
                      return null;
                    }
                    // Decline every WebSocket extension the client offers (OkHttp offers
                    // permessage-deflate, as whatsmeow does): frames carry Noise ciphertext, which
                    // does not compress, and deflating and inflating every frame on both sides
                    // was CPU for nothing. Declining is a server's choice under RFC 6455; the
                    // frames' payload bytes are the same either way.
                    response.setExtensions(List.of());
                    return new Endpoint(accept);
                  });
            });
    server.setHandler(new Handler.Sequence(media, upgrade));
  }

  void start() throws Exception {
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("simulator stop failed: {}", e.toString());
    }
  }

  /**
   * Jetty's listener for one WebSocket; hands every binary message to its connection. Public only
   * because Jetty binds its methods with method handles.
   */
  public static final class Endpoint implements Session.Listener.AutoDemanding {
    private final Function<Peer, SimulatedConnection> accept;
    private SimulatedConnection connection;

    Endpoint(Function<Peer, SimulatedConnection> accept) {
      this.accept = accept;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      SocketAddress remote = session.getRemoteSocketAddress();
      InetSocketAddress address =
          remote instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      session
          .getUpgradeRequest()
          .getHeaders()
          .forEach((name, values) -> headers.put(name, List.copyOf(values)));
      connection = accept.apply(new Peer(session, address, Collections.unmodifiableMap(headers)));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      callback.succeed();
      if (connection != null) {
        connection.onBinary(bytes);
      }
    }

    @Override
    @SuppressWarnings(
        "removal") // Jetty 12.1 still calls this form when no Callback form is overridden
    public void onWebSocketClose(int statusCode, String reason) {
      if (connection != null) {
        connection.onClose(statusCode);
      }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      log.debug("simulator WebSocket error: {}", cause.toString());
      if (connection != null) {
        connection.onClose(StatusCode.ABNORMAL);
      }
    }
  }
}
