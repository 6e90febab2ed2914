package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.PairingCodeRequest;
import dev.wagateway.client.model.SenderCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressInput;
import dev.wagateway.client.model.WhatsAppAltSession;
import dev.wagateway.client.model.WhatsAppAltSessionCreateRequest;
import dev.wagateway.client.model.WhatsAppAltSessionStatus;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server routes its sessions through the managed proxy pool ({@code egress.proxies}) with
 * gateway-egress's {@code EgressRouter}: real HTTP on a loopback port, real SQLite, the real dante
 * (exits from 127.0.0.2) and tinyproxy (127.0.0.3) of {@code scripts/proxies.sh}, and the WhatsApp
 * simulator, which records the source address of every connection it accepts. A direct connection
 * would show up there as 127.0.0.1.
 */
class ServerProxyRoutingIT {
  private static final String US_PHONE = "12125551234";
  private static final String DE_PHONE = "4915112345678";

  @TempDir Path dataDir;
  private WaSimulator simulator;
  private RoutedServer gw;
  private final List<RoutedServer.DeadProxy> deadProxies = new ArrayList<>();

  @BeforeEach
  void start() {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    gw = new RoutedServer(simulator, dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    gw.close();
    simulator.close();
    for (RoutedServer.DeadProxy p : deadProxies) {
      p.close();
    }
  }

  @Test
  void senderCountryPicksTheProxyAndTheAssignmentSurvivesARestart() throws Exception {
    String tinyproxyUs = RoutedServer.inCountry(RoutedServer.httpProxy(), "us");
    String tinyproxyId = RoutedServer.idOf(RoutedServer.httpProxy(), "us");
    gw.start(List.of(tinyproxyUs, RoutedServer.inCountry(RoutedServer.socks5(), "de")));
    String senderId = usSender();
    String id = createAltSession(senderId, null);
    SimulatedPhone phone = simulator.addPhone(US_PHONE, "Alice");
    pairByQr(id, phone);
    List<String> peers = gw.peers();
    assertTrue(peers.size() >= 2, () -> "registration and login: " + peers);
    assertEquals(
        Set.of(RoutedServer.httpProxyExit()), Set.copyOf(peers), "every peer is tinyproxy");
    gw.stop();
    assertEquals(Optional.of(tinyproxyId), gw.storedAssignment(id), "the assignment row");

    // A second us proxy that the rendezvous hash prefers for this session: a fresh pick would
    // take it (and fail, it hangs up); the stored assignment keeps the session on tinyproxy.
    RoutedServer.DeadProxy rival = rivalPreferredOver(id, tinyproxyId);
    int before = peers.size();
    gw.start(List.of(rival.uri("us"), tinyproxyUs));
    gw.awaitSession(
        id, s -> s.status() == WhatsAppAltSessionStatus.READY && gw.peers().size() > before);
    List<String> after = gw.peers();
    assertEquals(
        Set.of(RoutedServer.httpProxyExit()),
        Set.copyOf(after.subList(before, after.size())),
        () -> "the login after the restart: " + after);
    assertEquals(0, rival.accepted(), "the preferred-by-hash proxy was never tried");
    assertTrue(gw.session(id).phoneNumber().endsWith(US_PHONE), gw.session(id).phoneNumber());
  }

  @Test
  void unhealthyProxyMovesOnlyWithinTheCountryAndNoneLeftFailsClosed() throws Exception {
    RoutedServer.DeadProxy dead = deadProxy();
    String tinyproxyDe = RoutedServer.inCountry(RoutedServer.httpProxy(), "de");
    gw.start(List.of(dead.uri("us"), tinyproxyDe));
    String id = createAltSession(usSender(), null);

    // its only us proxy fails: never the de proxy, never direct
    WhatsAppAltSession waiting =
        gw.awaitSession(
            id,
            s ->
                s.lastError() != null && s.lastError().contains("no healthy proxy for country us"));
    assertEquals(WhatsAppAltSessionStatus.DISCONNECTED, waiting.status());
    assertTrue(
        waiting.lastError().startsWith("egress_unavailable: no healthy proxy for country us"),
        waiting.lastError());
    assertTrue(dead.accepted() >= 1, "the us proxy was tried");
    Thread.sleep(300);
    assertEquals(List.of(), gw.peers(), "zero connections reached the simulator");
    gw.stop();
    assertEquals(Optional.of(dead.id()), gw.storedAssignment(id));

    // a second us proxy is configured: the stored (dead) one is tried first, fails, and the
    // session moves to dante (us), not to tinyproxy (de)
    int triedBefore = dead.accepted();
    gw.start(
        List.of(dead.uri("us"), RoutedServer.inCountry(RoutedServer.socks5(), "us"), tinyproxyDe));
    gw.awaitSession(id, s -> s.status() == WhatsAppAltSessionStatus.QR_READY && s.qrCode() != null);
    assertTrue(dead.accepted() > triedBefore, "the stored proxy was tried again first");
    List<String> peers = gw.peers();
    assertFalse(peers.isEmpty());
    assertEquals(Set.of(RoutedServer.socks5Exit()), Set.copyOf(peers), () -> "peers: " + peers);
    gw.stop();
    assertEquals(
        Optional.of(RoutedServer.idOf(RoutedServer.socks5(), "us")), gw.storedAssignment(id));
  }

  @Test
  void linkedNumberOfAnotherCountryRematchesTheExitAfterPairing() throws Exception {
    gw.start(
        List.of(
            RoutedServer.inCountry(RoutedServer.httpProxy(), "us"),
            RoutedServer.inCountry(RoutedServer.socks5(), "de")));
    String id = createAltSession(usSender(), null);
    SimulatedPhone german = simulator.addPhone(DE_PHONE, "Bob");
    pairByQr(id, german);
    List<String> peers = gw.peers();
    // the QR connection left in the sender's country (us); the German account's login in de
    assertEquals(RoutedServer.httpProxyExit(), peers.get(0), () -> "peers: " + peers);
    assertEquals(RoutedServer.socks5Exit(), peers.get(peers.size() - 1), () -> "peers: " + peers);
    assertFalse(peers.contains(RoutedServer.DIRECT_IP), () -> "peers: " + peers);
    gw.stop();
    assertEquals(
        Optional.of(RoutedServer.idOf(RoutedServer.socks5(), "de")), gw.storedAssignment(id));
  }

  @Test
  void pairingCodeNumberPicksTheExitOfAnUnpairedSessionWithoutSender() throws Exception {
    gw.start(
        List.of(
            RoutedServer.inCountry(RoutedServer.httpProxy(), "us"),
            RoutedServer.inCountry(RoutedServer.socks5(), "de")));
    String id = gw.api().createSession(new CreateSessionRequest("code", null, false)).id();
    SimulatedPhone german = simulator.addPhone(DE_PHONE, "Bob");
    String code = gw.api().requestPairingCode(id, new PairingCodeRequest(DE_PHONE)).code();
    assertEquals(Paired.Outcome.LINKED, german.enterPairingCode(code).outcome());
    gw.awaitSession(id, s -> s.status() == WhatsAppAltSessionStatus.READY);
    List<String> peers = gw.peers();
    assertTrue(peers.size() >= 2, () -> "peers: " + peers);
    assertEquals(Set.of(RoutedServer.socks5Exit()), Set.copyOf(peers), () -> "peers: " + peers);
  }

  @Test
  void changingTheEgressOverTheApiMovesTheSessionAndDeleteReleasesIt() throws Exception {
    gw.start(
        List.of(
            RoutedServer.inCountry(RoutedServer.httpProxy(), "us"),
            RoutedServer.inCountry(RoutedServer.socks5(), "de")));
    String id = createAltSession(usSender(), null);
    gw.awaitSession(id, s -> s.status() == WhatsAppAltSessionStatus.QR_READY && s.qrCode() != null);
    assertEquals(List.of(RoutedServer.httpProxyExit()), gw.peers());

    WhatsAppAltSession moved =
        gw.api()
            .updateWhatsAppAltSessionEgress(
                id, new WhatsAppAltEgressInput(WhatsAppAltEgressInput.Kind.EXTERNAL, null, "de"))
            .session();
    assertEquals("de", moved.egress().country());
    assertTrue(RoutedServer.eventually(RoutedServer.WAIT, () -> gw.peers().size() >= 2));
    List<String> peers = gw.peers();
    assertEquals(RoutedServer.socks5Exit(), peers.get(peers.size() - 1), () -> "peers: " + peers);
    assertEquals(
        Set.of(RoutedServer.httpProxyExit(), RoutedServer.socks5Exit()), Set.copyOf(peers));
    gw.stop();
    assertEquals(
        Optional.of(RoutedServer.idOf(RoutedServer.socks5(), "de")), gw.storedAssignment(id));

    gw.start(
        List.of(
            RoutedServer.inCountry(RoutedServer.httpProxy(), "us"),
            RoutedServer.inCountry(RoutedServer.socks5(), "de")));
    gw.api().deleteWhatsAppAltSession(id);
    gw.stop();
    assertEquals(Optional.empty(), gw.storedAssignment(id), "released on delete");
  }

  @Test
  void aProxyWithoutCountryStopsTheServerAtStart() {
    ServerConfig.ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ServerConfig.ConfigException.class,
            () -> gw.start(List.of("socks5://u:secret-pass@127.0.0.1:1080")));
    assertTrue(e.getMessage().contains("needs a country"), e.getMessage());
    assertFalse(e.getMessage().contains("secret-pass"), e.getMessage());
  }

