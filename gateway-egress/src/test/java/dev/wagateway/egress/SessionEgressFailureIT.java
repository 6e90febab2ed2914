package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.Disconnected;
import dev.wagateway.core.event.StatusChanged;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How egress failures reach a hosted session (in-JVM proxies, so these run everywhere): a proxy
 * that is unreachable or never answers makes the session {@code disconnected} with lastError {@code
 * egress_unavailable: <message>} and a reconnect with back-off; a session the router can't place at
 * all waits {@code failed}. In every case the simulator, reachable directly all along, saw no
 * connection.
 */
class SessionEgressFailureIT {
  @TempDir Path dataDir;

  private static EgressRouter router(ProxyEndpoint proxy, ProxyPool.Builder pool) {
    return EgressRouter.builder().pool(pool.add(proxy.withCountry("us")).build()).build();
  }

  private static final EgressChoice US = new EgressChoice(EgressKind.EXTERNAL, null, "us");

  @Test
  void unreachableProxyDisconnectsWithBackoffAndNothingConnects() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ProxyEndpoint gone = ProxyEndpoint.parse("socks5://u:p@127.0.0.1:" + closedPort);
    // no cool-down: every retry dials the (still stopped) proxy again
    try (SessionRig rig =
        new SessionRig(
            dataDir, store -> router(gone, ProxyPool.builder().coolDown(Duration.ZERO)))) {
      rig.start("s1", null, US);
      StatusChanged down =
          rig.awaitStatus(
              "s1", s -> s.status() == SessionStatus.DISCONNECTED && s.lastError() != null);
      assertEquals(
          "egress_unavailable: proxy unreachable: socks5 proxy 127.0.0.1:"
              + closedPort
              + " refused or dropped the connection: Connection refused",
          down.lastError());
      // retried with back-off: more than one attempt, each one announced as reconnecting
      rig.await(Disconnected.class, d -> d.willReconnect());
      assertTrue(
          waitFor(
              () ->
                  rig.events().stream()
                          .filter(e -> e instanceof Disconnected d && d.willReconnect())
                          .count()
                      >= 2),
          () -> "retries: " + rig.events());
      assertEquals(List.of(), rig.peerIps());
    }
  }

  @Test
  void silentProxyTimesOutAndNothingConnects() throws Exception {
    try (FakeProxy silent = FakeProxy.start(FakeProxy.silent());
        SessionRig rig =
            new SessionRig(
                dataDir,
                store ->
                    router(
                        silent.endpoint(ProxyEndpoint.Kind.SOCKS5, "u", "p"),
                        ProxyPool.builder().coolDown(Duration.ZERO)),
                Duration.ofMillis(700))) {
      rig.start("s1", null, US);
      StatusChanged down =
          rig.awaitStatus(
              "s1", s -> s.status() == SessionStatus.DISCONNECTED && s.lastError() != null);
      assertTrue(
          down.lastError()
              .startsWith(
                  "egress_unavailable: proxy timeout: socks5 proxy 127.0.0.1:" + silent.port()),
          down.lastError());
      assertTrue(silent.connections.get() >= 1);
      assertEquals(List.of(), rig.peerIps());
    }
  }

  @Test
  void unhealthyPoolWaitsDisconnectedNeverDirect() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ProxyEndpoint gone = ProxyEndpoint.parse("http://u:p@127.0.0.1:" + closedPort);
    // a long cool-down: after the first failure the only us proxy is avoided
    try (SessionRig rig =
        new SessionRig(
            dataDir, store -> router(gone, ProxyPool.builder().coolDown(Duration.ofMinutes(10))))) {
      rig.start("s1", null, US);
      StatusChanged none =
          rig.awaitStatus(
              "s1",
              s -> "egress_unavailable: no healthy proxy for country us".equals(s.lastError()));
      assertEquals(SessionStatus.DISCONNECTED, none.status());
      assertEquals(List.of(), rig.peerIps());
    }
  }

  @Test
  void sessionWithoutAProxyInItsCountryWaitsFailed() throws Exception {
    ProxyEndpoint de = ProxyEndpoint.parse("socks5://u:p@127.0.0.1:1?country=de");
    try (SessionRig rig =
        new SessionRig(
            dataDir,
            store -> EgressRouter.builder().pool(ProxyPool.builder().add(de).build()).build())) {
      rig.start("s1", null, US);
      StatusChanged failed = rig.awaitStatus("s1", s -> s.status() == SessionStatus.FAILED);
      assertEquals("egress_unavailable: no proxy configured for country us", failed.lastError());
      rig.await(
          Disconnected.class, d -> !d.willReconnect() && d.reason().equals("egress_unavailable"));
      // without a country at all: failed too, with the hint what to set
      rig.start("s2", null, null);
      StatusChanged noCountry = rig.awaitStatus("s2", s -> s.status() == SessionStatus.FAILED);
      assertTrue(
          noCountry
              .lastError()
              .startsWith("egress_unavailable: no country for the session's proxy"),
          noCountry.lastError());
      Thread.sleep(300);
      assertEquals(List.of(), rig.peerIps());
      assertEquals(SessionStatus.FAILED, rig.host.get("s1").orElseThrow().status());
    }
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + SessionRig.WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
