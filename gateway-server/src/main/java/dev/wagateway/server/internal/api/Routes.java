package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.http.Route;
import java.util.ArrayList;
import java.util.List;

/** Every route the server serves. */
public final class Routes {
  private Routes() {}

  public static List<Route> all(ApiContext ctx) {
    List<Route> routes = new ArrayList<>();
    routes.addAll(new MetaApi(ctx).routes());
    routes.addAll(new GatewaySessionsApi(ctx).routes());
    routes.addAll(new GatewayMessagesApi(ctx).routes());
    routes.addAll(new EventsApi(ctx).routes());
    routes.addAll(new AdminApi(ctx).routes());
    routes.addAll(new AltApi(ctx).routes());
    return routes;
  }
}
