package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.host.WaConnections;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** The simulator's own contract: dispatch by tag, hooks, bounded queues, bad client input. */
class WaSimulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SecureRandom random = new SecureRandom();

  @Test
  void urlAndRootKeyDescribeTheRunningServer() {
    try (WaSimulator simulator = WaSimulator.builder().raw(true).start()) {
      assertTrue(simulator.port() > 0);
      assertEquals("ws://127.0.0.1:" + simulator.port() + "/ws/chat", simulator.url());
      assertEquals(32, simulator.rootPublicKey().length);
      assertEquals(32, simulator.serverStaticPublicKey().length);
      assertFalse(
          java.util.Arrays.equals(simulator.rootPublicKey(), simulator.serverStaticPublicKey()));
    }
  }

  @Test
  void handlersAnswerByTagAndOtherTagsAreQueued() throws Exception {
    try (WaSimulator simulator =
        WaSimulator.builder()
            .raw(true)
            .handle(
                "iq",
                (conn, node) ->
                    conn.send(BinaryNode.of("iq", Map.of("id", node.attr("id"), "type", "result"))))
            .onHandshake(conn -> conn.attributes().put("greeted", Boolean.TRUE))
            .onHandshake(conn -> conn.send(BinaryNode.of("success", Map.of("t", "1"))))
            .start()) {
      Client client = Client.connect(simulator, random);
      assertEquals(BinaryNode.of("success", Map.of("t", "1")), client.next());
      SimulatedConnection conn = simulator.takeConnection(WAIT);
      assertEquals(Boolean.TRUE, conn.attributes().get("greeted"));

      client.connection.send(BinaryNode.of("iq", Map.of("id", "7", "type", "get")));
      assertEquals(BinaryNode.of("iq", Map.of("id", "7", "type", "result")), client.next());
      assertNull(conn.takeNode(Duration.ofMillis(200)), "a handled node was also queued");

      client.connection.send(BinaryNode.of("presence", Map.of("type", "available")));
      assertEquals(BinaryNode.of("presence", Map.of("type", "available")), conn.takeNode(WAIT));

      simulator.removeHandler("iq");
      client.connection.send(BinaryNode.of("iq", Map.of("id", "8")));
      assertEquals(BinaryNode.of("iq", Map.of("id", "8")), conn.takeNode(WAIT));
      client.connection.close();
    }
  }

  @Test
  void aThrowingHandlerClosesOnlyItsConnectionWithServerError() throws Exception {
    try (WaSimulator simulator =
        WaSimulator.builder()
            .raw(true)
            .handle(
                "boom",
                (conn, node) -> {
                  throw new IllegalStateException("handler bug");
                })
            .start()) {
      Client client = Client.connect(simulator, random);
      SimulatedConnection conn = simulator.takeConnection(WAIT);
      client.connection.send(BinaryNode.of("boom"));

      assertTrue(conn.awaitClosed(WAIT));
      assertEquals(1011, conn.closeCode());
      assertEquals("handler bug", conn.failure().getMessage());
      CloseReason reason = client.closed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(reason);
      assertEquals(CloseReason.Kind.REMOTE_CLOSED, reason.kind());
      assertEquals("1011", reason.detail());
    }
  }

  @Test
  void aFullNodeQueueClosesTheConnectionInsteadOfGrowing() throws Exception {
    try (WaSimulator simulator = WaSimulator.builder().raw(true).queueCapacity(2).start()) {
      Client client = Client.connect(simulator, random);
      SimulatedConnection conn = simulator.takeConnection(WAIT);
      for (int i = 0; i < 3; i++) {
        client.connection.send(BinaryNode.of("receipt", Map.of("id", Integer.toString(i))));
      }
      assertTrue(conn.awaitClosed(WAIT));
      assertEquals(1008, conn.closeCode());
      assertEquals(BinaryNode.of("receipt", Map.of("id", "0")), conn.takeNode(WAIT));
      assertEquals(BinaryNode.of("receipt", Map.of("id", "1")), conn.takeNode(WAIT));
      assertNull(conn.takeNode(Duration.ofMillis(100)));
    }
  }

  /**
   * The load driver's simulator keeps every connection in its queue (capacity 100,000, nobody takes
   * them). Array-backed queues allocated the whole capacity up front, for the connection queue and
   * again for every connection's node queue (400 KB each at 100,000), so after ~2,000 connections
   * the child's 1 GB heap was full and the sessions of the next batch never saw a QR. A capacity of
   * Integer.MAX_VALUE could not even be allocated then; now it is only a bound.
   */
  @Test
  void theQueueCapacityIsABoundNotAnUpFrontAllocation() throws Exception {
    try (WaSimulator simulator =
        WaSimulator.builder().raw(true).queueCapacity(Integer.MAX_VALUE).start()) {
      for (int i = 0; i < 3; i++) {
        Client client = Client.connect(simulator, random);
        SimulatedConnection conn = simulator.takeConnection(WAIT);
        assertNotNull(conn);
        client.connection.send(BinaryNode.of("receipt", Map.of("id", Integer.toString(i))));
        assertEquals(
            BinaryNode.of("receipt", Map.of("id", Integer.toString(i))), conn.takeNode(WAIT));
        client.connection.close();
        assertTrue(conn.awaitClosed(WAIT));
      }
    }
  }

  @Test
  void theUpgradeDeclinesPermessageDeflate() throws Exception {
    try (WaSimulator simulator = WaSimulator.builder().raw(true).start()) {
      OkHttpClient http = new OkHttpClient();
      LinkedBlockingQueue<Response> upgrades = new LinkedBlockingQueue<>();
      WebSocket ws =
          http.newWebSocket(
              new Request.Builder().url(simulator.url()).build(),
              new WebSocketListener() {
                @Override
                public void onOpen(WebSocket webSocket, Response response) {
                  upgrades.add(response);
                }
              });
      Response upgrade = upgrades.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(upgrade, "no WebSocket upgrade within " + WAIT);
      assertEquals(101, upgrade.code());
      // OkHttp offers the extension (as whatsmeow does); the simulator takes none
      assertEquals("permessage-deflate", upgrade.request().header("Sec-WebSocket-Extensions"));
      assertNull(upgrade.header("Sec-WebSocket-Extensions"));
      ws.cancel();
      http.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void aClientThatDoesNotSendTheIntroIsClosedWithProtocolError() throws Exception {
    try (WaSimulator simulator = WaSimulator.builder().raw(true).start()) {
      OkHttpClient http = new OkHttpClient();
      LinkedBlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
      WebSocket ws =
          http.newWebSocket(
              new Request.Builder().url(simulator.url()).build(),
              new WebSocketListener() {
                @Override
                public void onClosing(WebSocket webSocket, int code, String reason) {
                  closeCodes.add(code);
                  webSocket.close(1000, null);
                }

                @Override
                public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                  closeCodes.add(-1);
                }
              });
      ws.send(ByteString.of(new byte[] {'X', 'Y', 6, 3, 0, 0, 1, 0}));
      assertEquals(1002, closeCodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      assertNull(simulator.takeConnection(Duration.ofMillis(100)));
      assertEquals(1, simulator.peerAddresses().size());
      http.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void recordsWhatTheClientPresented() throws Exception {
    try (WaSimulator simulator = WaSimulator.builder().raw(true).start()) {
      KeyPair noiseKey = Curve.generateKeyPair(random);
      byte[] payload = {0x18, 0x01};
      ConnectionConfig config =
          ConnectionConfig.builder()
              .endpoint(simulator.url())
              .trustedRootPublicKey(simulator.rootPublicKey())
              .egress(LoopbackOnlyEgress.instance())
              .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)")
              .build();
      WaConnection connection =
          WaConnections.connect(config, noiseKey, payload, new byte[] {1, 2, 3}, new Client());
      assertTrue(connection.awaitOpen(WAIT));
      SimulatedConnection conn = simulator.takeConnection(WAIT);
      assertArrayEquals(noiseKey.publicKey(), conn.clientStaticKey());
      assertArrayEquals(payload, conn.clientPayload());
      assertArrayEquals(new byte[] {1, 2, 3}, conn.routingInfo());
      assertEquals(
          List.of("Mozilla/5.0 (X11; Linux x86_64)"), conn.requestHeaders().get("user-agent"));
      assertEquals(List.of("no-cache"), conn.requestHeaders().get("Pragma"));
      assertTrue(conn.isOpen());
      connection.close();
      assertTrue(conn.awaitClosed(WAIT));
      assertFalse(conn.isOpen());
    }
  }

  /** A connected client that records what it receives. */
  static final class Client implements WaConnection.Listener {
    final LinkedBlockingQueue<BinaryNode> nodes = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<CloseReason> closed = new LinkedBlockingQueue<>();
    WaConnection connection;

    static Client connect(WaSimulator simulator, SecureRandom random) throws InterruptedException {
      Client client = new Client();
      ConnectionConfig config =
          ConnectionConfig.builder()
              .endpoint(simulator.url())
              .trustedRootPublicKey(simulator.rootPublicKey())
              .egress(LoopbackOnlyEgress.instance())
              .build();
      client.connection =
          WaConnections.connect(
              config, Curve.generateKeyPair(random), new byte[] {0x18, 0x01}, null, client);
      assertTrue(
          client.connection.awaitOpen(WAIT), () -> "not open: " + client.connection.closeReason());
      return client;
    }

    BinaryNode next() throws InterruptedException {
      BinaryNode node = nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(node, "no node arrived");
      return node;
    }

    @Override
    public void onNode(BinaryNode node) {
      nodes.add(node);
    }

    @Override
    public void onClosed(CloseReason reason) {
      closed.add(reason);
    }
  }
}
