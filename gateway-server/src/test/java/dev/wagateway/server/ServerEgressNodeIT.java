package dev.wagateway.server;

import static dev.wagateway.core.BoundSockets.boundTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.SenderCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressInput;
import dev.wagateway.client.model.WhatsAppAltEgressNode;
import dev.wagateway.client.model.WhatsAppAltEgressNodeCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressNodePairingResponse;
import dev.wagateway.client.model.WhatsAppAltEgressNodeStatus;
import dev.wagateway.client.model.WhatsAppAltPairing;
import dev.wagateway.client.model.WhatsAppAltSession;
import dev.wagateway.client.model.WhatsAppAltSessionCreateRequest;
import dev.wagateway.client.model.WhatsAppAltSessionStatus;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.SqliteStore;
import dev.wagateway.egress.agent.Allowlist;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.agent.EnrolmentPayload;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.WaSimulator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Android egress nodes on a real server, across restarts: nodes keep their ids and revocation in
 * SQLite, a node left online by a crash shows offline (with an {@code egress.node.status} event in
 * the persisted log) until its agent reconnects, sessions on the node resume through the tunnel
 * when it does, re-issued pairing tokens work after a restart, and revoking a node fails its
 * sessions closed and refuses its token. The reference agent's destination sockets are bound to
 * 127.0.0.4, so the simulator's peer list shows every connection went through the tunnel.
 */
class ServerEgressNodeIT {
  private static final String AGENT_EXIT = "127.0.0.4";
  private static final String CL_PHONE = "56912345678";

  @TempDir Path dataDir;
  @TempDir Path agentDir;
  private WaSimulator simulator;
  private RoutedServer gw;
  private final List<EgressAgent> agents = new ArrayList<>();

  @BeforeEach
  void start() {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    gw = new RoutedServer(simulator, dataDir);
  }

  @AfterEach
  void stop() {
    for (EgressAgent a : agents) {
      a.close();
    }
    gw.close();
    simulator.close();
  }

  @Test
  void nodesSurviveRestartsAndRevocationFailsTheirSessionsClosed() throws Exception {
    gw.start(List.of());
    String sender = gw.api().createSender(new SenderCreateRequest("Store", "+" + CL_PHONE)).id();
    WhatsAppAltEgressNodePairingResponse a = createNode(sender, "Phone A");
    WhatsAppAltEgressNodePairingResponse b = createNode(sender, "Phone B");
    String nodeA = a.node().id();
    String nodeB = b.node().id();
    File stateA = agentDir.resolve("a.state").toFile();
    EgressAgent agentA = agent(a.pairing(), stateA, "cl");
    awaitNode(nodeA, WhatsAppAltEgressNodeStatus.ONLINE);

    String session = androidSession(sender, nodeA, null);
    pairWithPhone(session);
    assertEquals(Set.of(AGENT_EXIT), Set.copyOf(gw.peers()), () -> "peers: " + gw.peers());

    // A crash: the server goes away without marking the node offline (the row is put back to
    // online), and the agent is not there when the server comes back.
    gw.stop();
    agentA.close();
    setNodeStatus(nodeA, "online");
    int peersBefore = gw.peers().size();

    gw.start(List.of());
    WhatsAppAltEgressNode afterCrash = gw.api().getWhatsAppAltEgressNode(nodeA).node();
    assertEquals(WhatsAppAltEgressNodeStatus.OFFLINE, afterCrash.status());
    assertEquals("cl", afterCrash.exitCountry());
    assertEquals(
        Set.of(nodeA, nodeB),
        gw.api().listWhatsAppAltEgressNodes().items().stream()
            .map(WhatsAppAltEgressNode::id)
            .collect(Collectors.toSet()));
    assertOfflineEventLogged(nodeA);
    // the session waits for its node, never going around it
    gw.awaitSession(
        session,
        s ->
            s.lastError() != null
                && s.lastError().contains("egress node " + nodeA + " is offline"));
    assertEquals(peersBefore, gw.peers().size());

    // the agent comes back (same device key): the node is online and the session logs in again
    EgressAgent agentA2 = agent(a.pairing(), stateA, "cl");
    awaitNode(nodeA, WhatsAppAltEgressNodeStatus.ONLINE);
    gw.awaitSession(
        session,
        s -> s.status() == WhatsAppAltSessionStatus.READY && gw.peers().size() > peersBefore);
    assertEquals(Set.of(AGENT_EXIT), Set.copyOf(gw.peers()), () -> "peers: " + gw.peers());

    // a token re-issued after the restart pairs node B
    WhatsAppAltEgressNodePairingResponse reissued =
        gw.api().createWhatsAppAltEgressNodePairingToken(nodeB);
    assertEquals(nodeB, reissued.node().id());
    agent(reissued.pairing(), agentDir.resolve("b.state").toFile(), "cl");
    awaitNode(nodeB, WhatsAppAltEgressNodeStatus.ONLINE);

    // revoking A drops its agent and fails the session closed
    int peersAtRevoke = gw.peers().size();
    gw.api().deleteWhatsAppAltEgressNode(nodeA);
    assertTrue(agentA2.awaitState(EgressAgent.State.STOPPED, RoutedServer.WAIT));
    WhatsAppAltSession failed =
        gw.awaitSession(session, s -> s.status() == WhatsAppAltSessionStatus.FAILED);
    assertEquals("egress_unavailable: egress node " + nodeA + " is revoked", failed.lastError());

    // after another restart A stays revoked: hidden from the API, its first token refused
    gw.stop();
    gw.start(List.of());
    assertEquals(
        404, gw.view().admin("GET", "/v1/whatsapp-alt/egress-nodes/" + nodeA, null).status());
    assertEquals(
        List.of(nodeB),
        gw.api().listWhatsAppAltEgressNodes().items().stream()
            .map(WhatsAppAltEgressNode::id)
            .toList());
    EgressAgent stale = agent(a.pairing(), agentDir.resolve("a2.state").toFile(), "cl");
    assertTrue(stale.awaitState(EgressAgent.State.STOPPED, RoutedServer.WAIT));
    assertTrue(stale.wasRefused(), stale.lastError());
    assertTrue(String.valueOf(stale.lastError()).contains("revoked"), stale.lastError());
    WhatsAppAltSession still =
        gw.awaitSession(session, s -> s.status() == WhatsAppAltSessionStatus.FAILED);
    assertEquals("egress_unavailable: egress node " + nodeA + " is revoked", still.lastError());
    assertEquals(peersAtRevoke, gw.peers().size(), "nothing connected after the revocation");
  }

