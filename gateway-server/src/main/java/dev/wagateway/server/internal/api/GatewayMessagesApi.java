package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.http.ApiException;
import dev.wagateway.server.internal.http.Body;
import dev.wagateway.server.internal.http.Exchange;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.SessionService.MessageView;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The gateway family's messages: {@code /api/v1/sessions/{session}/messages...}. */
final class GatewayMessagesApi {
  private static final Pattern PHONE = Pattern.compile("[1-9][0-9]{6,14}");
  private static final Pattern JID =
      Pattern.compile("[0-9A-Za-z.:_-]{1,64}@(s\\.whatsapp\\.net|g\\.us|lid)");
  private static final Set<String> SENDABLE_STATUSES = Set.of("connected", "reconnecting");
  private static final String BASE = "/api/v1/sessions/{session}/messages";

  private final ApiContext ctx;

  GatewayMessagesApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  List<Route> routes() {
    return List.of(
        new Route("POST", BASE, Capability.SEND, this::send),
        new Route("GET", BASE + "/{messageId}", Capability.READ, this::get));
  }

  private Reply send(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    Body body = ex.json();
    String type = body.optEnum("type", Set.of("text", "reaction", "image", "video", "audio",
        "document", "sticker"));
    if (type == null) {
      throw ApiException.validation("type", "type is required");
    }
    if (!type.equals("text")) {
      throw ApiException.validation("type", "type " + type + " is not accepted by this server");
    }
    body.allowOnly(Set.of("type", "to", "text"));
    String to = recipient(body.string("to", 1, 128));
    String text = body.string("text", 1, 65536);
    String status =
        Views.gatewayStatus(s.status(), s.desiredStarted(), s.lastError(), s.identity() != null);
    if (!SENDABLE_STATUSES.contains(status)) {
      throw ApiException.conflict(
          "session is " + status + "; it must be connected or reconnecting to send");
    }
    return Reply.json(202, message(ctx.sessions().sendText(s.id(), to, text)));
  }

  private Reply get(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    return Reply.ok(
        message(
            ctx.sessions()
                .message(s.id(), ex.path("messageId"))
                .orElseThrow(() -> ApiException.notFound("message not found"))));
  }

  /** Phone digits become a user JID; a JID passes as it is. */
  static String recipient(String to) {
    if (PHONE.matcher(to).matches()) {
      return to + "@s.whatsapp.net";
    }
    if (JID.matcher(to).matches()) {
      return to;
    }
    throw ApiException.validation(
        "to", "to must be international digits without + (e.g. 628123456789) or a JID");
  }

  static Map<String, Object> message(MessageView m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("sessionId", m.sessionId());
    out.put("to", m.to());
    out.put("type", m.type());
    out.put("status", m.status());
    if ("failed".equals(m.status())) {
      out.put(
          "error",
          Map.of("code", "send_failed", "message", "the message could not be sent; see the message.failed event"));
    }
    out.put("createdAt", Views.time(m.createdAt()));
    out.put("updatedAt", Views.time(m.updatedAt()));
    return out;
  }
}
