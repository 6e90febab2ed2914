package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedPhone;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of no leak for the proxy egresses, at the session level: a session routed by {@link
 * EgressRouter} pairs with a simulated phone and logs in through a real dante (SOCKS5) or a real
 * tinyproxy (HTTP CONNECT), and the simulator, which records the peer of every connection, saw
 * every one of them come from the proxy's outgoing address ({@code scripts/proxies.sh} makes danted
 * connect out from 127.0.0.2 and tinyproxy from 127.0.0.3) and none from 127.0.0.1, the address a
 * direct connection would come from. The simulator is reachable directly all along, so an egress
 * that was "ignored" would show up as a 127.0.0.1 peer.
 */
class SessionNoLeakIT {
  private static final String US_PHONE = "12125551234";
  private static final String DE_PHONE = "4915112345678";
  private static final String DIRECT_IP = "127.0.0.1";

  @TempDir Path dataDir;

  /** The address a proxy connects out from: {@code <VAR>_EXIT}, else the script's default. */
  static String exitOf(String proxyVariable, String defaultExit) {
    String name = proxyVariable + "_EXIT";
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? defaultExit : value;
  }

  static ProxyEndpoint dante() {
    return RealProxies.require(RealProxies.SOCKS5);
  }

  static ProxyEndpoint tinyproxy() {
    return RealProxies.require(RealProxies.HTTP);
  }

  static String danteExit() {
    return exitOf(RealProxies.SOCKS5, "127.0.0.2");
  }

  static String tinyproxyExit() {
    return exitOf(RealProxies.HTTP, "127.0.0.3");
  }

  private static EgressRouter usRouter(ProxyEndpoint proxy, SqliteEgressAssignmentStore store) {
    return EgressRouter.builder()
        .pool(ProxyPool.builder().add(proxy.withCountry("us")).store(store).build())
        .senderPhones(
            (org, sender) ->
                sender.equals("sender1") ? Optional.of("+" + US_PHONE) : Optional.empty())
        .build();
  }

  @Test
  void socks5SessionPairsAndLogsInOnlyThroughDante() throws Exception {
    pairsAndLogsInOnlyThrough(dante(), danteExit());
  }

  @Test
  void httpConnectSessionPairsAndLogsInOnlyThroughTinyproxy() throws Exception {
    pairsAndLogsInOnlyThrough(tinyproxy(), tinyproxyExit());
  }

  private void pairsAndLogsInOnlyThrough(ProxyEndpoint proxy, String exit) throws Exception {
    assertNotEquals(DIRECT_IP, exit, "the proxy must connect out from another loopback address");
    try (SessionRig rig =
        new SessionRig(
            dataDir, store -> usRouter(proxy, SqliteEgressAssignmentStore.open(store)))) {
      SimulatedPhone phone = rig.simulator.addPhone(US_PHONE, "Alice");
      // no explicit country: the sender's number (+1 212...) picks the us proxy
      rig.start("s1", "sender1", null);
      SessionInfo ready = rig.pairByQr("s1", phone);
      assertEquals("+" + US_PHONE, ready.identity().phone());

      // a stop and a start: the stored credentials log in again, through the same proxy
      rig.host.stop("s1");
      rig.clearEvents();
      rig.host.start("s1");
      rig.awaitStatus("s1", s -> s.status() == SessionStatus.READY);

      // media: the session's upload and download went through the proxy too
      List<String> media = rig.exchangeMedia("s1", phone);
      assertEquals(List.of(exit, exit), media, "media requests' peers");

      // registration (QR), the login after pairing's restart, and the login after the restart
      List<String> peers = rig.peerIps();
      assertTrue(peers.size() >= 3, () -> "connections seen: " + peers);
      assertEquals(Set.of(exit), Set.copyOf(peers), () -> "every peer is the proxy: " + peers);
      assertFalse(peers.contains(DIRECT_IP));
      assertEquals(
          Optional.of(proxy.id()),
          SqliteEgressAssignmentStore.open(rig.store).find("s1"),
          "the assignment row");
    }
  }

