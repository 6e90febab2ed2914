package dev.wagateway.benchmarks;

import dev.wagateway.core.egress.EnrolmentToken;
import dev.wagateway.core.egress.EnrolmentTokenKeys;
import dev.wagateway.egress.agent.Allowlist;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.egress.tunnel.NodeRegistration;
import dev.wagateway.server.internal.tunnel.AgentEndpoint;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput and added latency of the Android egress tunnel against plain loopback TCP. {@code
 * path=plain} is a socket straight to the destination; {@code path=tunnel} goes session →
 * AndroidEgress → WebSocket (Jetty 12 serving the server's own {@code AgentEndpoint} and its RFC
 * 6455 framing, mounted as the server mounts it) → reference agent → destination, all on loopback.
 * {@code tunnel} uses the default flow-control limits (64 KiB frames, 1 MiB stream window, 4 MiB
 * connection window); see {@link #path} for the others.
 *
 * <ul>
 *   <li>{@code roundTrip64}: 64 bytes out and echoed back (sample time: p50 is the added latency);
 *   <li>{@code download1MiB}: the destination sends 1 MiB (media download direction); MB/s = ops/s
 *       × 1.048576;
 *   <li>{@code upload1MiB}: 1 MiB to the destination, which acks with one byte.
 * </ul>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TunnelBenchmark {
  /**
   * Bytes moved per {@code download1MiB} / {@code upload1MiB} operation: 1 MiB, or the system
   * property {@code tunnel.opBytes} (e.g. {@code -jvmArgs -Dtunnel.opBytes=16777216} to see whether
   * the per-operation request round trip bounds a path).
   */
  private static final int MIB = Integer.getInteger("tunnel.opBytes", 1 << 20);

  /**
   * {@code plain}, {@code tunnel} (default limits), {@code tunnel16k} (the first release's
   * defaults: 16 KiB frames, 256 KiB stream window, 1 MiB connection window) or {@code tunnel256k}
   * (256 KiB frames, 4 MiB stream window, 16 MiB connection window: does size still matter?).
   */
  @Param({"plain", "relay", "tunnel", "tunnel16k", "tunnel256k"})
  public String path;

  private ServerSocket destination;
  private ServerSocket relay;
  private Server gateway;
  private EgressNodeRegistry registry;
  private EgressAgent agent;
  private Socket socket;
  private DataOutputStream out;
  private DataInputStream in;
  private final byte[] small = new byte[64];
  private final byte[] big = new byte[MIB];

  @Setup(Level.Trial)
  public void start() throws Exception {
    destination = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::serve, "bench-destination");
    accept.setDaemon(true);
    accept.start();
    if (path.equals("plain")) {
      socket = new Socket(InetAddress.getLoopbackAddress(), destination.getLocalPort());
      socket.setTcpNoDelay(true);
    } else if (path.equals("relay")) {
      socket = relaySocket();
    } else {
      socket = tunnelSocket();
    }
    out = new DataOutputStream(socket.getOutputStream());
    in = new DataInputStream(socket.getInputStream());
  }

  private Socket tunnelSocket() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    EnrolmentToken tokens = new EnrolmentToken(EnrolmentTokenKeys.of("bench", key));
    // Jetty as GatewayServer.start sets it up, serving only the agent endpoint. The connector
    // binds first: the registry needs the port for its pairing payloads.
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("bench-jetty");
    gateway = new Server(threads);
    ServerConnector connector = new ServerConnector(gateway);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    gateway.addConnector(connector);
    connector.open();
    EgressNodeRegistry.Builder config =
        EgressNodeRegistry.builder(tokens, "http://127.0.0.1:" + connector.getLocalPort());
    if (path.equals("tunnel16k")) {
      config.limits(16384, 262144, 1048576, 64);
    } else if (path.equals("tunnel256k")) {
      config.limits(262144, 4 << 20, 16 << 20, 64);
    }
    EgressNodeRegistry nodes = config.build();
    registry = nodes;
    gateway.setHandler(AgentEndpoint.mount(nodes, null));
    gateway.start();
    NodeRegistration node =
        registry.register("bench", "sender", "bench node", null, Duration.ofMinutes(10));
    agent = EgressAgent.builder(node.enrolment()).allowlist(Allowlist.of("127.0.0.1:*")).build();
    agent.start();
    if (!agent.awaitState(EgressAgent.State.ONLINE, Duration.ofSeconds(10))) {
      throw new IllegalStateException("agent did not come online: " + agent.lastError());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.stats(node.node().id()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return registry
        .egress(node.node().id())
        .connect("127.0.0.1", destination.getLocalPort(), Duration.ofSeconds(10));
  }

  /**
   * The floor under any tunnel of this shape: a bare byte relay between two loopback TCP
   * connections (the hops a tunnel has: session side and destination side), with no framing, no
   * masking, no flow control and one thread per direction. No design that keeps two hops can be
   * faster than this on the same machine.
   */
  private Socket relaySocket() throws IOException {
    relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept =
        new Thread(
            () -> {
              try {
                Socket near = relay.accept();
                Socket far =
                    new Socket(InetAddress.getLoopbackAddress(), destination.getLocalPort());
                near.setTcpNoDelay(true);
                far.setTcpNoDelay(true);
                pump(near.getInputStream(), far.getOutputStream(), "bench-relay-up");
                pump(far.getInputStream(), near.getOutputStream(), "bench-relay-down");
              } catch (IOException e) {
                // The benchmark ended.
              }
            },
            "bench-relay");
    accept.setDaemon(true);
    accept.start();
    Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.getLocalPort());
    s.setTcpNoDelay(true);
    return s;
  }

  private static void pump(InputStream from, OutputStream to, String name) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try {
                for (int n; (n = from.read(buf)) >= 0; ) {
                  to.write(buf, 0, n);
                }
              } catch (IOException e) {
                // The benchmark ended.
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  /** Destination: 'E' len bytes → echo; 'D' n → send n bytes; 'U' n bytes → 1-byte ack. */
  private void serve() {
    while (!destination.isClosed()) {
      try {
        Socket s = destination.accept();
        s.setTcpNoDelay(true);
        Thread t = new Thread(() -> session(s), "bench-destination-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void session(Socket s) {
    byte[] buf = new byte[64 * 1024];
    try (s) {
      DataInputStream din = new DataInputStream(s.getInputStream());
      OutputStream dout = s.getOutputStream();
      while (true) {
        int cmd = din.read();
        if (cmd < 0) {
          return;
        }
        int n = din.readInt();
        if (cmd == 'E') {
          din.readFully(buf, 0, n);
          dout.write(buf, 0, n);
        } else if (cmd == 'D') {
          for (int left = n; left > 0; ) {
            int k = Math.min(left, buf.length);
            dout.write(buf, 0, k);
            left -= k;
          }
        } else {
          for (int left = n; left > 0; ) {
            int k = din.read(buf, 0, Math.min(left, buf.length));
            if (k < 0) {
              return;
            }
            left -= k;
          }
          dout.write(1);
        }
        dout.flush();
      }
    } catch (IOException e) {
      // The benchmark ended.
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] roundTrip64() throws IOException {
    out.write('E');
    out.writeInt(small.length);
    out.write(small);
    out.flush();
    in.readFully(small);
    return small;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] download1MiB() throws IOException {
    out.write('D');
    out.writeInt(MIB);
    out.flush();
    in.readFully(big);
    return big;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int upload1MiB() throws IOException {
    out.write('U');
    out.writeInt(MIB);
    out.write(big);
    out.flush();
    return in.read();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    socket.close();
    if (agent != null) {
      agent.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (gateway != null) {
      try {
        gateway.stop();
      } catch (Exception e) {
        throw new IOException("jetty did not stop", e);
      }
    }
    if (relay != null) {
      relay.close();
    }
    destination.close();
  }
}
