package dev.wagateway.examples;

import static dev.wagateway.examples.Examples.WAIT;
import static dev.wagateway.examples.Examples.check;

import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.model.DemoPairingOutcome;
import dev.wagateway.client.model.DemoScanRequest;
import dev.wagateway.client.model.Sender;
import dev.wagateway.client.model.SenderCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressInput;
import dev.wagateway.client.model.WhatsAppAltEgressNode;
import dev.wagateway.client.model.WhatsAppAltEgressNodeCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressNodePairingResponse;
import dev.wagateway.client.model.WhatsAppAltEgressNodeStatus;
import dev.wagateway.client.model.WhatsAppAltSession;
import dev.wagateway.client.model.WhatsAppAltSessionCreateRequest;
import dev.wagateway.client.model.WhatsAppAltSessionStatus;
import dev.wagateway.egress.agent.Allowlist;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.agent.EnrolmentPayload;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An Android-style egress node with the real gateway server, on loopback: the server (in demo mode,
 * with its WhatsApp simulator) registers a node over its REST API, the reference {@link
 * EgressAgent} pairs with the node's payload over the server's {@code /egress/agent} WebSocket and
 * the node goes online, a session created with {@code egress: android} reaches WhatsApp <em>through
 * the agent</em> (its QR, the demo phone's scan and the login all cross the tunnel), and revoking
 * the node stops the agent and fails the session closed.
 *
 * <p>The example stays offline: the demo's simulator listens on loopback, so the agent's allowlist
 * names only loopback. A real phone runs the agent with {@link Allowlist#whatsApp()} ({@code
 * wagateway agent}) against a server without demo mode, and the same session connects to WhatsApp
 * through it.
 *
 * <p>Every call goes through the SDK ({@code gateway-client}).
 *
 * <p>Run: {@code examples/run.sh EgressAgentExample}
 */
public final class EgressAgentExample {
  /** How often the example asks the API for a status (well inside its rate limit). */
  private static final Duration POLL = Duration.ofMillis(100);

  private EgressAgentExample() {}

  public static void main(String[] args) {
    Examples.exit(EgressAgentExample::run);
  }

  static void run(PrintStream out) throws Exception {
    Path dataDir = Examples.scratchDir("wagateway-agent-example");
    try (LocalGateway gateway = LocalGateway.start(dataDir, true)) {
      out.println("server at " + gateway.server.baseUrl() + " (demo mode, no proxies configured)");
      WagatewayApi api = gateway.api();

      // 1. A sender (the business number) and an egress node for it, over REST.
      Sender sender = api.createSender(new SenderCreateRequest("Example store", "+15550100001"));
      WhatsAppAltEgressNodePairingResponse created =
          api.createWhatsAppAltEgressNode(
              new WhatsAppAltEgressNodeCreateRequest(sender.id(), "Example phone"));
      String nodeId = created.node().id();
      out.println(
          "registered node "
              + nodeId
              + " ("
              + created.node().status().wireName()
              + "); enrolment payload for "
              + created.pairing().gatewayUrl()
              + created.pairing().wsPath());
      EnrolmentPayload pairing =
          new EnrolmentPayload(
              created.pairing().token(),
              created.pairing().gatewayUrl(),
              created.pairing().wsPath(),
              created.pairing().expiresAt());

      // 2. The agent (on a real phone: `wagateway agent`) pairs and the node goes online. It opens
      // only what its allowlist names: on a phone Allowlist.whatsApp(); here loopback only, so that
      // nothing leaves the machine.
      Path state = dataDir.resolve("agent.state");
      try (EgressAgent agent =
          EgressAgent.builder(pairing)
              .allowlist(Allowlist.of("127.0.0.1:*"))
              .stateFile(state.toFile())
              .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
              .agentName("example-agent")
              .build()) {
        agent.start();
        check(
            agent.awaitState(EgressAgent.State.ONLINE, WAIT),
            "the agent did not come online: " + agent.lastError());
        check(nodeId.equals(agent.nodeId()), "the agent paired as another node");
        AtomicReference<WhatsAppAltEgressNode> node = new AtomicReference<>();
        Examples.await(
            "GET /egress-nodes/" + nodeId + " to show it online",
            POLL,
            () -> {
              node.set(api.getWhatsAppAltEgressNode(nodeId).node());
              return node.get().status() == WhatsAppAltEgressNodeStatus.ONLINE;
            });
        out.println("agent online as node " + nodeId + ", exit IP " + node.get().exitIp());

        // 3. A session whose WhatsApp connection may leave only through the node.
        WhatsAppAltSession session =
            api.createWhatsAppAltSession(
                    WhatsAppAltSessionCreateRequest.builder()
                        .displayName("through the phone")
                        .senderId(sender.id())
                        .egress(
                            WhatsAppAltEgressInput.builder()
                                .kind(WhatsAppAltEgressInput.Kind.ANDROID)
                                .nodeId(nodeId)
                                .build())
                        .build())
                .session();
        String id = session.id();
        out.println(
            "created session "
                + id
                + " with egress "
                + session.egress().kind().wireName()
                + " via "
                + session.egress().nodeId());
        AtomicReference<WhatsAppAltSession> current = new AtomicReference<>();
        Examples.await(
            "the session to show a QR fetched through the node",
            POLL,
            () -> {
              current.set(api.getWhatsAppAltSession(id).session());
              return current.get().status() == WhatsAppAltSessionStatus.QR_READY;
            });
        check(agent.destinationConnections() >= 1, "the QR came without the agent dialing");
        out.println(
            "qr_ready through the node: the agent opened "
                + agent.destinationConnections()
                + " connection(s) to WhatsApp (the demo simulator)");

        // 4. The demo phone scans; the login after the pairing restart crosses the tunnel too.
        DemoPairingOutcome scan = api.demoPhoneScan(new DemoScanRequest(id));
        check("linked".equals(scan.outcome()), "the demo phone could not link: " + scan.outcome());
        Examples.await(
            "the session to be ready through the node",
            POLL,
            () -> {
              current.set(api.getWhatsAppAltSession(id).session());
              return current.get().status() == WhatsAppAltSessionStatus.READY;
            });
        out.println(
            "ready as "
                + current.get().phoneNumber()
                + "; the agent has opened "
                + agent.destinationConnections()
                + " connection(s) in all");

        // 5. Revoking the node drops the agent; the session fails closed, never going direct.
        api.deleteWhatsAppAltEgressNode(nodeId);
        check(
            agent.awaitState(EgressAgent.State.STOPPED, WAIT),
            "the agent did not stop after the node was revoked");
        try {
          api.getWhatsAppAltEgressNode(nodeId);
          throw new Examples.StepFailed("the revoked node is still listed");
        } catch (WagatewayApiException e) {
          out.println("node revoked; the agent stopped; GET the node: " + e.status());
        }
        Examples.await(
            "the session to fail closed without its node",
            POLL,
            () -> {
              current.set(api.getWhatsAppAltSession(id).session());
              String error = current.get().lastError();
              return current.get().status() != WhatsAppAltSessionStatus.READY
                  && error != null
                  && error.startsWith("egress_unavailable");
            });
        out.println(
            "the session is "
                + current.get().status().wireName()
                + " ("
                + current.get().lastError()
                + "): it fails closed");
        api.deleteWhatsAppAltSession(id);
      }
    } finally {
      Examples.deleteTree(dataDir);
    }
    out.println("EgressAgentExample: OK");
  }
}
