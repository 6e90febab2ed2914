package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.config.ServerConfig.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The events.* settings of a config file. */
class ServerConfigTest {
  @Test
  void eventSettingsHaveDefaultsAndAreReadFromProperties() {
    ServerConfig.Events d =
        ServerConfig.fromProperties(new Properties(), Map.of()).build().events();
    assertEquals(10_000, d.replayCapacity());
    assertEquals(Duration.ofHours(24), d.maxAge());
    assertEquals(10_000, d.writeQueue());
    assertTrue(d.persistent());

    Properties p = new Properties();
    p.setProperty("events.replayCapacity", "500");
    p.setProperty("events.maxAge", "PT2H");
    p.setProperty("events.writeQueue", "64");
    p.setProperty("events.heartbeat", "PT5S");
    p.setProperty("events.persistent", "false");
    ServerConfig.Events e = ServerConfig.fromProperties(p, Map.of()).build().events();
    assertEquals(
        new ServerConfig.Events(500, 1_000, Duration.ofSeconds(5), Duration.ofHours(2), 64, false),
        e);
    assertFalse(e.persistent());
  }

  @Test
  void malformedEventSettingsAreConfigErrors() {
    Properties p = new Properties();
    p.setProperty("events.maxAge", "24h");
    ConfigException bad =
        assertThrows(ConfigException.class, () -> ServerConfig.fromProperties(p, Map.of()));
    assertTrue(bad.getMessage().contains("events."), bad.getMessage());
    Properties zero = new Properties();
    zero.setProperty("events.writeQueue", "0");
    assertThrows(ConfigException.class, () -> ServerConfig.fromProperties(zero, Map.of()));
  }

  @Test
  void webhookSettingsHaveDefaultsAndAreReadFromProperties() {
    ServerConfig.Webhooks d =
        ServerConfig.fromProperties(new Properties(), Map.of()).build().webhooks();
    assertEquals(Duration.ofHours(24), d.retryHorizon());
    assertFalse(d.allowPrivateTargets());
    assertEquals(16, d.maxConcurrency());
    assertEquals(Duration.ofSeconds(10), d.timeout());
    Properties p = new Properties();
    p.setProperty("webhooks.retryHorizon", "PT2H");
    p.setProperty("webhooks.allowPrivateTargets", "true");
    p.setProperty("webhooks.maxConcurrency", "3");
    p.setProperty("webhooks.timeout", "PT1S");
    ServerConfig.Webhooks w = ServerConfig.fromProperties(p, Map.of()).build().webhooks();
    assertEquals(new ServerConfig.Webhooks(Duration.ofHours(2), true, 3, Duration.ofSeconds(1)), w);
    assertEquals(
        w, ServerConfig.fromProperties(p, Map.of()).build().newBuilder().build().webhooks());
    for (String[] bad :
        new String[][] {
          {"webhooks.retryHorizon", "24h"}, {"webhooks.retryHorizon", "PT0S"},
          {"webhooks.maxConcurrency", "0"}, {"webhooks.maxConcurrency", "x"},
          {"webhooks.timeout", "-PT1S"}
        }) {
      Properties q = new Properties();
      q.setProperty(bad[0], bad[1]);
      assertThrows(ConfigException.class, () -> ServerConfig.fromProperties(q, Map.of()), bad[1]);
    }
  }
}
