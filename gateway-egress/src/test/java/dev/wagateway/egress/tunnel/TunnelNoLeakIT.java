package dev.wagateway.egress.tunnel;

import static dev.wagateway.egress.tunnel.TunnelHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.host.WaConnections;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.noise.ClientPayloads;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.tunnel.EgressNode.Status;
import dev.wagateway.egress.tunnel.Targets.RecordingServerSocketFactory;
import dev.wagateway.testkit.SimulatedConnection;
import dev.wagateway.testkit.WaSimulator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Proof of no leak for the Android egress: the WhatsApp simulator and a media server record the
 * peer of every connection; every one came from the agent's source address, and with the node
 * offline nothing reaches them at all.
 */
class TunnelNoLeakIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final SecureRandom random = new SecureRandom();
  private final byte[] payload =
      ClientPayloads.login(ClientPayloads.Profile.defaults(), 491234567L, 3);

  @Test
  void everyWhatsAppAndMediaConnectionCameThroughTheAgent() throws Exception {
    try (TunnelHarness h = new TunnelHarness();
        WaSimulator simulator = WaSimulator.builder().raw(true).start()) {
      NodeRegistration r = h.register("phone");
      String id = r.node().id();
      EgressAgent agent = h.startAgent(h.agentBuilder(r.enrolment()));
      assertTrue(agent.awaitState(EgressAgent.State.ONLINE, WAIT));
      assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.ONLINE));

      // Chat: a real WaConnection (Noise over WebSocket) through the node.
      Listener listener = new Listener();
      WaConnection chat =
          WaConnections.connect(
              config(simulator, h.registry.egress(id)),
              Curve.generateKeyPair(random),
              payload,
              null,
              listener);
      assertTrue(chat.awaitOpen(WAIT), () -> "not open: " + chat.closeReason());
      SimulatedConnection server = simulator.takeConnection(WAIT);
      assertNotNull(server);
      server.send(BinaryNode.of("iq", java.util.Map.of("id", "1", "type", "result")));
      BinaryNode got = listener.nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(got, "node from the simulator arrived through the tunnel");
      assertEquals("iq", got.tag());
      chat.close();

      // Media: OkHttp through the node.
      RecordingServerSocketFactory recording = new RecordingServerSocketFactory();
      MockWebServer media = new MockWebServer();
      media.setServerSocketFactory(recording);
      media.enqueue(new MockResponse().setBody("jpeg"));
      media.start(InetAddress.getLoopbackAddress(), 0);
      try {
        OkHttpClient client = TunnelHarness.clientThrough(h.registry.egress(id));
        try (Response resp =
            client
                .newCall(
                    new Request.Builder()
                        .url("http://127.0.0.1:" + media.getPort() + "/v/t62/abc")
                        .build())
                .execute()) {
          assertEquals("jpeg", resp.body().string());
        }
      } finally {
        media.shutdown();
      }

      List<InetSocketAddress> chatPeers = simulator.peerAddresses();
      assertEquals(1, chatPeers.size());
      for (InetSocketAddress peer : chatPeers) {
        assertEquals(TunnelHarness.AGENT_SOURCE_IP, peer.getAddress().getHostAddress());
      }
      assertEquals(1, recording.peers.size());
      assertEquals(
          TunnelHarness.AGENT_SOURCE_IP, recording.peers.get(0).getAddress().getHostAddress());
      assertEquals(2, agent.destinationConnections());

      // Node down: the next connection fails closed and reaches nobody.
      agent.close();
      assertTrue(eventually(WAIT, () -> h.node(id).status() == Status.OFFLINE));
      Listener down = new Listener();
      WaConnection refused =
          WaConnections.connect(
              config(simulator, h.registry.egress(id)),
              Curve.generateKeyPair(random),
              payload,
              null,
              down);
      CloseReason reason = down.closes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(reason);
      assertEquals(CloseReason.Kind.EGRESS_UNAVAILABLE, reason.kind());
      assertTrue(reason.toString().contains("is offline"), reason.toString());
      assertFalse(refused.awaitOpen(Duration.ofMillis(200)));
      assertEquals(1, simulator.peerAddresses().size(), "nothing reached the simulator");
    }
  }

  private static ConnectionConfig config(WaSimulator simulator, AndroidEgress egress) {
    return ConnectionConfig.builder()
        .endpoint(simulator.url())
        .trustedRootPublicKey(simulator.rootPublicKey())
        .egress(egress)
        .build();
  }

  static final class Listener implements WaConnection.Listener {
    final LinkedBlockingQueue<BinaryNode> nodes = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();

    @Override
    public void onOpen() {}

    @Override
    public void onNode(BinaryNode node) {
      nodes.add(node);
    }

    @Override
    public void onClosed(CloseReason reason) {
      closes.add(reason);
    }
  }
}