  @Test
  void anExitCountryOtherThanTheNumbersIsShownAndTheNodeIsNotUsed() throws Exception {
    gw.start(List.of());
    String sender = gw.api().createSender(new SenderCreateRequest("Store", "+" + CL_PHONE)).id();
    WhatsAppAltEgressNodePairingResponse n = createNode(sender, "Abroad");
    String nodeId = n.node().id();
    agent(n.pairing(), agentDir.resolve("n.state").toFile(), "ar");
    awaitExitCountry(nodeId, "ar");
    String session = androidSession(sender, nodeId, null);
    WhatsAppAltSession refused =
        gw.awaitSession(session, s -> s.lastError() != null && s.lastError().contains("exits in"));
    assertEquals(
        "egress_unavailable: egress node "
            + nodeId
            + " exits in ar, not in the number's country cl",
        refused.lastError());
    assertEquals(List.of(), gw.peers(), "nothing reached the simulator");
  }

  @Test
  void aNodeExitingOutsideTheSessionsCountryIsNotUsedUntilTheChoiceMatches() throws Exception {
    gw.start(List.of());
    // no phone on the sender: only the session's explicit country can be checked
    String sender = gw.api().createSender(new SenderCreateRequest("Store", null)).id();
    WhatsAppAltEgressNodePairingResponse n = createNode(sender, "Abroad");
    String nodeId = n.node().id();
    agent(n.pairing(), agentDir.resolve("n.state").toFile(), "ar");
    awaitExitCountry(nodeId, "ar");
    String session = androidSession(sender, nodeId, "cl");
    WhatsAppAltSession refused =
        gw.awaitSession(session, s -> s.lastError() != null && s.lastError().contains("exits in"));
    assertEquals(
        "egress_unavailable: egress node "
            + nodeId
            + " exits in ar, not in the session's country cl",
        refused.lastError());
    assertEquals(WhatsAppAltSessionStatus.DISCONNECTED, refused.status());
    assertEquals(List.of(), gw.peers(), "nothing reached the simulator");

    gw.api()
        .updateWhatsAppAltSessionEgress(
            session, new WhatsAppAltEgressInput(WhatsAppAltEgressInput.Kind.ANDROID, nodeId, "ar"));
    gw.awaitSession(
        session, s -> s.status() == WhatsAppAltSessionStatus.QR_READY && s.qrCode() != null);
    assertEquals(Set.of(AGENT_EXIT), Set.copyOf(gw.peers()), () -> "peers: " + gw.peers());
  }

