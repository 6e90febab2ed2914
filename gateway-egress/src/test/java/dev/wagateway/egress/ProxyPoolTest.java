package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.MutableClock;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProxyPoolTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ProxyEndpoint DE1 =
      ProxyEndpoint.parse("socks5://u:p@10.0.0.1:1080?country=de");
  private static final ProxyEndpoint DE2 =
      ProxyEndpoint.parse("socks5://u:p@10.0.0.2:1080?country=de");
  private static final ProxyEndpoint DE3 =
      ProxyEndpoint.parse("http://u:p@10.0.0.3:3128?country=de");
  private static final ProxyEndpoint BR1 =
      ProxyEndpoint.parse("socks5://u:p@10.0.1.1:1080?country=br");

  /** Stands in for the proxies: records which one carried each connect; some can be down. */
  private static final class FakeProxies {
    final List<String> used = new CopyOnWriteArrayList<>();
    final Set<String> down = ConcurrentHashMap.newKeySet();

    Egress egressOf(ProxyEndpoint p) {
      return (host, port, timeout) -> {
        used.add(p.id());
        if (down.contains(p.id())) {
          throw new EgressUnavailableIOException("proxy unreachable: " + p.describe() + " is down");
        }
        return new Socket();
      };
    }
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T18:00:00Z"));
  private final FakeProxies fakes = new FakeProxies();
  private final InMemoryEgressAssignmentStore store = new InMemoryEgressAssignmentStore();

  private ProxyPool pool(ProxyEndpoint... proxies) {
    ProxyPool.Builder b =
        ProxyPool.builder()
            .store(store)
            .clock(clock)
            .coolDown(Duration.ofSeconds(60))
            .egressFactory(fakes::egressOf);
    for (ProxyEndpoint p : proxies) {
      b.add(p);
    }
    return b.build();
  }

  private static void connect(Egress egress) throws IOException {
    egress.connect("g.whatsapp.net", 443, TIMEOUT).close();
  }

  @Test
  void assignsAProxyOfTheSessionsCountryAndKeepsIt() throws IOException {
    ProxyPool pool = pool(DE1, DE2, BR1);
    Egress egress = pool.egressFor("s1", "DE");
    connect(egress);
    connect(egress);
    connect(egress);
    String assigned = store.snapshot().get("s1");
    assertTrue(assigned.equals(DE1.id()) || assigned.equals(DE2.id()), assigned);
    assertEquals(List.of(assigned, assigned, assigned), fakes.used);
    assertEquals(Optional.of(assigned), pool.assignment("s1").map(ProxyEndpoint::id));
  }

  @Test
  void assignmentSurvivesARestartEvenWhenProxiesAreAdded() throws IOException {
    ProxyPool first = pool(DE1, DE2);
    Map<String, String> before = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      connect(first.egressFor("s" + i, "de"));
      before.put("s" + i, store.snapshot().get("s" + i));
    }
    ProxyPool restarted = pool(DE3, DE2, DE1);
    fakes.used.clear();
    for (int i = 0; i < 20; i++) {
      connect(restarted.egressFor("s" + i, "de"));
      assertEquals(before.get("s" + i), fakes.used.get(i));
    }
    assertEquals(before, store.snapshot());
  }

  @Test
  void movesOnlyWhenUnhealthyOnlyWithinTheCountryAndStaysMoved() throws IOException {
    ProxyPool pool = pool(DE1, DE2, BR1);
    Egress egress = pool.egressFor("s1", "de");
    connect(egress);
    String original = store.snapshot().get("s1");
    String other = original.equals(DE1.id()) ? DE2.id() : DE1.id();

    fakes.down.add(original);
    EgressUnavailableIOException e =
        assertThrows(EgressUnavailableIOException.class, () -> connect(egress));
    assertTrue(e.getMessage().endsWith(" is down"), e.getMessage());
    assertEquals(original, store.snapshot().get("s1"), "the failing connect itself does not move");

    connect(egress);
    assertEquals(other, store.snapshot().get("s1"));
    assertEquals(other, fakes.used.get(fakes.used.size() - 1));

    // The original recovers and its cool-down passes: the session stays where it moved.
    fakes.down.clear();
    clock.advance(Duration.ofSeconds(3600));
    connect(egress);
    assertEquals(other, store.snapshot().get("s1"));
    assertFalse(fakes.used.contains(BR1.id()));
  }

  @Test
  void noHealthyProxyInTheCountryFailsClosedAndKeepsTheAssignment() throws IOException {
    ProxyPool pool = pool(DE1, DE2, BR1);
    Egress egress = pool.egressFor("s1", "de");
    connect(egress);
    String original = store.snapshot().get("s1");
    fakes.down.add(DE1.id());
    fakes.down.add(DE2.id());
    assertThrows(EgressUnavailableIOException.class, () -> connect(egress));
    assertThrows(EgressUnavailableIOException.class, () -> connect(egress));
    int attempts = fakes.used.size();

    EgressUnavailableIOException e =
        assertThrows(EgressUnavailableIOException.class, () -> connect(egress));
    assertEquals("no healthy proxy for country de", e.getMessage());
    assertEquals(attempts, fakes.used.size(), "no connect was attempted through any proxy");
    assertFalse(fakes.used.contains(BR1.id()));
    assertFalse(pool.isHealthy(DE1));
    assertEquals(Optional.of(clock.instant().plusSeconds(60)), pool.retryAt(DE1));

    // After the cool-down the proxies are retried; the session's own proxy first.
    fakes.down.clear();
    clock.advance(Duration.ofSeconds(60));
    assertTrue(pool.isHealthy(DE1));
    connect(egress);
    String now = store.snapshot().get("s1");
    assertTrue(now.equals(DE1.id()) || now.equals(DE2.id()));
    assertTrue(pool.retryAt(DE1).isEmpty());
    assertNotEquals(null, original);
  }

  @Test
  void countryWithoutProxiesFailsClosed() {
    ProxyPool pool = pool(DE1, BR1);
    EgressUnavailableIOException e =
        assertThrows(EgressUnavailableIOException.class, () -> connect(pool.egressFor("s1", "fr")));
    assertEquals("no healthy proxy for country fr", e.getMessage());
    assertTrue(fakes.used.isEmpty());
    assertTrue(store.snapshot().isEmpty());
  }

  @Test
  void phoneNumberPicksTheCountry() throws IOException {
    ProxyPool pool = pool(DE1, BR1);
    connect(pool.egressForPhone("s-br", "+5511987654321"));
    connect(pool.egressForPhone("s-de", "4915112345678"));
    assertEquals(Map.of("s-br", BR1.id(), "s-de", DE1.id()), store.snapshot());
  }

  @Test
  void sessionsSpreadOverTheCountrysProxies() throws IOException {
    ProxyPool pool = pool(DE1, DE2);
    for (int i = 0; i < 200; i++) {
      connect(pool.egressFor("session-" + i, "de"));
    }
    long onFirst = store.snapshot().values().stream().filter(DE1.id()::equals).count();
    assertTrue(onFirst > 60 && onFirst < 140, "DE1 got " + onFirst + " of 200");
  }

  @Test
  void assignmentToAProxyNoLongerConfiguredIsReplaced() throws IOException {
    store.save("s1", "socks5://u@10.9.9.9:1080");
    ProxyPool pool = pool(DE1);
    assertTrue(pool.assignment("s1").isEmpty());
    connect(pool.egressFor("s1", "de"));
    assertEquals(DE1.id(), store.snapshot().get("s1"));
  }

  @Test
  void assignmentToAProxyOfAnotherCountryIsReplaced() throws IOException {
    store.save("s1", BR1.id());
    ProxyPool pool = pool(DE1, BR1);
    connect(pool.egressFor("s1", "de"));
    assertEquals(List.of(DE1.id()), fakes.used);
  }

  @Test
  void releaseForgetsTheSession() throws IOException {
    ProxyPool pool = pool(DE1);
    connect(pool.egressFor("s1", "de"));
    pool.release("s1");
    assertTrue(store.snapshot().isEmpty());
  }

  @Test
  void storeFailureFailsClosedWithoutConnecting() {
    EgressAssignmentStore broken =
        new EgressAssignmentStore() {
          @Override
          public Optional<String> find(String sessionId) {
            return Optional.empty();
          }

          @Override
          public void save(String sessionId, String proxyId) {
            throw new StoreException("disk full", null);
          }

          @Override
          public void remove(String sessionId) {}
        };
    ProxyPool pool =
        ProxyPool.builder().add(DE1).store(broken).egressFactory(fakes::egressOf).build();
    EgressUnavailableIOException e =
        assertThrows(EgressUnavailableIOException.class, () -> connect(pool.egressFor("s1", "de")));
    assertEquals("proxy assignment store failed: disk full", e.getMessage());
    assertTrue(fakes.used.isEmpty());
  }

  @Test
  void builderValidates() {
    assertThrows(
        ValidationException.class,
        () -> ProxyPool.builder().add(ProxyEndpoint.parse("http://h:1")));
    assertThrows(ValidationException.class, () -> ProxyPool.builder().add(DE1).add(DE1));
    assertThrows(ValidationException.class, () -> pool(DE1).egressFor("s", "deu"));
    assertThrows(ValidationException.class, () -> pool(DE1).egressFor("s", null));
  }

  @Test
  void realProxiesFailOverWithinTheCountry() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (EchoServer target = new EchoServer();
        FakeProxy working = FakeProxy.start(FakeProxy.socks5Relay("u", "p"))) {
      ProxyEndpoint dead =
          new ProxyEndpoint(ProxyEndpoint.Kind.SOCKS5, "127.0.0.1", closedPort, "u", "p", "de");
      ProxyEndpoint alive =
          new ProxyEndpoint(ProxyEndpoint.Kind.SOCKS5, "127.0.0.1", working.port(), "u", "p", "de");
      store.save("s1", dead.id());
      ProxyPool pool = ProxyPool.builder().add(dead).add(alive).store(store).clock(clock).build();
      Egress egress = pool.egressFor("s1", "de");
      EgressUnavailableIOException e =
          assertThrows(
              EgressUnavailableIOException.class,
              () -> egress.connect("localhost", target.port(), TIMEOUT));
      assertTrue(
          e.getMessage().startsWith("proxy unreachable: socks5 proxy 127.0.0.1:" + closedPort));
      try (Socket s = egress.connect("localhost", target.port(), TIMEOUT)) {
        Tunnels.assertReachesEchoServer(s);
      }
      assertEquals(alive.id(), store.snapshot().get("s1"));
      assertEquals(1, target.accepted.get());
    }
  }
}
