package dev.wagateway.egress.tunnel;

import static dev.wagateway.egress.tunnel.TunnelHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.egress.EnrolmentToken;
import dev.wagateway.core.egress.EnrolmentTokenKeys;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.agent.Allowlist;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.agent.EnrolmentPayload;
import dev.wagateway.egress.tunnel.EgressNode.Status;
import dev.wagateway.egress.tunnel.Targets.RecordingServerSocketFactory;
import dev.wagateway.egress.tunnel.Targets.TcpTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tunnel end to end on loopback: registry + reference agent + OkHttp through AndroidEgress. */
class EgressTunnelIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private TunnelHarness h;

  @AfterEach
  void stop() throws IOException {
    if (h != null) {
      h.close();
    }
  }

  private EgressAgent online(NodeRegistration r, EgressAgent.Builder b) throws Exception {
    EgressAgent agent = h.startAgent(b);
    assertTrue(
        agent.awaitState(EgressAgent.State.ONLINE, WAIT), "agent online: " + agent.lastError());
    assertTrue(eventually(WAIT, () -> h.node(r.node().id()).status() == Status.ONLINE));
    return agent;
  }

  @Test
  void agentEnrolsReportsAndStatusRunsPendingOnlineOffline() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r =
        h.registry.register("org1", "sender1", "Office phone", "DE", Duration.ofMinutes(10));
    String id = r.node().id();
    assertEquals(Status.PENDING, h.node(id).status());
    assertEquals("de", h.node(id).expectedCountry());
    assertNull(h.node(id).deviceKey());

    EgressAgent agent = online(r, h.agentBuilder(r.enrolment()).networkType("wifi").country("de"));
    assertEquals(id, agent.nodeId());
    assertTrue(eventually(WAIT, () -> "wifi".equals(h.node(id).net())));
    EgressNode on = h.node(id);
    assertEquals(Status.ONLINE, on.status());
    assertEquals("127.0.0.1", on.exitIp());
    assertEquals("de", on.exitCountry());
    assertFalse(on.countryMismatch());
    assertNotNull(on.deviceKey());
    assertNotNull(on.lastSeenAt());

    agent.close();
    assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.OFFLINE));
    // The listener runs just after the store write.
    assertTrue(
        eventually(
            WAIT,
            () ->
                h.changes.stream()
                    .anyMatch(n -> n.id().equals(id) && n.status() == Status.OFFLINE)));
    List<Status> seen =
        h.changes.stream()
            .filter(n -> n.id().equals(id))
            .map(EgressNode::status)
            .distinct()
            .collect(Collectors.toList());
    assertEquals(List.of(Status.PENDING, Status.ONLINE, Status.OFFLINE), seen);
    assertNotNull(h.node(id).lastSeenAt());
  }

  @Test
  void expiredTamperedAndRevokedTokensAreRefusedAndTheAgentStops() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    String id = r.node().id();

    // Expired: same keyring, issued by a clock an hour behind.
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    EnrolmentToken past =
        new EnrolmentToken(
            EnrolmentTokenKeys.of("k1", key),
            Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC),
            new java.security.SecureRandom());
    EnrolmentToken.Issued old = past.issue(id, "org1", Duration.ofMinutes(10));
    assertRefused(withToken(r.enrolment(), old.token()), "token_expired");

    // Tampered: one character of a valid token changed.
    String t = r.enrolment().token();
    char c = t.charAt(10) == 'A' ? 'B' : 'A';
    assertRefused(
        withToken(r.enrolment(), t.substring(0, 10) + c + t.substring(11)), "token_invalid");
    assertEquals(Status.PENDING, h.node(id).status());
    assertNull(h.node(id).deviceKey());

    // Revoked: a valid token of a revoked node.
    h.registry.revoke(id);
    assertRefused(r.enrolment(), "node_revoked");
    assertEquals(Status.REVOKED, h.node(id).status());
  }

  private static EnrolmentPayload withToken(EnrolmentPayload p, String token) {
    return new EnrolmentPayload(token, p.gatewayUrl(), p.wsPath(), p.expiresAt());
  }

  private void assertRefused(EnrolmentPayload enrolment, String error) throws Exception {
    EgressAgent agent = h.startAgent(h.agentBuilder(enrolment));
    assertTrue(agent.awaitState(EgressAgent.State.STOPPED, WAIT), "agent stopped");
    assertEquals(error, agent.lastError());
    Thread.sleep(500); // several back-off periods (100-400 ms): a retrying agent would dial again
    assertEquals(1, agent.connectAttempts(), "no retry after " + error);
    assertEquals(EgressAgent.State.STOPPED, agent.state());
  }

  @Test
  void okHttpReachesAnHttpAndAWebSocketServerOnlyThroughTheAgent() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    EgressAgent agent = online(r, h.agentBuilder(r.enrolment()));

    RecordingServerSocketFactory recording = new RecordingServerSocketFactory();
    MockWebServer target = new MockWebServer();
    target.setServerSocketFactory(recording);
    target.enqueue(new MockResponse().setBody("media bytes"));
    target.enqueue(
        new MockResponse()
            .withWebSocketUpgrade(
                new WebSocketListener() {
                  @Override
                  public void onMessage(WebSocket ws, String text) {
                    ws.send("echo " + text);
                  }

                  @Override
                  public void onClosing(WebSocket ws, int code, String reason) {
                    ws.close(1000, null);
                  }
                }));
    target.start(InetAddress.getLoopbackAddress(), 0);
    try {
      OkHttpClient client = TunnelHarness.clientThrough(h.registry.egress(r.node().id()));
      String base = "http://127.0.0.1:" + target.getPort();
      try (Response resp =
          client.newCall(new Request.Builder().url(base + "/mms/image/1").build()).execute()) {
        assertEquals(200, resp.code());
        assertEquals("media bytes", resp.body().string());
      }
      assertEquals("/mms/image/1", target.takeRequest(5, TimeUnit.SECONDS).getPath());

      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket ws =
          client
              .newBuilder()
              .build()
              .newWebSocket(
                  new Request.Builder().url("ws://127.0.0.1:" + target.getPort() + "/ws").build(),
                  new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket webSocket, String text) {
                      received.add(text);
                    }

                    @Override
                    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                      received.add("failure " + t);
                    }
                  });
      ws.send("ping 1");
      assertEquals("echo ping 1", received.poll(10, TimeUnit.SECONDS));
      ws.send("ping 2");
      assertEquals("echo ping 2", received.poll(10, TimeUnit.SECONDS));
      ws.close(1000, "done");
      client.connectionPool().evictAll();

      // Every connection the target accepted came from the agent's source address.
      assertTrue(recording.peers.size() >= 2, "target connections: " + recording.peers);
      for (InetSocketAddress peer : recording.peers) {
        assertEquals(TunnelHarness.AGENT_SOURCE_IP, peer.getAddress().getHostAddress());
      }
      assertEquals(recording.peers.size(), agent.destinationConnections());
    } finally {
      target.shutdown();
    }
  }

  @Test
  void halfCloseTravelsBothWaysAndResetAbortsTheDestination() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    online(r, h.agentBuilder(r.enrolment()));
    var egress = h.registry.egress(r.node().id());

    try (TcpTarget upper = new TcpTarget(Targets::upperCaseAfterEof)) {
      try (Socket s = egress.connect("127.0.0.1", upper.port(), Duration.ofSeconds(5))) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write("hello tunnel".getBytes(StandardCharsets.UTF_8));
        s.shutdownOutput();
        assertEquals(
            "HELLO TUNNEL", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(-1, s.getInputStream().read());
      }
    }

    BlockingQueue<String> ends = new LinkedBlockingQueue<>();
    try (TcpTarget watcher = new TcpTarget(Targets.watchEnd(ends::add))) {
      Socket s = egress.connect("127.0.0.1", watcher.port(), Duration.ofSeconds(5));
      s.getOutputStream().write(new byte[100]);
      s.close(); // RESET cancel: the agent aborts the destination socket
      String end = ends.poll(10, TimeUnit.SECONDS);
      assertNotNull(end, "destination saw the stream end");
    }

    // The destination aborts: the gateway's reader sees a reset with the agent's reason.
    try (TcpTarget aborting =
        new TcpTarget(
            sock -> {
              sock.getInputStream().read();
              sock.setSoLinger(true, 0);
              sock.close();
            })) {
      try (Socket s = egress.connect("127.0.0.1", aborting.port(), Duration.ofSeconds(5))) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(1);
        IOException e = assertThrows(IOException.class, () -> s.getInputStream().read());
        assertTrue(e.getMessage().contains("destination_error"), e.getMessage());
      }
    }
  }

  @Test
  void slowReaderKeepsGatewayBufferUnderTheStreamWindow() throws Exception {
    h = new TunnelHarness(b -> b.limits(4096, 32768, 131072, 8));
    NodeRegistration r = h.register("phone");
    online(r, h.agentBuilder(r.enrolment()));
    String id = r.node().id();
    int total = 1 << 20;
    try (TcpTarget sender = new TcpTarget(Targets.sender(total))) {
      try (Socket s =
          h.registry.egress(id).connect("127.0.0.1", sender.port(), Duration.ofSeconds(5))) {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1024];
        long got = 0;
        long mismatches = 0;
        int reads = 0;
        while (true) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          for (int i = 0; i < n; i++) {
            if (buf[i] != (byte) ((got + i) % 251)) {
              mismatches++;
            }
          }
          got += n;
          if (++reads % 64 == 0 && got < total / 2) {
            Thread.sleep(20); // slow reader during the first half
          }
        }
        assertEquals(total, got);
        assertEquals(0, mismatches);
      }
      TunnelStats stats = h.registry.stats(id).orElseThrow();
      assertTrue(stats.maxBufferedBytes() > 0, "something was buffered");
      assertTrue(
          stats.maxBufferedBytes() <= 32768,
          "gateway buffered " + stats.maxBufferedBytes() + " bytes, window is 32768");
    }
  }

  @Test
  void writerBlocksWhenTheDestinationDoesNotReadAndTimesOut() throws Exception {
    h =
        new TunnelHarness(
            b -> b.limits(4096, 32768, 131072, 8).writeTimeout(Duration.ofSeconds(1)));
    NodeRegistration r = h.register("phone");
    online(r, h.agentBuilder(r.enrolment()));
    try (TcpTarget sink = new TcpTarget(Targets::neverReads)) {
      try (Socket s =
          h.registry
              .egress(r.node().id())
              .connect("127.0.0.1", sink.port(), Duration.ofSeconds(5))) {
        OutputStream out = s.getOutputStream();
        byte[] chunk = new byte[16384];
        long written = 0;
        long limit = 256L << 20;
        IOException failure = null;
        try {
          while (written < limit) {
            out.write(chunk);
            written += chunk.length;
          }
        } catch (SocketTimeoutException e) {
          failure = e;
        }
        assertNotNull(failure, "writes never blocked: " + written + " bytes accepted");
        assertTrue(failure.getMessage().startsWith("no tunnel send credit"), failure.getMessage());
        assertTrue(written < limit);
      }
    }
  }

  @Test
  void heartbeatTimeoutMarksASilentNodeOffline() throws Exception {
    h = new TunnelHarness(b -> b.heartbeat(Duration.ofSeconds(1)));
    NodeRegistration r = h.register("phone");
    String id = r.node().id();
    try (RawAgent raw = RawAgent.enrol(r.enrolment())) {
      assertEquals("WELCOME", raw.handshake());
      assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.ONLINE));
      raw.silent = true; // answers nothing from now on
      assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.OFFLINE));
      assertEquals(Integer.valueOf(4006), raw.closeCode.poll(5, TimeUnit.SECONDS));
      assertTrue(raw.pingsReceived.get() >= 1, "gateway pinged the idle agent");
    }
  }

  @Test
  void revokingClosesTheTunnelFailsStreamsAndLaterConnects() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    String id = r.node().id();
    EgressAgent agent = online(r, h.agentBuilder(r.enrolment()));
    var egress = h.registry.egress(id);
    try (TcpTarget sink = new TcpTarget(Targets::neverReads)) {
      Socket open = egress.connect("127.0.0.1", sink.port(), Duration.ofSeconds(5));
      open.setSoTimeout(10_000);
      EgressNode revoked = h.registry.revoke(id);
      assertEquals(Status.REVOKED, revoked.status());
      assertNotNull(revoked.revokedAt());
      IOException e = assertThrows(IOException.class, () -> open.getInputStream().read());
      assertTrue(e.getMessage().contains("node_revoked"), e.getMessage());
      assertTrue(agent.awaitState(EgressAgent.State.STOPPED, WAIT));
      assertEquals("node_revoked", agent.lastError());
      int attempts = agent.connectAttempts();
      int accepted = sink.peers.size();
      EgressUnavailableIOException refused =
          assertThrows(
              EgressUnavailableIOException.class,
              () -> egress.connect("127.0.0.1", sink.port(), Duration.ofSeconds(2)));
      assertEquals("egress node " + id + " is revoked", refused.getMessage());
      Thread.sleep(500);
      assertEquals(attempts, agent.connectAttempts(), "a revoked agent does not redial");
      assertEquals(accepted, sink.peers.size());
      assertEquals(Status.REVOKED, h.node(id).status());
    }
  }

  @Test
  void agentReconnectsWithBackoffAfterTheGatewayDropsIt() throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    String id = r.node().id();
    EgressAgent agent = online(r, h.agentBuilder(r.enrolment()));
    String key = h.node(id).deviceKey();
    h.dropAll();
    assertTrue(eventually(WAIT, () -> agent.connectAttempts() >= 2));
    assertTrue(agent.awaitState(EgressAgent.State.ONLINE, WAIT));
    assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.ONLINE));
    assertEquals(key, h.node(id).deviceKey(), "reconnected with the node key, not re-enrolled");
    assertTrue(
        h.changes.stream().anyMatch(n -> n.id().equals(id) && n.status() == Status.OFFLINE),
        "went offline in between");
    try (TcpTarget upper = new TcpTarget(Targets::upperCaseAfterEof)) {
      try (Socket s =
          h.registry.egress(id).connect("127.0.0.1", upper.port(), Duration.ofSeconds(5))) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write("again".getBytes(StandardCharsets.UTF_8));
        s.shutdownOutput();
        assertArrayEquals(
            "AGAIN".getBytes(StandardCharsets.UTF_8), s.getInputStream().readAllBytes());
      }
    }
  }

  @Test
  void aRestartedAgentReconnectsWithTheKeyFromItsStateFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    h = new TunnelHarness();
    NodeRegistration r = h.register("phone");
    String id = r.node().id();
    java.io.File state = dir.resolve("agent.json").toFile();
    EgressAgent first = online(r, h.agentBuilder(r.enrolment()).stateFile(state));
    first.close();
    assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.OFFLINE));
    String saved = java.nio.file.Files.readString(state.toPath());
    assertTrue(saved.contains("\"nodeId\":\"" + id + "\""), saved);
    assertFalse(saved.contains(r.enrolment().token()), "the token is not kept");

    // Same (already used) enrolment payload: only the stored node key can get it back online.
    EgressAgent second = online(r, h.agentBuilder(r.enrolment()).stateFile(state));
    assertEquals(id, second.nodeId());
    assertEquals(EgressAgent.State.ONLINE, second.state());

    // Without the state file the used token is refused: the node is already enrolled.
    EgressAgent stranger = h.startAgent(h.agentBuilder(r.enrolment()));
    assertTrue(stranger.awaitState(EgressAgent.State.STOPPED, WAIT));
    assertEquals("token_invalid", stranger.lastError());
    assertEquals(Status.ONLINE, h.node(id).status());
  }

  @Test
  void offlineMismatchedAndDisallowedFailClosed() throws Exception {
    h = new TunnelHarness();
    try (TcpTarget target = new TcpTarget(Targets::neverReads)) {
      NodeRegistration pending = h.register("never connected");
      EgressUnavailableIOException offline =
          assertThrows(
              EgressUnavailableIOException.class,
              () ->
                  h.registry
                      .egress(pending.node().id())
                      .connect("127.0.0.1", target.port(), Duration.ofSeconds(2)));
      assertEquals("egress node " + pending.node().id() + " is offline", offline.getMessage());

      NodeRegistration abroad =
          h.registry.register("org1", "sender2", "abroad", "de", Duration.ofMinutes(10));
      online(abroad, h.agentBuilder(abroad.enrolment()).country("br"));
      assertTrue(eventually(WAIT, () -> h.node(abroad.node().id()).countryMismatch()));
      EgressUnavailableIOException mismatch =
          assertThrows(
              EgressUnavailableIOException.class,
              () ->
                  h.registry
                      .egress(abroad.node().id())
                      .connect("127.0.0.1", target.port(), Duration.ofSeconds(2)));
      assertTrue(mismatch.getMessage().contains("exits in br"), mismatch.getMessage());

      NodeRegistration strict = h.register("whatsapp only");
      online(strict, h.agentBuilder(strict.enrolment()).allowlist(Allowlist.whatsApp()));
      EgressUnavailableIOException notAllowed =
          assertThrows(
              EgressUnavailableIOException.class,
              () ->
                  h.registry
                      .egress(strict.node().id())
                      .connect("127.0.0.1", target.port(), Duration.ofSeconds(2)));
      assertTrue(notAllowed.getMessage().contains(": not_allowed"), notAllowed.getMessage());

      assertEquals(0, target.peers.size(), "no connection reached the target");
    }
  }

  /** Reads a whole stream into a string (bounded by the socket's timeout). */
  static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
