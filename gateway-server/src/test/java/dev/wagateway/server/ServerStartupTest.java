package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The server refuses to start without a usable admin key. */
class ServerStartupTest {
  @Test
  void refusesToStartWithoutAdminKey() throws Exception {
    Path dir = Files.createTempDirectory("wagateway-startup");
    FakeSessionService sessions = new FakeSessionService();
    ServerConfig.ConfigException e =
        assertThrows(
            ServerConfig.ConfigException.class,
            () -> GatewayServer.create(ServerConfig.builder().dataDir(dir).build(), d -> sessions));
    assertTrue(e.getMessage().contains("WAGATEWAY_ADMIN_KEY"), e.getMessage());
    assertEquals("config_error", e.code());
    assertThrows(
        ServerConfig.ConfigException.class,
        () ->
            GatewayServer.create(
                ServerConfig.builder().dataDir(dir).adminKey("short").build(), d -> sessions));
    // nothing was opened: the data dir has no database
    assertTrue(Files.notExists(dir.resolve("wagateway.db")));
    assertTrue(sessions.calls.isEmpty());
  }

  @Test
  void environmentOverridesTheConfigFile() {
    Properties p = new Properties();
    p.setProperty("auth.adminKey", "from-file-0123456789");
    p.setProperty("egress.proxies", "socks5://127.0.0.1:1080?country=cl, http://127.0.0.1:3128");
    p.setProperty("http.publicUrl", "https://gw.example");
    ServerConfig fromFile = ServerConfig.fromProperties(p, Map.of()).build();
    assertEquals("from-file-0123456789", fromFile.auth().adminKey());
    assertEquals(2, fromFile.egress().proxies().size());
    ServerConfig fromEnv =
        ServerConfig.fromProperties(p, Map.of("WAGATEWAY_ADMIN_KEY", "from-env-0123456789"))
            .build();
    assertEquals("from-env-0123456789", fromEnv.auth().adminKey());
    assertTrue(!fromEnv.auth().toString().contains("from-env"));
    p.setProperty("auth.jwt.jwksUrl", "http://127.0.0.1/jwks");
    assertThrows(
        ServerConfig.ConfigException.class, () -> ServerConfig.fromProperties(p, Map.of()));
  }

  @Test
  void reportsTheRealPortAndWebSocketUrl() throws Exception {
    try (TestServer t = new TestServer()) {
      assertTrue(t.server.port() > 0);
      assertEquals("ws://127.0.0.1:" + t.server.port(), t.server.gatewayUrl());
    }
  }
}
