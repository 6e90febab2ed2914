package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public routes: {@code /healthz} and the OpenAPI document. */
final class MetaApi {
  private final ApiContext ctx;

  MetaApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  List<Route> routes() {
    return List.of(
        new Route(
            "GET",
            "/healthz",
            null,
            ex -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("status", "ok");
              out.put("version", ctx.version());
              return Reply.ok(out);
            }),
        new Route(
            "GET",
            "/openapi.json",
            null,
            ex -> Reply.bytes("application/json", ctx.openApiDocument(), Map.of())));
  }
}
