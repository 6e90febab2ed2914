package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.host.WaConnections;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.noise.ClientPayloads;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.CloseReason.Kind;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client ({@link WaConnection}) against the simulator over real loopback WebSockets: the Noise
 * handshake, nodes both ways, certificate refusal, malformed server input, egress failure.
 */
class ConnectionIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration SHORT = Duration.ofMillis(300);

  private final SecureRandom random = new SecureRandom();
  private final byte[] payload =
      ClientPayloads.login(ClientPayloads.Profile.defaults(), 5511999999999L, 3);
  private WaSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = WaSimulator.builder().raw(true).start();
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void handshakesAndExchangesNodesBothWays() throws Exception {
    KeyPair noiseKey = Curve.generateKeyPair(random);
    RecordingListener listener = new RecordingListener();
    WaConnection client = connect(simulator, noiseKey, null, listener);

    assertTrue(client.awaitOpen(WAIT), () -> "not open: " + client.closeReason());
    assertEquals(WaConnection.State.OPEN, client.state());
    assertEquals("open", listener.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    SimulatedConnection server = simulator.takeConnection(WAIT);
    assertNotNull(server, "simulator saw no handshaken connection");
    assertArrayEquals(noiseKey.publicKey(), server.clientStaticKey());
    assertArrayEquals(payload, server.clientPayload());
    assertNull(server.routingInfo());
    assertEquals("127.0.0.1", server.remoteAddress().getAddress().getHostAddress());
    assertEquals(List.of("https://web.whatsapp.com"), server.requestHeaders().get("Origin"));
    assertEquals(List.of("no-cache"), server.requestHeaders().get("cache-control"));

    BinaryNode ping =
        BinaryNode.of(
            "iq",
            attrs("id", "1.2-3", "type", "get", "xmlns", "w:p", "to", "s.whatsapp.net"),
            List.of(BinaryNode.of("ping")));
    assertTrue(client.send(ping));
    assertEquals(ping, server.takeNode(WAIT));

    BinaryNode success = BinaryNode.of("success", attrs("t", "1700000000", "props", "42"));
    server.send(success);
    assertEquals(success, listener.nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));

    byte[] blob = new byte[4000];
    Arrays.fill(blob, (byte) 7);
    BinaryNode bulky =
        BinaryNode.of(
            "ib",
            attrs(),
            List.of(
                BinaryNode.of("offline_preview", attrs("count", "12", "message", "3")),
                BinaryNode.of("blob", attrs("id", "x"), blob),
                BinaryNode.of("note", attrs(), "héllo wörld ✓".getBytes(StandardCharsets.UTF_8))));
    server.sendCompressed(bulky);
    assertEquals(bulky, listener.nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));

    client.close();
    assertEquals(Kind.CLOSED_LOCALLY, listener.awaitClose().kind());
    assertTrue(server.awaitClosed(WAIT));
    assertEquals(1000, server.closeCode());
    assertFalse(client.send(ping));
  }

  @Test
  void reassemblesFramesSplitAcrossAndPackedIntoWebSocketMessages() throws Exception {
    RecordingListener listener = new RecordingListener();
    WaConnection client = connect(simulator, Curve.generateKeyPair(random), null, listener);
    assertTrue(client.awaitOpen(WAIT));
    SimulatedConnection server = simulator.takeConnection(WAIT);

    BinaryNode first = BinaryNode.of("receipt", attrs("id", "AB12", "type", "read"));
    BinaryNode second = BinaryNode.of("ack", attrs("id", "CD34", "class", "message"));
    BinaryNode third = BinaryNode.of("notification", attrs("id", "99", "type", "devices"));
    byte[] a = server.encryptedFrame(first);
    byte[] b = server.encryptedFrame(second);
    byte[] c = server.encryptedFrame(third);
    // a and the first 2 bytes of b's length in one message; the rest of b, and all of c, later.
    server.sendRaw(concat(a, Arrays.copyOfRange(b, 0, 2)));
    server.sendRaw(Arrays.copyOfRange(b, 2, 5));
    server.sendRaw(concat(Arrays.copyOfRange(b, 5, b.length), c));

    assertEquals(first, listener.nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(second, listener.nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(third, listener.nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(WaConnection.State.OPEN, client.state());
    client.close();
  }

  @Test
  void sendsTheEdgeRoutingHeaderWhenRoutingInfoIsKnown() throws Exception {
    byte[] routingInfo = "CAUIAg==routing".getBytes(StandardCharsets.US_ASCII);
    WaConnection client =
        connect(simulator, Curve.generateKeyPair(random), routingInfo, new RecordingListener());
    assertTrue(client.awaitOpen(WAIT));
    SimulatedConnection server = simulator.takeConnection(WAIT);
    assertArrayEquals(routingInfo, server.routingInfo());
    client.close();
  }

  @Test
  void refusesAChainSignedByAnotherRoot() throws Exception {
    try (WaSimulator impostor =
        WaSimulator.builder().raw(true).chainSignedByAnotherRoot(true).start()) {
      RecordingListener listener = new RecordingListener();
      WaConnection client = connect(impostor, Curve.generateKeyPair(random), null, listener);

      CloseReason reason = listener.awaitClose();
      assertEquals(Kind.HANDSHAKE_FAILED, reason.kind());
      assertTrue(
          reason.message().contains("intermediate not signed by the trusted root"),
          () -> "reason does not name the root check: " + reason);
      assertFalse(client.awaitOpen(SHORT));
      assertEquals(WaConnection.State.CLOSED, client.state());
      assertEquals(reason, client.closeReason().orElseThrow());
      assertNull(impostor.takeConnection(SHORT), "an impostor completed a handshake");
      assertEquals(1, impostor.peerAddresses().size());
      assertFalse(listener.events.contains("open"));
    }
  }

  @Test
  void malformedFrameClosesOnlyThatConnection() throws Exception {
    RecordingListener victimListener = new RecordingListener();
    RecordingListener bystanderListener = new RecordingListener();
    WaConnection victim = connect(simulator, Curve.generateKeyPair(random), null, victimListener);
    assertTrue(victim.awaitOpen(WAIT));
    SimulatedConnection victimServer = simulator.takeConnection(WAIT);
    WaConnection bystander =
        connect(simulator, Curve.generateKeyPair(random), null, bystanderListener);
    assertTrue(bystander.awaitOpen(WAIT));
    SimulatedConnection bystanderServer = simulator.takeConnection(WAIT);

    // a well-formed frame whose ciphertext fails authentication
    byte[] garbage = new byte[40];
    random.nextBytes(garbage);
    victimServer.sendRaw(concat(new byte[] {0, 0, 40}, garbage));

    CloseReason reason = victimListener.awaitClose();
    assertEquals(Kind.MALFORMED_FRAME, reason.kind());
    assertEquals(WaConnection.State.CLOSED, victim.state());
    assertTrue(victimServer.awaitClosed(WAIT), "the client did not close the WebSocket");

    BinaryNode still = BinaryNode.of("presence", attrs("type", "available"));
    assertTrue(bystander.send(still));
    assertEquals(still, bystanderServer.takeNode(WAIT));
    bystanderServer.send(still);
    assertEquals(still, bystanderListener.nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(WaConnection.State.OPEN, bystander.state());
    bystander.close();
  }

  @Test
  void malformedNodeClosesTheConnectionWithAReason() throws Exception {
    RecordingListener listener = new RecordingListener();
    WaConnection client = connect(simulator, Curve.generateKeyPair(random), null, listener);
    assertTrue(client.awaitOpen(WAIT));
    SimulatedConnection server = simulator.takeConnection(WAIT);

    // decrypts fine, but a list header announcing 200 items with no bytes behind it
    server.sendEncrypted(new byte[] {0x00, (byte) 0xf8, (byte) 0xc8});

    CloseReason reason = listener.awaitClose();
    assertEquals(Kind.MALFORMED_NODE, reason.kind());
    assertEquals("truncated", reason.detail(), reason::toString);
    assertTrue(listener.nodes.isEmpty());
  }

  @Test
  void serverCloseIsReportedAsRemoteClosed() throws Exception {
    RecordingListener listener = new RecordingListener();
    WaConnection client = connect(simulator, Curve.generateKeyPair(random), null, listener);
    assertTrue(client.awaitOpen(WAIT));
    simulator.takeConnection(WAIT).close();

    CloseReason reason = listener.awaitClose();
    assertEquals(Kind.REMOTE_CLOSED, reason.kind());
    assertEquals("1000", reason.detail());
    assertEquals(WaConnection.State.CLOSED, client.state());
  }

  @Test
  void unavailableEgressFailsClosedWithoutReachingTheServer() throws Exception {
    Egress broken =
        (host, port, timeout) -> {
          throw new Egress.EgressUnavailableIOException("proxy down");
        };
    RecordingListener listener = new RecordingListener();
    ConnectionConfig config =
        ConnectionConfig.builder()
            .endpoint(simulator.url())
            .trustedRootPublicKey(simulator.rootPublicKey())
            .egress(broken)
            .build();
    WaConnection client =
        WaConnections.connect(config, Curve.generateKeyPair(random), payload, null, listener);

    CloseReason reason = listener.awaitClose();
    assertEquals(Kind.EGRESS_UNAVAILABLE, reason.kind());
    assertFalse(client.awaitOpen(SHORT));
    assertEquals(List.of(), simulator.peerAddresses(), "bytes reached the server directly");
  }

  @Test
  void aStalledListenerDoesNotStallTheReader() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch opened = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    AtomicInteger delivered = new AtomicInteger();
    LinkedBlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();
    WaConnection.Listener stalled =
        new WaConnection.Listener() {
          @Override
          public void onOpen() {
            opened.countDown();
          }

          @Override
          public void onNode(BinaryNode node) {
            entered.countDown();
            try {
              release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            delivered.incrementAndGet();
          }

          @Override
          public void onClosed(CloseReason reason) {
            closes.add(reason);
          }
        };
    ConnectionConfig config = config(simulator).newBuilder().maxPendingCallbacks(3).build();
    WaConnection client =
        WaConnections.connect(config, Curve.generateKeyPair(random), payload, null, stalled);
    assertTrue(opened.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    SimulatedConnection server = simulator.takeConnection(WAIT);
    server.send(BinaryNode.of("message", attrs("id", "first")));
    assertTrue(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    for (int i = 0; i < 10 && server.isOpen(); i++) {
      try {
        server.send(BinaryNode.of("message", attrs("id", Integer.toString(i))));
      } catch (dev.wagateway.core.GatewayException.ValidationException closedMeanwhile) {
        break; // the client may drop the connection at its cap before the burst is over
      }
    }
    // the reader kept going while the listener was stuck, and dropped the connection at the cap
    for (int i = 0; i < 100 && client.state() != WaConnection.State.CLOSED; i++) {
      Thread.sleep(50);
    }
    assertEquals(Kind.LISTENER_BACKLOG, client.closeReason().orElseThrow().kind());
    assertEquals(0, delivered.get());
    release.countDown();
    CloseReason reported = closes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(reported);
    assertEquals(Kind.LISTENER_BACKLOG, reported.kind());
    // the one that was running plus the three that were allowed to wait
    assertEquals(4, delivered.get());
  }

  @Test
  void callbacksRunInOrderOnTheConfiguredExecutor() throws Exception {
    java.util.concurrent.ExecutorService single =
        java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "callbacks-x"));
    try {
      LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
      WaConnection.Listener listener =
          new WaConnection.Listener() {
            @Override
            public void onOpen() {
              seen.add(Thread.currentThread().getName() + " open");
            }

            @Override
            public void onNode(BinaryNode node) {
              seen.add(Thread.currentThread().getName() + " " + node.attr("id"));
            }

            @Override
            public void onClosed(CloseReason reason) {
              seen.add(Thread.currentThread().getName() + " closed " + reason.kind());
            }
          };
      ConnectionConfig config = config(simulator).newBuilder().callbackExecutor(single).build();
      WaConnection client =
          WaConnections.connect(config, Curve.generateKeyPair(random), payload, null, listener);
      assertTrue(client.awaitOpen(WAIT));
      SimulatedConnection server = simulator.takeConnection(WAIT);
      for (int i = 0; i < 5; i++) {
        server.send(BinaryNode.of("message", attrs("id", "m" + i)));
      }
      List<String> expected =
          List.of(
              "callbacks-x open",
              "callbacks-x m0",
              "callbacks-x m1",
              "callbacks-x m2",
              "callbacks-x m3",
              "callbacks-x m4");
      for (String e : expected) {
        assertEquals(e, seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      }
      client.close();
      assertEquals(
          "callbacks-x closed " + Kind.CLOSED_LOCALLY,
          seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void aSilentServerEndsInAHandshakeTimeout() throws Exception {
    try (MockWebServer silent = new MockWebServer()) {
      silent.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {}));
      silent.start(InetAddress.getLoopbackAddress(), 0);
      RecordingListener listener = new RecordingListener();
      ConnectionConfig config =
          config(simulator)
              .newBuilder()
              .endpoint("ws://127.0.0.1:" + silent.getPort() + "/ws/chat")
              .handshakeTimeout(Duration.ofMillis(300))
              .build();
      WaConnections.connect(config, Curve.generateKeyPair(random), payload, null, listener);

      CloseReason reason = listener.awaitClose();
      assertEquals(Kind.TIMEOUT, reason.kind());
      assertEquals("handshake_timeout", reason.detail());
      RecordedRequest upgrade = silent.takeRequest(10, TimeUnit.SECONDS);
      assertNotNull(upgrade);
      assertEquals("/ws/chat", upgrade.getPath());
      assertEquals("https://web.whatsapp.com", upgrade.getHeader("Origin"));
    }
  }

  @Test
  void aRefusedUpgradeIsAnIoErrorNamingTheStatus() throws Exception {
    RecordingListener listener = new RecordingListener();
    ConnectionConfig config =
        config(simulator)
            .newBuilder()
            .endpoint(simulator.url().replace("/ws/chat", "/nope"))
            .build();
    WaConnections.connect(config, Curve.generateKeyPair(random), payload, null, listener);

    CloseReason reason = listener.awaitClose();
    assertEquals(Kind.IO_ERROR, reason.kind());
    assertEquals("http_404", reason.detail());
  }

  @Test
  void peerAddressesRecordEveryConnection() throws Exception {
    WaConnection one =
        connect(simulator, Curve.generateKeyPair(random), null, new RecordingListener());
    WaConnection two =
        connect(simulator, Curve.generateKeyPair(random), null, new RecordingListener());
    assertTrue(one.awaitOpen(WAIT));
    assertTrue(two.awaitOpen(WAIT));
    List<InetSocketAddress> peers = simulator.peerAddresses();
    assertEquals(2, peers.size());
    for (InetSocketAddress peer : peers) {
      assertEquals("127.0.0.1", peer.getAddress().getHostAddress());
    }
    one.close();
    two.close();
  }

  @Test
  void configWithoutEgressIsRefused() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () -> ConnectionConfig.builder().endpoint(simulator.url()).build());
    assertTrue(e.getMessage().contains("Egress"));
  }

  // ---- helpers ----

  private ConnectionConfig config(WaSimulator server) {
    return ConnectionConfig.builder()
        .endpoint(server.url())
        .trustedRootPublicKey(server.rootPublicKey())
        .egress(LoopbackOnlyEgress.instance())
        .build();
  }

  private WaConnection connect(
      WaSimulator server, KeyPair noiseKey, byte[] routingInfo, WaConnection.Listener listener) {
    return WaConnections.connect(config(server), noiseKey, payload, routingInfo, listener);
  }

  private static Map<String, String> attrs(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Records every callback; waits are bounded. */
  static final class RecordingListener implements WaConnection.Listener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<BinaryNode> nodes = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();

    @Override
    public void onOpen() {
      events.add("open");
    }

    @Override
    public void onNode(BinaryNode node) {
      nodes.add(node);
    }

    @Override
    public void onClosed(CloseReason reason) {
      events.add("closed");
      closes.add(reason);
    }

    CloseReason awaitClose() throws InterruptedException {
      CloseReason reason = closes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(reason, "the connection did not close in time");
      return reason;
    }
  }
}
