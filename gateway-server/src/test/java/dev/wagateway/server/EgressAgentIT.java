package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.Sender;
import dev.wagateway.client.model.SenderCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressNodeCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressNodePairingResponse;
import dev.wagateway.client.model.WhatsAppAltEgressNodeStatus;
import dev.wagateway.egress.agent.Allowlist;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.agent.EnrolmentPayload;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real egress agent pairs with the node's payload over the {@code /egress/agent} WebSocket: the
 * node goes online (with an {@code egress.node.status} event), and revoking it drops the agent.
 */
class EgressAgentIT {
  private TestServer t;
  private EgressAgent agent;

  @BeforeEach
  void start() throws Exception {
    t = new TestServer();
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    t.close();
  }

  @Test
  void agentPairsGoesOnlineAndIsDroppedOnRevoke() throws Exception {
    Sender sender = t.api().createSender(new SenderCreateRequest("Store", "+56912345678"));
    WhatsAppAltEgressNodePairingResponse created =
        t.api()
            .createWhatsAppAltEgressNode(
                new WhatsAppAltEgressNodeCreateRequest(sender.id(), "Phone"));
    String nodeId = created.node().id();
    try (EventsIT.Stream events = new EventsIT.Stream(t, "?types=egress.node.status", null)) {
      EnrolmentPayload pairing =
          new EnrolmentPayload(
              created.pairing().token(),
              created.pairing().gatewayUrl(),
              created.pairing().wsPath(),
              created.pairing().expiresAt());
      agent =
          EgressAgent.builder(pairing)
              .allowlist(Allowlist.of("127.0.0.1:*"))
              .stateFile(Files.createTempDirectory("agent").resolve("agent.state").toFile())
              .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
              .build();
      agent.start();
      assertTrue(
          agent.awaitState(EgressAgent.State.ONLINE, Duration.ofSeconds(10)), agent.lastError());
      assertEquals(nodeId, agent.nodeId());

      EventsIT.Frame online = awaitStatus(events, "online");
      assertEquals(nodeId, online.data().get("nodeId"));
      assertEquals("127.0.0.1", online.data().get("exitIp"));
      var node = t.api().getWhatsAppAltEgressNode(nodeId).node();
      assertEquals(WhatsAppAltEgressNodeStatus.ONLINE, node.status());
      assertEquals("127.0.0.1", node.exitIp());

      t.api().deleteWhatsAppAltEgressNode(nodeId);
      assertTrue(agent.awaitState(EgressAgent.State.STOPPED, Duration.ofSeconds(10)));
      assertTrue(
          agent.wasRefused() || String.valueOf(agent.lastError()).contains("revoked"),
          agent.lastError());
      assertEquals(nodeId, awaitStatus(events, "offline").data().get("nodeId"));
      assertEquals(404, t.admin("GET", "/v1/whatsapp-alt/egress-nodes/" + nodeId, null).status());
    }
  }

  /** The next egress.node.status frame with {@code status} (at most 5 frames are read). */
  private static EventsIT.Frame awaitStatus(EventsIT.Stream events, String status)
      throws Exception {
    for (int i = 0; i < 5; i++) {
      List<EventsIT.Frame> frames = events.read(1);
      assertEquals(1, frames.size());
      if (status.equals(frames.get(0).data().get("status"))) {
        return frames.get(0);
      }
    }
    throw new AssertionError("no " + status + " event");
  }
}
