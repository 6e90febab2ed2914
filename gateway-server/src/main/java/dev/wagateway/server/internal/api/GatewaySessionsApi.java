package dev.wagateway.server.internal.api;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException;
import dev.wagateway.egress.ProxyEndpoint;
import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Body;
import dev.wagateway.server.internal.http.Exchange;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.SessionService.NewSessionSpec;
import dev.wagateway.server.internal.session.SessionService.QrView;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The gateway family's sessions: {@code /api/v1/sessions...}. */
final class GatewaySessionsApi {
  private static final Pattern PHONE = Pattern.compile("[1-9][0-9]{6,14}");
  private static final String BASE = "/api/v1/sessions";

  private final ApiContext ctx;

  GatewaySessionsApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  List<Route> routes() {
    return List.of(
        new Route("POST", BASE, Capability.MANAGE, this::create),
        new Route("GET", BASE, Capability.READ, this::list),
        new Route("GET", BASE + "/{session}", Capability.READ, this::get),
        new Route("DELETE", BASE + "/{session}", Capability.MANAGE, this::delete),
        new Route("POST", BASE + "/{session}:start", Capability.MANAGE, this::start),
        new Route("POST", BASE + "/{session}:stop", Capability.MANAGE, this::stop),
        new Route("POST", BASE + "/{session}/logout", Capability.MANAGE, this::logout),
        new Route("GET", BASE + "/{session}/qr", Capability.MANAGE, this::qr),
        new Route("POST", BASE + "/{session}/pairing-code", Capability.MANAGE, this::pairingCode),
        new Route("GET", BASE + "/{session}/me", Capability.READ, this::me));
  }

  private Reply create(Exchange ex) {
    Body body = ex.json().allowOnly(Set.of("name", "egress", "autoStart"));
    String name = body.optString("name", 0, 200);
    EgressChoice egress = egress(ex, body.optObject("egress"));
    Boolean autoStart = body.optBoolean("autoStart");
    SessionView created =
        ctx.sessions()
            .create(
                new NewSessionSpec(
                    ex.principal().orgId(), null, name, egress, autoStart == null || autoStart));
    return Reply.json(201, Views.gatewaySession(created));
  }

  private EgressChoice egress(Exchange ex, Body egress) {
    if (egress == null) {
      return new EgressChoice(EgressKind.EXTERNAL, null, null);
    }
    egress.allowOnly(Set.of("kind", "proxyUrl", "nodeId"));
    String kind = egress.optEnum("kind", Set.of("proxy", "android"));
    if (kind == null) {
      throw ApiException.validation(egress.path("kind"), egress.path("kind") + " is required");
    }
    if (kind.equals("proxy")) {
      String url = egress.string("proxyUrl", 1, 2048);
      ProxyEndpoint proxy;
      try {
        proxy = ProxyEndpoint.parse(url);
      } catch (GatewayException | IllegalArgumentException e) {
        // The parser's message can quote the URL, password included: never echoed.
        throw ApiException.validation(
            egress.path("proxyUrl"),
            "egress.proxyUrl is not a proxy URL (socks5:// or http://, host and port)");
      }
      if (!ctx.allowPrivateProxyTargets()) {
        ProxyTargets.requirePublic(proxy.host(), egress.path("proxyUrl"));
      }
      return new EgressChoice(EgressKind.EXTERNAL, url, null);
    }
    String nodeId = egress.string("nodeId", 1, 100);
    ctx.node(ex.principal(), nodeId);
    return new EgressChoice(EgressKind.ANDROID, nodeId, null);
  }

  private Reply list(Exchange ex) {
    List<SessionView> all =
        ctx.sessions().list(ex.principal().orgId()).stream()
            .sorted(
                Comparator.comparing(SessionView::createdAt)
                    .reversed()
                    .thenComparing(SessionView::id))
            .toList();
    return Reply.ok(Page.of(ex, all, Views::gatewaySession));
  }

  private Reply get(Exchange ex) {
    return Reply.ok(Views.gatewaySession(ctx.session(ex.principal(), ex.path("session"))));
  }

  private Reply delete(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    ctx.sessions().delete(s.id());
    return Reply.noContent();
  }

  private Reply start(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    return Reply.ok(Views.gatewaySession(ctx.sessions().start(s.id())));
  }

  private Reply stop(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    return Reply.ok(Views.gatewaySession(ctx.sessions().stop(s.id())));
  }

  private Reply logout(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    return Reply.ok(Views.gatewaySession(ctx.sessions().logout(s.id())));
  }

  private Reply qr(Exchange ex) {
    String format = ex.query("format");
    if (format != null && !format.equals("json") && !format.equals("png")) {
      throw ApiException.validation("format", "format must be json or png");
    }
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    if (s.identity() != null) {
      throw ApiException.validationReason(
          "already_paired", "session is already paired; log out to pair again");
    }
    Optional<QrView> qr = ctx.sessions().currentQr(s.id());
    if (qr.isEmpty()) {
      if (!s.desiredStarted() || "failed".equals(s.status())) {
        ctx.sessions().start(s.id());
      }
      throw ApiException.notFound("no QR code yet; pairing has started, retry shortly");
    }
    QrView code = qr.get();
    if ("png".equals(format)) {
      return Reply.bytes(
          "image/png",
          QrPng.render(code.code(), 320),
          Map.of("X-Qr-Expires-At", Long.toString(code.expiresAt().toEpochMilli())));
    }
    return Reply.ok(Map.of("code", code.code(), "expiresAt", code.expiresAt().toEpochMilli()));
  }

  private Reply pairingCode(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    Body body = ex.json().allowOnly(Set.of("phone"));
    String phone = body.string("phone", 1, 32);
    if (!PHONE.matcher(phone).matches()) {
      throw ApiException.validation(
          "phone", "phone must be international digits without + (e.g. 628123456789)");
    }
    if (s.identity() != null) {
      throw ApiException.validationReason(
          "already_paired", "session is already paired; log out to pair again");
    }
    if (!s.desiredStarted()) {
      ctx.sessions().start(s.id());
    }
    String code = ctx.sessions().requestPairingCode(s.id(), phone);
    return Reply.ok(Map.of("code", code));
  }

  private Reply me(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    if (s.identity() == null) {
      throw ApiException.notFound("session is not paired");
    }
    return Reply.ok(Views.identity(s.identity()));
  }
}
