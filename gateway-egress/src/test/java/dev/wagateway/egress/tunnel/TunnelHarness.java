package dev.wagateway.egress.tunnel;

import static dev.wagateway.core.BoundSockets.boundTo;

import dev.wagateway.core.egress.EnrolmentToken;
import dev.wagateway.core.egress.EnrolmentTokenKeys;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.OkHttpEgress;
import dev.wagateway.egress.agent.Allowlist;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.agent.EnrolmentPayload;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.ByteString;

/**
 * A gateway for tests: MockWebServer upgrades {@code /egress/agent} to a WebSocket and hands it to
 * an {@link EgressNodeRegistry} through an {@link AgentChannel} adapter (the server module does the
 * same with Jetty).
 */
final class TunnelHarness implements AutoCloseable {
  /** Agents' destination sockets leave from this loopback address, so targets can tell. */
  static final String AGENT_SOURCE_IP = "127.0.0.2";

  final MockWebServer server = new MockWebServer();
  final EgressNodeRegistry registry;
  final EnrolmentToken tokens;
  final AtomicInteger upgrades = new AtomicInteger();
  final List<WebSocket> serverSockets = new CopyOnWriteArrayList<>();
  final List<EgressNode> changes = new CopyOnWriteArrayList<>();
  final List<EgressAgent> agents = new CopyOnWriteArrayList<>();
  private final OkHttpClient agentClient =
      new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).build();

  TunnelHarness() throws IOException {
    this(b -> b);
  }

  TunnelHarness(java.util.function.UnaryOperator<EgressNodeRegistry.Builder> config)
      throws IOException {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    tokens = new EnrolmentToken(EnrolmentTokenKeys.of("k1", key));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!"/egress/agent".equals(request.getPath())) {
              return new MockResponse().setResponseCode(404);
            }
            upgrades.incrementAndGet();
            return new MockResponse().withWebSocketUpgrade(new Endpoint());
          }
        });
    server.start(InetAddress.getLoopbackAddress(), 0);
    registry =
        config
            .apply(
                EgressNodeRegistry.builder(tokens, "http://127.0.0.1:" + server.getPort())
                    .listener((before, after) -> changes.add(after)))
            .build();
  }

  /** Bridges one server-side OkHttp WebSocket to the registry. */
  final class Endpoint extends WebSocketListener {
    private volatile AgentConnection connection;

    @Override
    public void onOpen(WebSocket ws, Response response) {
      serverSockets.add(ws);
      connection =
          registry.accept(
              new AgentChannel() {
                @Override
                public boolean sendBinary(byte[] message) {
                  return ws.send(ByteString.of(message));
                }

                @Override
                public void close(int code, String reason) {
                  ws.close(code, reason);
                }

                @Override
                public String remoteIp() {
                  return "127.0.0.1";
                }
              });
    }

    @Override
    public void onMessage(WebSocket ws, ByteString bytes) {
      connection.onBinary(bytes.toByteArray());
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
      connection.onText(text);
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      ws.close(1000, null);
      connection.onClosed(code, reason);
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
      AgentConnection c = connection;
      if (c != null) {
        c.onClosed(1006, String.valueOf(t.getMessage()));
      }
    }
  }

  /**
   * Closes every agent WebSocket from the server side (1012, service restart), as a restarting
   * gateway would. (A server-side OkHttp WebSocket can't be cancelled abruptly.)
   */
  void dropAll() {
    for (WebSocket ws : serverSockets) {
      ws.close(1012, "restart");
    }
    serverSockets.clear();
  }

  NodeRegistration register(String label) {
    return registry.register("org1", "sender1", label, null, Duration.ofMinutes(10));
  }

  EgressAgent.Builder agentBuilder(EnrolmentPayload enrolment) {
    return EgressAgent.builder(enrolment)
        .client(agentClient)
        .allowlist(Allowlist.of("127.0.0.1:*", "localhost:*"))
        .socketFactory(boundTo(AGENT_SOURCE_IP))
        .backoff(Duration.ofMillis(100), Duration.ofMillis(400));
  }

  EgressAgent startAgent(EgressAgent.Builder builder) throws IOException {
    EgressAgent agent = builder.build();
    agents.add(agent);
    agent.start();
    return agent;
  }

  /** An OkHttp client whose every connection goes through {@code egress}. */
  static OkHttpClient clientThrough(Egress egress) {
    return OkHttpEgress.configure(
            new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                .writeTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(20))
                .retryOnConnectionFailure(false),
            egress)
        .build();
  }

  /** Polls {@code condition} every 20 ms for at most {@code timeout}. */
  static boolean eventually(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  EgressNode node(String id) {
    return registry.find(id).orElseThrow();
  }

  @Override
  public void close() throws IOException {
    for (EgressAgent a : agents) {
      a.close();
    }
    registry.close();
    server.shutdown();
  }
}
