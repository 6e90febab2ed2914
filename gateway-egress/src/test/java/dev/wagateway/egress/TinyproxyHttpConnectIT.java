package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.IOException;
import java.time.Duration;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HttpConnectEgress} against a real tinyproxy with Basic auth ({@code scripts/proxies.sh}).
 */
class TinyproxyHttpConnectIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final ProxyTarget target = new ProxyTarget();
  private ProxyEndpoint tinyproxy;

  @BeforeEach
  void setUp() {
    tinyproxy = RealProxies.require(RealProxies.HTTP);
  }

  @Test
  void tunnelToHostNameFlows() throws IOException {
    target.assertReachable(new HttpConnectEgress(tinyproxy), "localhost", TIMEOUT);
    assertEquals(1, target.accepted());
  }

  @Test
  void wrongPasswordIsAuthRefused() {
    EgressUnavailableIOException e =
        target.assertUnavailable(
            new HttpConnectEgress(
                ProxyTarget.withCredentials(tinyproxy, tinyproxy.username(), "not-the-password")),
            TIMEOUT);
    assertTrue(
        // tinyproxy 1.11 answers wrong credentials with 401, missing ones with 407.
        e.getMessage().startsWith("proxy auth refused: " + tinyproxy.describe() + " answered 40"),
        e.getMessage());
    assertFalse(e.getMessage().contains("not-the-password"));
  }

  @Test
  void missingCredentialsAre407AuthRefused() {
    EgressUnavailableIOException e =
        target.assertUnavailable(
            new HttpConnectEgress(ProxyTarget.withCredentials(tinyproxy, null, null)), TIMEOUT);
    assertTrue(
        e.getMessage().startsWith("proxy auth refused: " + tinyproxy.describe() + " answered 407"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("(no credentials configured)"), e.getMessage());
  }

  @Test
  void closedTargetPortIsRefusedConnect() throws IOException {
    int closedPort = ProxyTarget.closedPort();
    EgressUnavailableIOException e =
        target.assertUnavailable(
            new HttpConnectEgress(tinyproxy), "127.0.0.1", closedPort, TIMEOUT);
    assertTrue(
        e.getMessage().startsWith("proxy refused connect: " + tinyproxy.describe() + " answered 5"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" to CONNECT 127.0.0.1:" + closedPort), e.getMessage());
  }

  @Test
  void okHttpReachesMockWebServerThroughTinyproxy() throws Exception {
    RecordedRequest recorded =
        ProxyTarget.assertOkHttpReaches(
            new HttpConnectEgress(tinyproxy), "/mms/audio/xyz", "through tinyproxy");
    // A CONNECT tunnel carries our request untouched: no proxy header was added to it.
    assertNull(recorded.getHeader("Via"));
    assertNull(recorded.getHeader("Proxy-Authorization"));
  }
}
