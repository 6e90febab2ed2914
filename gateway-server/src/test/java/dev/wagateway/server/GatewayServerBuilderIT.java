package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.ApiKeyMode;
import dev.wagateway.client.model.Capability;
import dev.wagateway.client.model.CreateApiKeyRequest;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.server.ExtraRoute.Access;
import dev.wagateway.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedder's additions through {@link GatewayServer#builder}: extra routes behind the server's
 * auth, capability check and error bodies, made with the real session host; resources closed on
 * stop and when creation fails.
 */
class GatewayServerBuilderIT {
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();
  private final List<String> closed = new ArrayList<>();
  private final AtomicReference<SessionHost> host = new AtomicReference<>();
  private Path dataDir;
  private GatewayServer server;
  private TestServer t;

  @BeforeEach
  void start() throws Exception {
    dataDir = Files.createTempDirectory("wagateway-builder-it");
    server =
        GatewayServer.builder(config(TestServer.ADMIN_KEY))
            .routes(
                h -> {
                  host.set(h);
                  return List.of(
                      new ExtraRoute(
                          "POST",
                          "/extra/echo/{name}",
                          Access.MANAGE,
                          GatewayServerBuilderIT::echo),
                      new ExtraRoute(
                          "GET",
                          "/extra/sessions/{id}",
                          Access.READ,
                          request ->
                              h.get(request.pathParam("id"))
                                  .orElseThrow(() -> RouteRequest.notFound("no such session"))
                                  .id()));
                })
            .closeOnStop(() -> closed.add("first"))
            .closeOnStop(() -> closed.add("second"))
            .create()
            .start(0);
    t = TestServer.forServer(server, http);
  }

  @AfterEach
  void stop() {
    server.stop();
    http.connectionPool().evictAll();
  }

  private ServerConfig config(String adminKey) {
    return ServerConfig.builder().adminKey(adminKey).dataDir(dataDir).build();
  }

  private static Object echo(RouteRequest request) {
    RouteRequest.JsonBody body = request.body(Set.of("text"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("org", request.orgId());
    out.put("name", request.pathParam("name"));
    out.put("text", body.string("text", 1, 5));
    return out;
  }

  @Test
  void extraRoutesAreServedBehindTheServersAuthAndErrors() throws Exception {
    assertNotNull(host.get(), "routes are made with the open session host");

    TestServer.Resp ok = t.admin("POST", "/extra/echo/alice", "{\"text\":\"hi\"}");
    assertEquals(200, ok.status(), ok.text());
    assertEquals("application/json", ok.contentType().split(";")[0]);
    assertEquals(Map.of("org", "org_default", "name", "alice", "text", "hi"), ok.json());

    TestServer.Resp anonymous = t.call("POST", "/extra/echo/alice", null, "{\"text\":\"hi\"}");
    assertEquals(401, anonymous.status());

    String reader =
        t.client(TestServer.ADMIN_KEY)
            .api()
            .createApiKey(
                new CreateApiKeyRequest("reader", ApiKeyMode.LIVE, List.of(Capability.READ), null))
            .secret();
    TestServer.Resp forbidden = t.call("POST", "/extra/echo/alice", reader, "{\"text\":\"hi\"}");
    assertEquals(403, forbidden.status(), forbidden.text());

    TestServer.Resp unknownField = t.admin("POST", "/extra/echo/alice", "{\"txt\":\"hi\"}");
    assertEquals(400, unknownField.status());
    assertEquals("validation_error", unknownField.errorCode());
    TestServer.Resp tooLong = t.admin("POST", "/extra/echo/alice", "{\"text\":\"too long\"}");
    assertEquals(400, tooLong.status());
    assertEquals("validation_error", tooLong.errorCode());

    TestServer.Resp missing = t.call("GET", "/extra/sessions/sess_nope", reader, null);
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.errorCode());
  }

  @Test
  void resourcesCloseInOrderWhenTheServerStopsAndWhenCreationFails() throws Exception {
    assertEquals(List.of(), closed);
    server.stop();
    assertEquals(List.of("first", "second"), closed);

    List<String> failed = new ArrayList<>();
    ServerConfig.ConfigException e =
        assertThrows(
            ServerConfig.ConfigException.class,
            () ->
                GatewayServer.builder(config("short"))
                    .closeOnStop(() -> failed.add("world"))
                    .create());
    assertTrue(e.getMessage().contains("at least 16 characters"), e.getMessage());
    assertEquals(List.of("world"), failed);
    server = GatewayServer.create(config(TestServer.ADMIN_KEY));
  }

  @Test
  void anExtraRoutePathMustBeAbsolute() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ExtraRoute("GET", "extra", Access.READ, request -> "x"));
    assertEquals("a route path starts with '/': extra", e.getMessage());
  }
}
