package dev.wagateway.server.internal.api;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.egress.CountryResolver;
import dev.wagateway.egress.agent.EnrolmentPayload;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.NodeRegistration;
import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.auth.Principal;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Body;
import dev.wagateway.server.internal.http.Exchange;
import dev.wagateway.server.internal.http.Json;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.SessionService.NewSessionSpec;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import dev.wagateway.server.internal.store.Ids;
import dev.wagateway.server.internal.store.SenderStore.SenderRow;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Zavu-compatible family: {@code /v1/whatsapp-alt/sessions}, {@code
 * /v1/whatsapp-alt/egress-nodes} and {@code /v1/senders}. Errors are {@code {code, message,
 * details}}; test-mode keys are refused on the whatsapp-alt paths (in the dispatcher).
 */
final class AltApi {
  static final String WS_PATH = "/egress/agent";
  private static final String SESSIONS = "/v1/whatsapp-alt/sessions";
  private static final String NODES = "/v1/whatsapp-alt/egress-nodes";
  private static final String SENDERS = "/v1/senders";
  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Set<String> ALT_STATUSES =
      Set.of("disconnected", "initializing", "qr_ready", "authenticating", "ready", "failed");

  private final ApiContext ctx;

  AltApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  List<Route> routes() {
    return List.of(
        new Route("POST", SESSIONS, Capability.MANAGE, this::createSession),
        new Route("GET", SESSIONS, Capability.READ, this::listSessions),
        new Route("GET", SESSIONS + "/{sessionId}", Capability.READ, this::getSession),
        new Route("DELETE", SESSIONS + "/{sessionId}", Capability.MANAGE, this::deleteSession),
        new Route("PUT", SESSIONS + "/{sessionId}/egress", Capability.MANAGE, this::changeEgress),
        new Route("POST", NODES, Capability.MANAGE, this::createNode),
        new Route("GET", NODES, Capability.READ, this::listNodes),
        new Route("GET", NODES + "/{nodeId}", Capability.READ, this::getNode),
        new Route("DELETE", NODES + "/{nodeId}", Capability.MANAGE, this::revokeNode),
        new Route("POST", NODES + "/{nodeId}/pairing-token", Capability.MANAGE, this::reissue),
        new Route("GET", NODES + "/{nodeId}/pairing-qr", Capability.MANAGE, this::pairingQr),
        new Route("POST", SENDERS, Capability.MANAGE, this::createSender),
        new Route("GET", SENDERS, Capability.READ, this::listSenders),
        new Route("GET", SENDERS + "/{senderId}", Capability.READ, this::getSender));
  }

  // ---- sessions ----

  private Reply createSession(Exchange ex) {
    Body body = ex.json().allowOnly(Set.of("displayName", "egress", "senderId"));
    String displayName = body.optString("displayName", 0, 200);
    String senderId = body.optString("senderId", 1, 100);
    if (senderId != null) {
      sender(ex.principal(), senderId);
    }
    Body egress = body.optObject("egress");
    EgressChoice choice =
        egress == null
            ? new EgressChoice(EgressKind.EXTERNAL, null, null)
            : egressInput(ex.principal(), egress);
    SessionView created =
        ctx.sessions()
            .create(
                new NewSessionSpec(ex.principal().orgId(), senderId, displayName, choice, true));
    return Reply.json(201, Map.of("session", Views.altSession(created)));
  }

