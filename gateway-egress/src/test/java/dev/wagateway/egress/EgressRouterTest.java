package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException.EgressUnavailableException;
import dev.wagateway.core.Identity;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.egress.EnrolmentToken;
import dev.wagateway.core.egress.EnrolmentTokenKeys;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import dev.wagateway.egress.tunnel.AndroidEgress;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.egress.tunnel.NodeRegistration;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The router's decisions: which kind, which country (explicit, linked number, pairing number,
 * sender number), re-matching to the linked number's country, and every refusal.
 */
class EgressRouterTest {
  private static final String US_PHONE = "+12125551234";
  private static final String DE_PHONE = "+4915112345678";
  private static final Duration T = Duration.ofSeconds(1);

  private final InMemoryEgressAssignmentStore assignments = new InMemoryEgressAssignmentStore();
  private final List<String> dialled = new ArrayList<>();
  private final ProxyPool pool =
      ProxyPool.builder()
          .add(ProxyEndpoint.parse("socks5://u:p@10.0.0.1:1080?country=us"))
          .add(ProxyEndpoint.parse("socks5://u:p@10.0.0.2:1080?country=de"))
          .store(assignments)
          .egressFactory(
              p ->
                  (host, port, timeout) -> {
                    dialled.add(p.id());
                    return new Socket();
                  })
          .build();
  private final EgressRouter router =
      EgressRouter.builder()
          .pool(pool)
          .senderPhones(
              (org, sender) ->
                  Optional.ofNullable(
                      Map.of("org1/us-sender", US_PHONE, "org1/de-sender", DE_PHONE)
                          .get(org + "/" + sender)))
          .build();

  static SessionInfo session(String id, String sender, EgressChoice egress, String linkedPhone) {
    Identity identity =
        linkedPhone == null
            ? null
            : new Identity(
                linkedPhone.substring(1) + ":1@s.whatsapp.net", null, 1, linkedPhone, null, null);
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    return new SessionInfo(
        id,
        "org1",
        sender,
        null,
        SessionStatus.INITIALIZING,
        DesiredState.STARTED,
        null,
        egress,
        identity,
        null,
        now,
        now,
        null);
  }

  private static EgressChoice external(String country) {
    return new EgressChoice(EgressKind.EXTERNAL, null, country);
  }

  private String connectThrough(Egress egress) throws IOException {
    egress.connect("g.whatsapp.net", 443, T).close();
    return dialled.get(dialled.size() - 1);
  }

  @Test
  void directIsRefused() {
    EgressUnavailableException e =
        assertThrows(
            EgressUnavailableException.class,
            () ->
                router.resolve(
                    session("s1", null, new EgressChoice(EgressKind.DIRECT, null, null), null)));
    assertEquals("egress_unavailable", e.code());
    assertTrue(e.getMessage().startsWith("direct egress is refused"), e.getMessage());
    assertEquals(List.of(), dialled);
  }

  @Test
  void explicitCountryWinsOverEveryNumber() throws IOException {
    Egress egress =
        router.resolve(session("s1", "us-sender", external("DE"), US_PHONE), "12125551234");
    assertEquals("socks5://u@10.0.0.2:1080", connectThrough(egress));
    assertEquals(Optional.of("socks5://u@10.0.0.2:1080"), assignments.find("s1"));
    assertEquals("de", router.countryOf(session("s1", null, external("de"), US_PHONE), null));
  }

  @Test
  void countryComesFromLinkedThenPairingThenSenderNumber() {
    assertEquals("us", router.countryOf(session("a", "us-sender", null, null), null));
    assertEquals("de", router.countryOf(session("a", "us-sender", null, null), "4915112345678"));
    assertEquals(
        "us", router.countryOf(session("a", "de-sender", null, US_PHONE), "4915112345678"));
    assertEquals("de", router.countryOf(session("a", null, external(null), DE_PHONE), null));
  }

