package dev.wagateway.examples;

import dev.wagateway.cli.demo.DemoWorld;
import dev.wagateway.client.RetryPolicy;
import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayClient;
import dev.wagateway.server.GatewayServer;
import dev.wagateway.server.config.ServerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A gateway server on a free loopback port with a one-off admin key, and an SDK client holding that
 * key: what the SDK examples start with. Closing it closes the client, then stops the server.
 */
final class LocalGateway implements AutoCloseable {
  final GatewayServer server;
  final WagatewayClient client;

  private LocalGateway(GatewayServer server, WagatewayClient client) {
    this.server = server;
    this.client = client;
  }

  /**
   * Starts a server with its data in {@code dataDir}.
   *
   * @param demo whether it runs in demo mode (with the WhatsApp simulator and a demo phone)
   */
  static LocalGateway start(Path dataDir, boolean demo) {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String adminKey = "example-" + HexFormat.of().formatHex(random);
    ServerConfig config = ServerConfig.builder().adminKey(adminKey).dataDir(dataDir).build();
    GatewayServer server =
        (demo ? DemoWorld.createServer(config) : GatewayServer.create(config)).start(0);
    try {
      return new LocalGateway(
          server,
          WagatewayClient.builder()
              .baseUrl(server.baseUrl())
              .token(adminKey)
              .retryPolicy(RetryPolicy.DEFAULT)
              .build());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  WagatewayApi api() {
    return client.api();
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
