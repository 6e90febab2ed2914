package dev.wagateway.examples;

import static dev.wagateway.examples.Examples.WAIT;
import static dev.wagateway.examples.Examples.check;

import dev.wagateway.core.egress.PairingToken;
import dev.wagateway.core.egress.PairingTokenKeys;
import dev.wagateway.egress.agent.Allowlist;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.tunnel.AgentChannel;
import dev.wagateway.egress.tunnel.AgentConnection;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.egress.tunnel.NodeRegistration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An Android-style egress node, end to end on loopback: an in-process {@link EgressNodeRegistry}
 * behind a Jetty WebSocket endpoint (what the gateway server runs at {@code /egress/agent}), a node
 * registered on it, the reference {@link EgressAgent} paired with the node's payload, and a TCP
 * connection that the gateway opens <em>through the agent</em> to a small echo service. The echo
 * service answers with the address the connection came from, so you can see it left from the
 * agent, not from the gateway.
 *
 * <p>Run: {@code examples/run.sh EgressAgentExample}
 */
public final class EgressAgentExample {
  private EgressAgentExample() {}

  public static void main(String[] args) {
    Examples.exit(EgressAgentExample::run);
  }

  static void run(PrintStream out) throws Exception {
    Path stateDir = Examples.scratchDir("wagateway-agent-example");
    AtomicReference<EgressNodeRegistry> registryRef = new AtomicReference<>();
    Server jetty = agentEndpoint(registryRef);
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    String gatewayUrl = "http://127.0.0.1:" + port;
    byte[] tokenKey = new byte[32];
    new SecureRandom().nextBytes(tokenKey);
    EgressNodeRegistry registry =
        EgressNodeRegistry.builder(new PairingToken(PairingTokenKeys.of("k1", tokenKey)), gatewayUrl)
            .listener(
                (before, after) ->
                    out.println(
                        "  node " + after.id() + ": " + (before == null ? "new" : before.status())
                            + " -> " + after.status()))
            .build();
    registryRef.set(registry);
    out.println("gateway side: agent endpoint at ws://127.0.0.1:" + port + "/egress/agent");

    try (EchoService echo = EchoService.start();
        EgressAgent agent =
            EgressAgent.builder(
                    registerNode(registry, out).pairing())
                // The agent only opens connections its allowlist names; here: the echo service.
                .allowlist(Allowlist.of("127.0.0.1:" + echo.port()))
                .stateFile(stateDir.resolve("agent.state").toFile())
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .agentName("example-agent")
                .build()) {
      agent.start();
      check(
          agent.awaitState(EgressAgent.State.ONLINE, WAIT),
          "the agent did not come online: " + agent.lastError());
      String nodeId = agent.nodeId();
      // The agent may see the gateway's welcome a moment before the registry records the node.
      Examples.await(
          "the registry to mark the node online",
          () -> registry.find(nodeId).map(n -> n.status() == EgressNode.Status.ONLINE).orElse(false));
      EgressNode node = registry.find(nodeId).orElseThrow();
      out.println("agent online as node " + nodeId + ", exit IP " + node.exitIp());

      // The gateway dials through the node: this socket is a stream inside the agent's tunnel.
      try (Socket socket = registry.egress(nodeId).connect("127.0.0.1", echo.port(), WAIT)) {
        socket.setSoTimeout((int) WAIT.toMillis());
        OutputStream o = socket.getOutputStream();
        o.write("hello through the tunnel\n".getBytes(StandardCharsets.UTF_8));
        o.flush();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String answer = in.readLine();
        check(
            "echo: hello through the tunnel".equals(answer),
            "the echo service answered " + answer);
        out.println("through the agent: sent 'hello through the tunnel', got '" + answer + "'");
        out.println(
            "open tunnel streams now: " + registry.stats(nodeId).orElseThrow().openStreams());
      }
      check(agent.destinationConnections() == 1, "agent opened " + agent.destinationConnections() + " connections");
      check(echo.connections() == 1, "echo service saw " + echo.connections() + " connections");
      out.println("the agent opened 1 destination connection; the echo service saw it come from "
          + echo.lastPeer());

      // Fail closed: a destination outside the agent's allowlist is refused, never connected.
      try (Socket refused = registry.egress(nodeId).connect("127.0.0.1", echo.port() == 1 ? 2 : 1, WAIT)) {
        throw new Examples.StepFailed("a destination outside the allowlist was connected");
      } catch (IOException expected) {
        out.println("outside the allowlist: refused (" + expected.getMessage() + ")");
      }
      check(agent.destinationConnections() == 1, "the refused destination was dialed");

      registry.revoke(nodeId);
      check(
          agent.awaitState(EgressAgent.State.STOPPED, WAIT),
          "the agent did not stop after the node was revoked");
      out.println("node revoked; the agent stopped");
    } finally {
      registry.close();
      jetty.stop();
      Examples.deleteTree(stateDir);
    }
    out.println("EgressAgentExample: OK");
  }

  private static NodeRegistration registerNode(EgressNodeRegistry registry, PrintStream out) {
    NodeRegistration reg =
        registry.register("example-org", "example-sender", "Example phone", null, Duration.ofMinutes(10));
    out.println("registered node " + reg.node().id() + "; pairing payload for " + reg.pairing().gatewayUrl());
    return reg;
  }

  /** Jetty on a free loopback port, upgrading {@code /egress/agent} to the registry's WebSocket. */
  private static Server agentEndpoint(AtomicReference<EgressNodeRegistry> registry) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebSocketUpgradeHandler upgrade =
        WebSocketUpgradeHandler.from(
            server,
            container ->
                container.addMapping(
                    "/egress/agent", (request, response, callback) -> new AgentSocket(registry.get())));
    server.setHandler(upgrade);
    server.start();
    return server;
  }

  /**
   * One agent's WebSocket handed to the registry. Public only because Jetty binds its methods with
   * method handles.
   */
  public static final class AgentSocket implements Session.Listener.AutoDemanding {
    private final EgressNodeRegistry registry;
    private volatile AgentConnection connection;

    AgentSocket(EgressNodeRegistry registry) {
      this.registry = registry;
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

  /** A line echo on loopback that counts its connections and remembers where they came from. */
  private static final class EchoService implements AutoCloseable {
    private final ServerSocket listener;
    private final Thread thread;
    private volatile int connections;
    private volatile String lastPeer;

    private EchoService(ServerSocket listener) {
      this.listener = listener;
      this.thread = new Thread(this::serve, "echo-service");
      thread.setDaemon(true);
    }

    static EchoService start() throws IOException {
      EchoService echo =
          new EchoService(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
      echo.thread.start();
      return echo;
    }

    int port() {
      return listener.getLocalPort();
    }

    int connections() {
      return connections;
    }

    String lastPeer() {
      return lastPeer;
    }

    private void serve() {
      while (!listener.isClosed()) {
        try (Socket s = listener.accept()) {
          connections++;
          lastPeer = s.getRemoteSocketAddress().toString();
          s.setSoTimeout((int) WAIT.toMillis());
          BufferedReader in =
              new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          String line = in.readLine();
          if (line != null) {
            s.getOutputStream().write(("echo: " + line + "\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
          }
          // wait for the caller to close, so the tunnel stream ends from the gateway's side
          try {
            in.read();
          } catch (IOException closedAbruptly) {
            // a reset instead of a clean close ends the conversation just the same
          }
        } catch (IOException e) {
          if (!listener.isClosed()) {
            System.err.println("echo service: " + e.getMessage());
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