  @Test
  void noChoiceMeansTheManagedPool() throws IOException {
    assertEquals(
        "socks5://u@10.0.0.1:1080",
        connectThrough(router.resolve(session("s1", "us-sender", null, null))));
  }

  @Test
  void exitIsRematchedWhenTheLinkedNumberIsInAnotherCountry() throws IOException {
    // before pairing: the sender's number (us)
    assertEquals(
        "socks5://u@10.0.0.1:1080",
        connectThrough(router.resolve(session("s1", "us-sender", null, null))));
    assertEquals(Optional.of("socks5://u@10.0.0.1:1080"), assignments.find("s1"));
    // paired from a German number: the next connection leaves in Germany and the move is stored
    assertEquals(
        "socks5://u@10.0.0.2:1080",
        connectThrough(router.resolve(session("s1", "us-sender", null, DE_PHONE))));
    assertEquals(Optional.of("socks5://u@10.0.0.2:1080"), assignments.find("s1"));
    assertEquals("socks5://u@10.0.0.2:1080", router.assignment("s1").orElseThrow().id());
    // and it stays there
    connectThrough(router.resolve(session("s1", "us-sender", null, DE_PHONE)));
    assertEquals(
        List.of("socks5://u@10.0.0.1:1080", "socks5://u@10.0.0.2:1080", "socks5://u@10.0.0.2:1080"),
        dialled);
    router.release("s1");
    assertEquals(Optional.empty(), assignments.find("s1"));
  }

  @Test
  void pairingNumberPicksTheCountryBeforePairing() throws IOException {
    assertEquals(
        "socks5://u@10.0.0.2:1080",
        connectThrough(router.resolve(session("s1", "us-sender", null, null), "4915112345678")));
  }

  @Test
  void noCountryIsRefused() {
    EgressUnavailableException e =
        assertThrows(
            EgressUnavailableException.class,
            () -> router.resolve(session("s1", null, null, null)));
    assertTrue(e.getMessage().startsWith("no country for the session's proxy"), e.getMessage());
    EgressUnavailableException unknownSender =
        assertThrows(
            EgressUnavailableException.class,
            () -> router.resolve(session("s1", "nobody", null, null)));
    assertEquals(e.getMessage(), unknownSender.getMessage());
    assertEquals(List.of(), dialled);
  }

  @Test
  void countryWithoutProxiesIsRefusedNeverAnotherCountry() {
    EgressUnavailableException e =
        assertThrows(
            EgressUnavailableException.class,
            () -> router.resolve(session("s1", null, external("br"), null)));
    assertEquals("no proxy configured for country br", e.getMessage());
    EgressUnavailableException fromNumber =
        assertThrows(
            EgressUnavailableException.class,
            () -> router.resolve(session("s1", null, null, "+5511987654321")));
    assertEquals("no proxy configured for country br", fromNumber.getMessage());
    assertEquals(Optional.empty(), assignments.find("s1"));
  }

  @Test
  void badCountryOrNumberIsRefused() {
    assertThrows(
        EgressUnavailableException.class,
        () -> router.resolve(session("s1", null, external("deu"), null)));
    EgressUnavailableException e =
        assertThrows(
            EgressUnavailableException.class,
            () -> router.resolve(session("s1", null, null, null), "80012345678"));
    assertTrue(
        e.getMessage().startsWith("can't derive a country from the pairing-code number"),
        e.getMessage());
  }

  @Test
  void unhealthyCountryFailsTheConnectNotTheResolve() throws IOException {
    ProxyPool failing =
        ProxyPool.builder()
            .add(ProxyEndpoint.parse("socks5://u:p@10.0.0.1:1080?country=us"))
            .egressFactory(
                p ->
                    (host, port, timeout) -> {
                      throw new EgressUnavailableIOException("proxy unreachable: test");
                    })
            .build();
    EgressRouter r = EgressRouter.builder().pool(failing).build();
    Egress egress = r.resolve(session("s1", null, external("us"), null));
    EgressUnavailableIOException first =
        assertThrows(EgressUnavailableIOException.class, () -> egress.connect("h", 443, T));
    assertEquals("proxy unreachable: test", first.getMessage());
    EgressUnavailableIOException second =
        assertThrows(EgressUnavailableIOException.class, () -> egress.connect("h", 443, T));
    assertEquals("no healthy proxy for country us", second.getMessage());
  }

