package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.PairingCodeRequest;
import dev.wagateway.client.model.Session;
import dev.wagateway.testkit.WaSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pairing code for a session whose egress cannot be reached is 503, never a 500. */
class PairingCodeEgressIT {
  @TempDir Path dataDir;
  private WaSimulator simulator;
  private RoutedServer gw;

  @BeforeEach
  void start() {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    gw = new RoutedServer(simulator, dataDir).start(List.of());
  }

  @AfterEach
  void stop() {
    gw.close();
    simulator.close();
  }

  @Test
  void pairingCodeWithoutEgressIs503EgressUnavailable() {
    Session session = gw.api().createSession(new CreateSessionRequest("no-egress", null, false));
    WagatewayApiException e =
        assertThrows(
            WagatewayApiException.class,
            () ->
                gw.api().requestPairingCode(session.id(), new PairingCodeRequest("628123456789")));
    assertEquals(503, e.status(), e.toString());
    assertEquals("egress_unavailable", e.code());
    assertTrue(e.retryAfter().isPresent(), "Retry-After");
    assertTrue(gw.peers().isEmpty(), "nothing reached WhatsApp directly");
  }
}
