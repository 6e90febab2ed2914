package dev.wagateway.egress.tunnel;

import static dev.wagateway.egress.tunnel.TunnelHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.BoundSockets;
import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.egress.EgressRouter;
import dev.wagateway.egress.SessionRig;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.testkit.SimulatedPhone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of no leak for the Android egress, at the session level: a session whose egress is an
 * Android node pairs with a simulated phone and logs in through the reference agent, whose
 * destination sockets are bound to 127.0.0.4; the simulator saw every connection come from there
 * and none from 127.0.0.1. With the agent gone the session disconnects with {@code
 * egress_unavailable} and retries; once the node is revoked it fails; neither adds a connection at
 * the simulator.
 */
class AndroidSessionNoLeakIT {
  private static final String AGENT_EXIT = "127.0.0.4";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  @Test
  void sessionThroughTheAgentLeavesOnlyFromTheAgentAndFailsClosedWithoutIt() throws Exception {
    try (TunnelHarness h = new TunnelHarness()) {
      NodeRegistration r = h.register("office phone");
      String nodeId = r.node().id();
      EgressAgent agent =
          h.startAgent(
              h.agentBuilder(r.enrolment()).socketFactory(BoundSockets.boundTo(AGENT_EXIT)));
      assertTrue(agent.awaitState(EgressAgent.State.ONLINE, WAIT));
      assertTrue(eventually(WAIT, () -> h.node(nodeId).status() == EgressNode.Status.ONLINE));

      try (SessionRig rig =
          new SessionRig(dataDir, store -> EgressRouter.builder().nodes(h.registry).build())) {
        SimulatedPhone phone = rig.simulator.addPhone("4915112345678", "Carla");
        rig.start("s1", "sender1", new EgressChoice(EgressKind.ANDROID, nodeId, null));
        rig.pairByQr("s1", phone);
        rig.host.stop("s1");
        rig.clearEvents();
        rig.host.start("s1");
        rig.awaitStatus("s1", s -> s.status() == SessionStatus.READY);

        List<String> media = rig.exchangeMedia("s1", phone);
        assertEquals(List.of(AGENT_EXIT, AGENT_EXIT), media, "media requests' peers");

        List<String> peers = rig.peerIps();
        assertTrue(peers.size() >= 3, () -> "peers: " + peers);
        assertEquals(Set.of(AGENT_EXIT), Set.copyOf(peers), () -> "peers: " + peers);
        // every destination socket the agent opened is a chat connection or a media request
        assertTrue(
            agent.destinationConnections() >= peers.size() + 1,
            () -> "agent streams: " + agent.destinationConnections());

        // the agent goes away: the session's connection ends, every retry fails closed
        rig.clearEvents();
        agent.close();
        assertTrue(eventually(WAIT, () -> h.node(nodeId).status() == EgressNode.Status.OFFLINE));
        StatusChanged offline =
            rig.awaitStatus(
                "s1",
                s ->
                    s.status() == SessionStatus.DISCONNECTED
                        && s.lastError() != null
                        && s.lastError().startsWith("egress_unavailable:"));
        assertEquals(
            "egress_unavailable: egress node " + nodeId + " is offline", offline.lastError());

        // revoked: the router refuses the node and the session waits failed
        h.registry.revoke(nodeId);
        StatusChanged revoked = rig.awaitStatus("s1", s -> s.status() == SessionStatus.FAILED);
        assertEquals(
            "egress_unavailable: egress node " + nodeId + " is revoked", revoked.lastError());
        assertEquals(peers, rig.peerIps(), "no connection reached the simulator without the agent");
      }
    }
  }
}