  private EgressChoice egressInput(Principal principal, Body egress) {
    egress.allowOnly(Set.of("kind", "nodeId", "country"));
    String kind = egress.optString("kind", 0, 32);
    if (kind == null) {
      throw ApiException.validation(egress.path("kind"), egress.path("kind") + " is required");
    }
    if (kind.equals("direct")) {
      throw ApiException.validation(
          egress.path("kind"),
          "direct egress (the server's own IP) gets numbers banned and is not accepted;"
              + " use external or android");
    }
    if (!kind.equals("external") && !kind.equals("android")) {
      throw ApiException.validation(
          egress.path("kind"), egress.path("kind") + " must be one of external, android");
    }
    String country = egress.optString("country", 0, 8);
    if (country != null) {
      if (!COUNTRY.matcher(country).matches()) {
        throw ApiException.validation(
            egress.path("country"), "egress.country must be a 2-letter ISO 3166-1 code");
      }
      country = country.toLowerCase(Locale.ROOT);
    }
    String nodeId = egress.optString("nodeId", 1, 100);
    if (kind.equals("android")) {
      if (nodeId == null) {
        throw ApiException.validation(
            egress.path("nodeId"), "egress.nodeId is required when kind is android");
      }
      ctx.node(principal, nodeId);
      return new EgressChoice(EgressKind.ANDROID, nodeId, country);
    }
    if (nodeId != null) {
      throw ApiException.validation(
          egress.path("nodeId"), "egress.nodeId is only accepted when kind is android");
    }
    return new EgressChoice(EgressKind.EXTERNAL, null, country);
  }

  private Reply listSessions(Exchange ex) {
    String senderId = ex.query("senderId");
    String status = ex.query("status");
    if (status != null && !ALT_STATUSES.contains(status)) {
      throw ApiException.validation("status", "status is not a session status");
    }
    List<SessionView> all =
        ctx.sessions().list(ex.principal().orgId()).stream()
            .filter(s -> senderId == null || senderId.equals(s.senderId()))
            .filter(s -> status == null || status.equals(s.status()))
            .sorted(
                Comparator.comparing(SessionView::createdAt)
                    .reversed()
                    .thenComparing(SessionView::id))
            .toList();
    return Reply.ok(Page.of(ex, all, Views::altSession));
  }