  @Test
  void refusingProxyFailsClosedWithZeroConnectionsAtTheSimulator() throws Exception {
    ProxyEndpoint wrongPassword =
        ProxyEndpoint.parse(
            "socks5://" + dante().username() + ":not-the-password@" + dante().address());
    try (SessionRig rig =
        new SessionRig(
            dataDir, store -> usRouter(wrongPassword, SqliteEgressAssignmentStore.open(store)))) {
      rig.start("s1", "sender1", null);
      StatusChanged failed =
          rig.awaitStatus("s1", s -> s.lastError() != null && s.lastError().startsWith("egress_"));
      assertEquals(SessionStatus.DISCONNECTED, failed.status());
      assertTrue(
          failed.lastError().startsWith("egress_unavailable: proxy auth refused: socks5 proxy "),
          failed.lastError());
      assertFalse(failed.lastError().contains("not-the-password"), failed.lastError());
      // it keeps retrying with back-off, and every retry fails the same way
      rig.await(
          dev.wagateway.core.event.Disconnected.class,
          d -> d.sessionId().equals("s1") && d.willReconnect());
      Thread.sleep(500);
      assertEquals(List.of(), rig.peerIps(), "nothing reached the simulator");
      assertEquals(SessionStatus.DISCONNECTED, rig.host.get("s1").orElseThrow().status());
    }
  }

  @Test
  void rematchedExitFollowsTheLinkedNumbersCountry() throws Exception {
    // tinyproxy is "the us proxy", dante "the de proxy": the exit address tells them apart
    try (SessionRig rig =
        new SessionRig(
            dataDir,
            store ->
                EgressRouter.builder()
                    .pool(
                        ProxyPool.builder()
                            .add(tinyproxy().withCountry("us"))
                            .add(dante().withCountry("de"))
                            .store(SqliteEgressAssignmentStore.open(store))
                            .build())
                    .senderPhones((org, sender) -> Optional.of("+" + US_PHONE))
                    .build())) {
      SimulatedPhone german = rig.simulator.addPhone(DE_PHONE, "Bob");
      rig.start("s1", "sender1", null);
      rig.pairByQr("s1", german);
      List<String> peers = rig.peerIps();
      // the QR connection went out in the sender's country; after pairing, the German account
      // logged in through the German proxy, and the stored assignment moved
      assertEquals(tinyproxyExit(), peers.get(0), () -> "peers: " + peers);
      assertEquals(danteExit(), peers.get(peers.size() - 1), () -> "peers: " + peers);
      assertFalse(peers.contains(DIRECT_IP), () -> "peers: " + peers);
      assertEquals(
          Optional.of(dante().withCountry("de").id()),
          SqliteEgressAssignmentStore.open(rig.store).find("s1"));
    }
  }

  @Test
  void pairingCodeNumberPicksTheExitBeforePairing() throws Exception {
    // the sender's number is American, the number the code is requested for German: the
    // registration connection already leaves through the German proxy
    try (SessionRig rig =
        new SessionRig(
            dataDir,
            store ->
                EgressRouter.builder()
                    .pool(
                        ProxyPool.builder()
                            .add(tinyproxy().withCountry("us"))
                            .add(dante().withCountry("de"))
                            .store(SqliteEgressAssignmentStore.open(store))
                            .build())
                    .senderPhones((org, sender) -> Optional.of("+" + US_PHONE))
                    .build())) {
      SimulatedPhone german = rig.simulator.addPhone(DE_PHONE, "Bob");
      rig.host.create(
          dev.wagateway.core.NewSession.builder("org1").id("s1").senderId("sender1").build());
      PairingCode code = rig.host.requestPairingCode("s1", "+" + DE_PHONE);
      assertEquals(Paired.Outcome.LINKED, german.enterPairingCode(code.code()).outcome());
      rig.awaitStatus("s1", s -> s.status() == SessionStatus.READY);
      List<String> peers = rig.peerIps();
      assertTrue(peers.size() >= 2, () -> "peers: " + peers);
      assertEquals(Set.of(danteExit()), Set.copyOf(peers), () -> "peers: " + peers);
    }
  }

  @Test
  void directIsRejectedAndNothingConnects() throws Exception {
    try (SessionRig rig =
        new SessionRig(
            dataDir, store -> usRouter(dante(), SqliteEgressAssignmentStore.open(store)))) {
      rig.start("s1", "sender1", new EgressChoice(EgressKind.DIRECT, null, null));
      StatusChanged failed = rig.awaitStatus("s1", s -> s.status() == SessionStatus.FAILED);
      assertTrue(
          failed.lastError().startsWith("egress_unavailable: direct egress is refused"),
          failed.lastError());
      Thread.sleep(300);
      assertEquals(List.of(), rig.peerIps());
    }
  }
}