  @Test
  void aSessionKeepsRetryingWhileItsNodeIsAwayAndIsReadyAgainWhenTheNodeIsBack() throws Exception {
    gw.reconnectLoopAttempts = 2;
    gw.start(List.of());
    String sender = gw.api().createSender(new SenderCreateRequest("Store", "+" + CL_PHONE)).id();
    WhatsAppAltEgressNodePairingResponse n = createNode(sender, "Phone");
    String nodeId = n.node().id();
    File state = agentDir.resolve("n.state").toFile();
    EgressAgent first = agent(n.pairing(), state, "cl");
    awaitNode(nodeId, WhatsAppAltEgressNodeStatus.ONLINE);
    String session = androidSession(sender, nodeId, null);
    pairWithPhone(session);

    // the agent goes away for longer than the reconnect-loop limit (2): the session is degraded
    // (core's session.degraded), never failed, and goes on retrying (issue 14)
    first.close();
    WhatsAppAltSession away =
        gw.awaitSession(
            session,
            s ->
                s.status() == WhatsAppAltSessionStatus.DISCONNECTED
                    && s.lastError() != null
                    && s.lastError().contains("is offline"));
    assertTrue(away.lastError().startsWith("egress_unavailable: "), away.lastError());
    Thread.sleep(2_000); // several 100..400 ms backoffs: well past the loop limit
    assertEquals(WhatsAppAltSessionStatus.DISCONNECTED, gw.session(session).status());
    int peers = gw.peers().size();

    agent(n.pairing(), state, "cl");
    awaitNode(nodeId, WhatsAppAltEgressNodeStatus.ONLINE);
    gw.awaitSession(
        session, s -> s.status() == WhatsAppAltSessionStatus.READY && gw.peers().size() > peers);
    assertEquals(Set.of(AGENT_EXIT), Set.copyOf(gw.peers()), () -> "peers: " + gw.peers());
  }

  // ---- helpers ----

  /** A session of {@code senderId} on Android node {@code nodeId} (country: null to derive it). */
  private String androidSession(String senderId, String nodeId, String country) {
    return gw.api()
        .createWhatsAppAltSession(
            WhatsAppAltSessionCreateRequest.builder()
                .senderId(senderId)
                .egress(
                    new WhatsAppAltEgressInput(
                        WhatsAppAltEgressInput.Kind.ANDROID, nodeId, country))
                .build())
        .session()
        .id();
  }

  /** The sender's phone scans the session's QR; the session is then ready. */
  private void pairWithPhone(String session) throws Exception {
    WhatsAppAltSession qr =
        gw.awaitSession(
            session, s -> s.status() == WhatsAppAltSessionStatus.QR_READY && s.qrCode() != null);
    assertEquals(
        Paired.Outcome.LINKED, simulator.addPhone(CL_PHONE, "Ana").scanQr(qr.qrCode()).outcome());
    gw.awaitSession(session, s -> s.status() == WhatsAppAltSessionStatus.READY);
  }

  private void awaitExitCountry(String nodeId, String country) throws Exception {
    assertTrue(
        RoutedServer.eventually(
            RoutedServer.WAIT,
            () -> country.equals(gw.api().getWhatsAppAltEgressNode(nodeId).node().exitCountry())),
        () -> "node " + nodeId + " never reported exit country " + country);
  }

  private WhatsAppAltEgressNodePairingResponse createNode(String senderId, String label) {
    return gw.api()
        .createWhatsAppAltEgressNode(new WhatsAppAltEgressNodeCreateRequest(senderId, label));
  }

  private EgressAgent agent(WhatsAppAltPairing pairing, File stateFile, String country)
      throws IOException {
    EgressAgent agent =
        EgressAgent.builder(
                new EnrolmentPayload(
                    pairing.token(), pairing.gatewayUrl(), pairing.wsPath(), pairing.expiresAt()))
            .allowlist(Allowlist.of("127.0.0.1:*"))
            .stateFile(stateFile)
            .country(country)
            .socketFactory(boundTo(AGENT_EXIT))
            .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .build();
    agents.add(agent);
    agent.start();
    return agent;
  }

  private void awaitNode(String nodeId, WhatsAppAltEgressNodeStatus status)
      throws InterruptedException {
    assertTrue(
        RoutedServer.eventually(
            RoutedServer.WAIT,
            () -> gw.api().getWhatsAppAltEgressNode(nodeId).node().status() == status),
        () -> nodeId + " is not " + status);
  }

  /** Puts a node's row back to {@code status}, as a crash could leave it; server stopped. */
  private void setNodeStatus(String nodeId, String status) {
    try (SqliteStore store = Stores.sqlite(dataDir)) {
      int rows =
          store.transaction(
              "set node status",
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement("UPDATE egress_nodes SET status = ? WHERE id = ?")) {
                  ps.setString(1, status);
                  ps.setString(2, nodeId);
                  return ps.executeUpdate();
                }
              });
      assertEquals(1, rows);
    }
  }

  /**
   * The persisted event log replays an {@code egress.node.status} offline event for the node: the
   * one published at start-up, the only offline event it ever had.
   */
  private void assertOfflineEventLogged(String nodeId) throws Exception {
    try (EventsIT.Stream events =
        new EventsIT.Stream(gw.view(), "?types=egress.node.status", "0")) {
      for (int i = 0; i < 10; i++) {
        List<EventsIT.Frame> frames = events.read(1);
        assertEquals(1, frames.size());
        EventsIT.Frame f = frames.get(0);
        assertEquals("egress.node.status", f.event());
        if (nodeId.equals(f.data().get("nodeId")) && "offline".equals(f.data().get("status"))) {
          return;
        }
      }
    }
    throw new AssertionError("no offline egress.node.status event for " + nodeId);
  }
}
