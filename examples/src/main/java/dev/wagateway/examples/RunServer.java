package dev.wagateway.examples;

import static dev.wagateway.examples.Examples.check;

import dev.wagateway.cli.demo.DemoWorld;
import dev.wagateway.client.RetryPolicy;
import dev.wagateway.client.WagatewayClient;
import dev.wagateway.client.model.Health;
import dev.wagateway.server.GatewayServer;
import dev.wagateway.server.config.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the gateway server in demo mode (the WhatsApp simulator and a simulated phone in-process,
 * everything on loopback), prints where to reach it, checks it answers, and serves for a bounded
 * time (Ctrl-C stops it earlier).
 *
 * <p>Arguments: {@code [port] [seconds]}, default {@code 8080 300}; port 0 picks a free one. The
 * admin key comes from {@code WAGATEWAY_ADMIN_KEY}; without it a one-off demo key is made and
 * printed.
 *
 * <p>Run: {@code examples/run.sh RunServer 8080 300}
 */
public final class RunServer {
  private RunServer() {}

  public static void main(String[] args) {
    Examples.exit(out -> run(out, args, System.getenv("WAGATEWAY_ADMIN_KEY")));
  }

  static void run(PrintStream out, String[] args, String adminKeyFromEnv) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    Duration serveFor = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 300);
    check(port >= 0 && port <= 65535, "port must be 0..65535, got " + port);

    String adminKey = adminKeyFromEnv;
    boolean generated = adminKey == null || adminKey.isBlank();
    if (generated) {
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      adminKey = "demo-" + HexFormat.of().formatHex(random);
    }
    Path dataDir = Examples.scratchDir("wagateway-server-example");
    try (GatewayServer server =
        DemoWorld.createServer(ServerConfig.builder().adminKey(adminKey).dataDir(dataDir).build())
            .start(port)) {
      String base = server.baseUrl();
      out.println("wagateway (demo mode) listening on " + base);
      out.println("  OpenAPI document  " + base + "/openapi.json");
      out.println("  health            " + base + "/healthz");
      out.println("  sessions          " + base + "/api/v1/sessions");
      out.println("  event stream      " + base + "/api/v1/events");
      out.println(
          "  demo phone        "
              + base
              + "/demo/phone  (POST /demo/phone/scan {\"sessionId\":...})");
      if (generated) {
        out.println(
            "admin key (a one-off demo key; set WAGATEWAY_ADMIN_KEY to choose it): " + adminKey);
      } else {
        out.println("admin key: the value of WAGATEWAY_ADMIN_KEY");
      }
      out.println("  e.g. curl -H \"Authorization: Bearer $KEY\" " + base + "/api/v1/sessions");

      try (WagatewayClient client =
          WagatewayClient.builder()
              .baseUrl(base)
              .token(adminKey)
              .retryPolicy(RetryPolicy.NONE)
              .build()) {
        Health health = client.api().getHealth();
        check("ok".equals(health.status()), "health check answered " + health);
        int sessions = client.api().listSessions().items().size();
        out.println("health: ok (version " + health.version() + "), sessions: " + sessions);
      }

      CountDownLatch interrupted = new CountDownLatch(1);
      Thread hook = new Thread(interrupted::countDown, "run-server-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("serving for " + serveFor.toSeconds() + " s (Ctrl-C stops earlier)");
      out.flush();
      interrupted.await(serveFor.toMillis(), TimeUnit.MILLISECONDS);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting (Ctrl-C); the server is closed below either way
      }
    } finally {
      Examples.deleteTree(dataDir);
    }
    out.println("RunServer: stopped, OK");
  }
}
