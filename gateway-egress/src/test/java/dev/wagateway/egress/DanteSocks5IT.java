package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Socks5Egress} against a real dante server ({@code scripts/proxies.sh start}): username
 * authentication, remote name resolution, reply codes, OkHttp on top.
 */
class DanteSocks5IT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final ProxyTarget target = new ProxyTarget();
  private ProxyEndpoint dante;

  @BeforeEach
  void setUp() {
    dante = RealProxies.require(RealProxies.SOCKS5);
  }

  @Test
  void hostNameIsResolvedByDanteAndTheStreamFlows() throws IOException {
    target.assertReachable(new Socks5Egress(dante), "localhost", TIMEOUT);
    assertEquals(1, target.accepted());
  }

  @Test
  void ipLiteralTargetWorksToo() throws IOException {
    target.assertReachable(new Socks5Egress(dante), "127.0.0.1", TIMEOUT);
  }

  @Test
  void wrongPasswordIsAuthRefused() {
    EgressUnavailableIOException e =
        target.assertUnavailable(
            new Socks5Egress(
                ProxyTarget.withCredentials(dante, dante.username(), "not-the-password")),
            TIMEOUT);
    assertEquals(
        "proxy auth refused: " + dante.describe() + " rejected the username/password (status 0x01)",
        e.getMessage());
  }

  @Test
  void missingCredentialsAreAuthRefused() {
    EgressUnavailableIOException e =
        target.assertUnavailable(
            new Socks5Egress(ProxyTarget.withCredentials(dante, null, null)), TIMEOUT);
    assertEquals(
        "proxy auth refused: "
            + dante.describe()
            + " requires authentication and no credentials are configured",
        e.getMessage());
  }

  @Test
  void closedTargetPortIsConnectionRefused() throws IOException {
    int closedPort = ProxyTarget.closedPort();
    EgressUnavailableIOException e =
        target.assertUnavailable(new Socks5Egress(dante), "127.0.0.1", closedPort, TIMEOUT);
    assertEquals(
        "proxy refused connect: "
            + dante.describe()
            + " could not reach 127.0.0.1:"
            + closedPort
            + ": connection refused (0x05)",
        e.getMessage());
  }

  @Test
  void destinationOutsideTheRulesetIsNotAllowed() {
    // The test config relays to loopback only; anything else is blocked by rule.
    EgressUnavailableIOException e =
        target.assertUnavailable(new Socks5Egress(dante), "192.0.2.1", 443, TIMEOUT);
    assertEquals(
        "proxy refused connect: "
            + dante.describe()
            + " could not reach 192.0.2.1:443: connection not allowed by ruleset (0x02)",
        e.getMessage());
  }

  @Test
  void unresolvableNameIsReportedByTheProxy() {
    EgressUnavailableIOException e =
        target.assertUnavailable(new Socks5Egress(dante), "no-such-host.invalid", 443, TIMEOUT);
    assertTrue(
        e.getMessage()
            .startsWith(
                "proxy refused connect: "
                    + dante.describe()
                    + " could not reach no-such-host.invalid:443: "),
        e.getMessage());
  }

  @Test
  void okHttpReachesMockWebServerThroughDante() throws Exception {
    ProxyTarget.assertOkHttpReaches(new Socks5Egress(dante), "/v/t62.7118-24/abc", "through dante");
  }

  @Test
  void okHttpWithRefusedCredentialsNeverReachesTheServer() throws Exception {
    OkHttpClient client =
        OkHttpThroughProxyTest.client(
            new Socks5Egress(ProxyTarget.withCredentials(dante, dante.username(), "nope")));
    String url = "http://localhost:" + target.port() + "/";
    IOException e =
        assertThrows(
            IOException.class,
            () -> client.newCall(new Request.Builder().url(url).build()).execute());
    assertTrue(OkHttpThroughProxyTest.causalChainHas(e, "proxy auth refused: "), "" + e);
    assertEquals(0, target.accepted());
  }
}
