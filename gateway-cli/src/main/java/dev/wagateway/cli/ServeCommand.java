package dev.wagateway.cli;

import dev.wagateway.cli.demo.DemoWorld;
import dev.wagateway.core.GatewayException;
import dev.wagateway.server.GatewayServer;
import dev.wagateway.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wagateway serve}: runs the gateway server until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the wagateway server: REST API (/api/v1, /v1), event stream, OpenAPI at /openapi.json.",
      "",
      "The admin key comes from WAGATEWAY_ADMIN_KEY (or auth.adminKey in --config); the server",
      "refuses to start without one (at least 16 characters). It is a live key of the default",
      "organization with every capability: use it as 'Authorization: Bearer <key>'.",
      "",
      "Config file (Java properties): http.host, http.publicUrl, http.maxBodyBytes,",
      "http.ratePerSecond, http.rateBurst, auth.adminKey, auth.jwt.jwksUrl, auth.jwt.issuer,",
      "auth.jwt.audience, auth.jwt.orgClaim, auth.jwt.roleClaim, storage.dataDir,",
      "egress.proxies (comma-separated socks5:// or http:// URIs, each with ?country=xx), demo.",
      "",
      "Logs go to stderr, one line per event with the session: text, or JSON objects with",
      "--log-format json (or WAGATEWAY_LOG_FORMAT=json).",
      "",
      "--demo runs a WhatsApp simulator and a simulated phone in-process, all on loopback:",
      "  create a session     POST /api/v1/sessions  {\"name\":\"demo\"}",
      "  see its QR           GET  /api/v1/sessions/{id}/qr   (or ?format=png)",
      "  let the phone scan   POST /demo/phone/scan  {\"sessionId\":\"{id}\"}",
      "  or pair by code      POST /api/v1/sessions/{id}/pairing-code {\"phone\":\"15550100001\"}",
      "                       then POST /demo/phone/pairing-code {\"code\":\"ABCD-EFGH\"}",
      "  follow events        GET  /api/v1/events  (Server-Sent Events)",
      "Outside demo mode sessions use the configured proxies and fail closed without one."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", description = "port (default: 8080; 0 = any free)")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      description = "address to bind (default: 127.0.0.1)")
  String host;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "data directory for SQLite (default: ./data)")
  Path data;

  @Option(names = "--config", paramLabel = "FILE", description = "properties file")
  Path config;

  @Option(
      names = "--demo",
      description = "run the in-process WhatsApp simulator and a simulated phone")
  boolean demo;

  @Mixin LogFormat.Options logging;

  @Override
  public Integer call() throws InterruptedException {
    Properties props = properties();
    ServerConfig cfg = config(props);
    boolean demoMode = demo || Boolean.parseBoolean(props.getProperty("demo", "false"));
    int listenPort = port != null ? port : 8080;
    if (listenPort < 0 || listenPort > 65535) {
      throw new WagatewayCli.BadInputException("--port must be 0..65535, got " + listenPort, null);
    }
    GatewayServer server;
    try {
      server =
          (demoMode ? DemoWorld.createServer(cfg) : GatewayServer.create(cfg)).start(listenPort);
    } catch (ServerConfig.ConfigException e) {
      throw new WagatewayCli.BadInputException(e.getMessage(), e);
    } catch (GatewayException e) {
      throw new WagatewayCli.BadInputException("could not start: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  stopped.countDown();
                },
                "wagateway-serve-stop"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("wagateway listening on " + server.baseUrl());
    out.println("openapi: " + server.baseUrl() + "/openapi.json");
    if (demoMode) {
      out.println(
          "demo mode: WhatsApp simulator and a simulated phone on loopback; see 'wagateway serve --help'");
    }
    out.flush();
    stopped.await();
    return 0;
  }

  private Properties properties() {
    Properties props = new Properties();
    if (config != null) {
      try (InputStream in = Files.newInputStream(config)) {
        props.load(in);
      } catch (IOException e) {
        throw new WagatewayCli.BadInputException(
            "could not read --config " + config + ": " + e.getMessage(), e);
      }
    }
    return props;
  }

  private ServerConfig config(Properties props) {
    ServerConfig.Builder b;
    try {
      b = ServerConfig.fromProperties(props, System.getenv());
    } catch (GatewayException | IllegalArgumentException e) {
      throw new WagatewayCli.BadInputException("bad config: " + e.getMessage(), e);
    }
    ServerConfig base = b.build();
    if (host != null) {
      ServerConfig.Http h = base.http();
      b.http(
          new ServerConfig.Http(
              host, h.publicUrl(), h.maxBodyBytes(), h.ratePerSecond(), h.rateBurst()));
    }
    if (data != null) {
      b.dataDir(data);
    } else if (props.getProperty("storage.dataDir") == null) {
      b.dataDir(Path.of("data"));
    }
    return b.build();
  }
}