  @Test
  void pinnedProxyIdIsUsedWhenConfigured() {
    Egress egress =
        router.resolve(
            session(
                "s1",
                null,
                new EgressChoice(EgressKind.EXTERNAL, "socks5://u@10.0.0.2:1080", null),
                null));
    assertInstanceOf(Socks5Egress.class, egress);
    EgressUnavailableException e =
        assertThrows(
            EgressUnavailableException.class,
            () ->
                router.resolve(
                    session(
                        "s1",
                        null,
                        new EgressChoice(EgressKind.EXTERNAL, "socks5://x@1.2.3.4:1", null),
                        null)));
    assertEquals("proxy socks5://x@1.2.3.4:1 is not configured", e.getMessage());
  }

  @Test
  void routerWithoutPoolOrNodesRefuses() {
    EgressRouter empty = EgressRouter.builder().build();
    assertEquals(
        "no egress proxies are configured",
        assertThrows(
                EgressUnavailableException.class,
                () -> empty.resolve(session("s1", null, external("us"), null)))
            .getMessage());
    assertEquals(
        "no Android egress nodes on this gateway",
        assertThrows(
                EgressUnavailableException.class,
                () ->
                    empty.resolve(
                        session(
                            "s1", null, new EgressChoice(EgressKind.ANDROID, "en_x", null), null)))
            .getMessage());
  }

  @Test
  void androidNodeMustBeOfTheSameOrgAndNotRevoked() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 9);
    try (EgressNodeRegistry nodes =
        EgressNodeRegistry.builder(
                new EnrolmentToken(EnrolmentTokenKeys.of("k1", key)), "http://127.0.0.1:1")
            .build()) {
      EgressRouter r = EgressRouter.builder().nodes(nodes).build();
      NodeRegistration mine =
          nodes.register("org1", "sender1", "phone", null, Duration.ofMinutes(5));
      NodeRegistration theirs =
          nodes.register("org2", "sender9", "phone", null, Duration.ofMinutes(5));
      String id = mine.node().id();

      Egress egress =
          r.resolve(session("s1", null, new EgressChoice(EgressKind.ANDROID, id, null), null));
      assertEquals(id, assertInstanceOf(AndroidEgress.class, egress).nodeId());
      // pending (never connected): the connect fails closed, the session retries later
      EgressUnavailableIOException offline =
          assertThrows(EgressUnavailableIOException.class, () -> egress.connect("h", 443, T));
      assertEquals("egress node " + id + " is offline", offline.getMessage());

      String other = theirs.node().id();
      assertEquals(
          "egress node " + other + " does not exist in the session's organisation",
          assertThrows(
                  EgressUnavailableException.class,
                  () ->
                      r.resolve(
                          session(
                              "s1", null, new EgressChoice(EgressKind.ANDROID, other, null), null)))
              .getMessage());
      assertEquals(
          "android egress needs an egress node id",
          assertThrows(
                  EgressUnavailableException.class,
                  () ->
                      r.resolve(
                          session(
                              "s1", null, new EgressChoice(EgressKind.ANDROID, null, null), null)))
              .getMessage());

      nodes.revoke(id);
      assertEquals(
          "egress node " + id + " is revoked",
          assertThrows(
                  EgressUnavailableException.class,
                  () ->
                      r.resolve(
                          session(
                              "s1", null, new EgressChoice(EgressKind.ANDROID, id, null), null)))
              .getMessage());
    }
  }
}