  private Reply getSession(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("sessionId"));
    return Reply.ok(Map.of("session", Views.altSession(s)));
  }

  private Reply deleteSession(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("sessionId"));
    ctx.sessions().delete(s.id());
    return Reply.noContent();
  }

  private Reply changeEgress(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("sessionId"));
    EgressChoice choice = egressInput(ex.principal(), ex.json());
    return Reply.ok(
        Map.of("session", Views.altSession(ctx.sessions().changeEgress(s.id(), choice))));
  }

  // ---- egress nodes ----

  private Reply createNode(Exchange ex) {
    Body body = ex.json().allowOnly(Set.of("senderId", "label"));
    String senderId = body.string("senderId", 1, 100);
    String label = body.optString("label", 0, 100);
    SenderRow sender = sender(ex.principal(), senderId);
    String expectedCountry = null;
    if (sender.phoneNumber() != null) {
      try {
        expectedCountry = CountryResolver.countryOf(sender.phoneNumber());
      } catch (RuntimeException e) {
        expectedCountry = null;
      }
    }
    NodeRegistration registration =
        ctx.nodes()
            .register(
                ex.principal().orgId(),
                senderId,
                label == null || label.isBlank() ? "Android egress node" : label,
                expectedCountry,
                ctx.pairingTokenTtl());
    return Reply.json(201, pairingResponse(registration.node(), registration.enrolment()));
  }

  private Map<String, Object> pairingResponse(EgressNode node, EnrolmentPayload payload) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", Views.node(node));
    out.put("pairing", pairing(payload));
    return out;
  }

  /** The pairing object: the token, where to dial (this server's public URL) and the path. */
  private Map<String, Object> pairing(EnrolmentPayload payload) {
    Map<String, Object> pairing = new LinkedHashMap<>();
    pairing.put("token", payload.token());
    pairing.put("gatewayUrl", ctx.gatewayUrl().get());
    pairing.put("wsPath", WS_PATH);
    pairing.put("expiresAt", payload.expiresAt().toString());
    return pairing;
  }

  private Reply listNodes(Exchange ex) {
    String senderId = ex.query("senderId");
    List<EgressNode> nodes =
        ctx.nodes().list(ex.principal().orgId()).stream()
            .filter(n -> n.status() != EgressNode.Status.REVOKED)
            .filter(n -> senderId == null || senderId.equals(n.senderId()))
            .sorted(
                Comparator.comparing(EgressNode::createdAt)
                    .reversed()
                    .thenComparing(EgressNode::id))
            .toList();
    return Reply.ok(Page.of(ex, nodes, Views::node));
  }

  private Reply getNode(Exchange ex) {
    return Reply.ok(Map.of("node", Views.node(ctx.node(ex.principal(), ex.path("nodeId")))));
  }

  private Reply revokeNode(Exchange ex) {
    EgressNode node = ctx.node(ex.principal(), ex.path("nodeId"));
    ctx.nodes().revoke(node.id());
    return Reply.noContent();
  }

  private Reply reissue(Exchange ex) {
    EgressNode node = ctx.node(ex.principal(), ex.path("nodeId"));
    EnrolmentPayload payload = ctx.nodes().reissue(node.id(), ctx.pairingTokenTtl());
    EgressNode after = ctx.nodes().find(node.id()).orElse(node);
    return Reply.ok(pairingResponse(after, payload));
  }

  private Reply pairingQr(Exchange ex) {
    int size = 320;
    String raw = ex.query("size");
    if (raw != null) {
      try {
        size = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw ApiException.validation("size", "size must be an integer 128..1024");
      }
      if (size < 128 || size > 1024) {
        throw ApiException.validation("size", "size must be an integer 128..1024");
      }
    }
    EgressNode node = ctx.node(ex.principal(), ex.path("nodeId"));
    EnrolmentPayload payload = ctx.nodes().reissue(node.id(), ctx.pairingTokenTtl());
    Map<String, Object> qr = new LinkedHashMap<>();
    qr.put("token", payload.token());
    qr.put("gatewayUrl", ctx.gatewayUrl().get());
    qr.put("wsPath", WS_PATH);
    return Reply.bytes(
        "image/png",
        QrPng.render(Json.write(qr), size),
        Map.of("X-Pairing-Expires-At", payload.expiresAt().toString()));
  }

  // ---- senders ----

  private SenderRow sender(Principal principal, String id) {
    return ctx.senders()
        .get(principal.orgId(), id)
        .orElseThrow(() -> ApiException.notFound("sender not found"));
  }

  private Reply createSender(Exchange ex) {
    Body body = ex.json().allowOnly(Set.of("name", "phoneNumber"));
    String name = body.string("name", 1, 100);
    String phone = body.optString("phoneNumber", 0, 16);
    if (phone != null && !E164.matcher(phone).matches()) {
      throw ApiException.validation("phoneNumber", "phoneNumber must be E.164, e.g. +56912345678");
    }
    long now = ctx.clock().millis();
    SenderRow row = new SenderRow(Ids.next("snd"), ex.principal().orgId(), name, phone, now, now);
    ctx.senders().insert(row);
    return Reply.json(201, Views.sender(row, null));
  }

  private Reply listSenders(Exchange ex) {
    List<SessionView> sessions = ctx.sessions().list(ex.principal().orgId());
    return Reply.ok(
        Page.of(
            ex,
            ctx.senders().list(ex.principal().orgId()),
            row -> Views.sender(row, sessionOf(sessions, row.id()))));
  }

  private Reply getSender(Exchange ex) {
    SenderRow row = sender(ex.principal(), ex.path("senderId"));
    return Reply.ok(
        Views.sender(row, sessionOf(ctx.sessions().list(ex.principal().orgId()), row.id())));
  }

  /** The newest session serving the sender, or null. */
  private static String sessionOf(List<SessionView> sessions, String senderId) {
    return sessions.stream()
        .filter(s -> senderId.equals(s.senderId()))
        .max(Comparator.comparing(SessionView::createdAt))
        .map(SessionView::id)
        .orElse(null);
  }
}
