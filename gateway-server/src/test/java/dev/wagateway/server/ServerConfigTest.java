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
    ServerConfig.Events d = ServerConfig.fromProperties(new Properties(), Map.of()).build().events();
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
}
