package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/** Timeouts and network failures surface as {@link WagatewayIoException}, never retried. */
class TimeoutTest {
  @Test
  void readTimeoutIsReportedAsTimeout() throws Exception {
    try (ClientFixture fx =
        new ClientFixture(
            RetryPolicy.DEFAULT,
            new Timeouts(
                Duration.ofSeconds(2),
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                Duration.ZERO))) {
      fx.server.enqueue(new MockResponse().setHeadersDelay(3, TimeUnit.SECONDS).setBody("{}"));
      WagatewayIoException e = assertThrows(WagatewayIoException.class, () -> fx.api().getHealth());
      assertTrue(e.isTimeout(), e.toString());
      assertTrue(e.getMessage().startsWith("getHealth: "), e.getMessage());
      assertEquals(1, fx.server.getRequestCount());
    }
  }

  @Test
  void callTimeoutBoundsSlowBodies() throws Exception {
    try (ClientFixture fx =
        new ClientFixture(
            RetryPolicy.DEFAULT,
            new Timeouts(
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofMillis(300)))) {
      fx.server.enqueue(
          new MockResponse().setBody("{\"status\":\"ok\"}").throttleBody(1, 1, TimeUnit.SECONDS));
      WagatewayIoException e = assertThrows(WagatewayIoException.class, () -> fx.api().getHealth());
      assertTrue(e.isTimeout(), e.toString());
    }
  }

  @Test
  void droppedConnectionIsAnIoErrorNotATimeout() throws Exception {
    try (ClientFixture fx = new ClientFixture()) {
      fx.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
      WagatewayIoException e = assertThrows(WagatewayIoException.class, () -> fx.api().getHealth());
      assertFalse(e.isTimeout(), e.toString());
    }
  }

  @Test
  void refusedConnectionIsAnIoError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (WagatewayClient client =
        WagatewayClient.builder().baseUrl("http://127.0.0.1:" + port).token("wg_live_x").build()) {
      WagatewayIoException e =
          assertThrows(WagatewayIoException.class, () -> client.api().getHealth());
      assertFalse(e.isTimeout(), e.toString());
    }
  }
}