  // ---- helpers ----

  private String usSender() {
    return gw.api().createSender(new SenderCreateRequest("Store", "+" + US_PHONE)).id();
  }

  private String createAltSession(String senderId, WhatsAppAltEgressInput egress) {
    return gw.api()
        .createWhatsAppAltSession(
            WhatsAppAltSessionCreateRequest.builder().senderId(senderId).egress(egress).build())
        .session()
        .id();
  }

  private void pairByQr(String id, SimulatedPhone phone) throws InterruptedException {
    WhatsAppAltSession qr =
        gw.awaitSession(
            id, s -> s.status() == WhatsAppAltSessionStatus.QR_READY && s.qrCode() != null);
    Paired paired = phone.scanQr(qr.qrCode());
    assertEquals(Paired.Outcome.LINKED, paired.outcome(), () -> "pairing: " + paired);
    gw.awaitSession(id, s -> s.status() == WhatsAppAltSessionStatus.READY);
  }

  private RoutedServer.DeadProxy deadProxy() throws Exception {
    RoutedServer.DeadProxy p = new RoutedServer.DeadProxy();
    deadProxies.add(p);
    return p;
  }

  /**
   * A dead proxy whose rendezvous score for {@code sessionId} beats {@code storedId}'s: one
   * listening socket, with user names tried until the id scores higher (only a stored score in the
   * top 1/200,000 of the range could leave none; 64 fresh ports, as before, left none in ~1.5 % of
   * runs).
   */
  private RoutedServer.DeadProxy rivalPreferredOver(String sessionId, String storedId)
      throws Exception {
    long stored = rendezvous(sessionId, storedId);
    RoutedServer.DeadProxy p = deadProxy();
    for (int i = 0; i < 200_000; i++) {
      if (rendezvous(sessionId, p.user("rival" + i).id()) > stored) {
        return p;
      }
    }
    throw new AssertionError("no rival user name out of 200,000 beats the stored proxy");
  }

  /** ProxyPool's documented pick score: the first 8 bytes of SHA-256(session, 0x00, proxy). */
  private static long rendezvous(String sessionId, String proxyId) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(sessionId.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    byte[] d = sha.digest(proxyId.getBytes(StandardCharsets.UTF_8));
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xff);
    }
    return v;
  }
}
