package dev.wagateway.cli.demo;

import dev.wagateway.core.QrCode;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.server.ExtraRoute;
import dev.wagateway.server.ExtraRoute.Access;
import dev.wagateway.server.RouteRequest;
import dev.wagateway.testkit.Paired;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Demo-only routes (served only with {@code --demo}) that drive the simulated phone:
 *
 * <ul>
 *   <li>{@code GET /demo/phone}: the phone's number, name and linked devices;
 *   <li>{@code POST /demo/phone/scan {"sessionId"}}: the phone scans the session's current QR;
 *   <li>{@code POST /demo/phone/pairing-code {"code"}}: the user types a pairing code on the phone;
 *   <li>{@code POST /demo/contact/send {"sessionId", "text"}}: the demo contact sends a text to the
 *       session's account.
 * </ul>
 */
final class DemoApi {
  private final DemoWorld world;
  private final SessionHost sessions;

  DemoApi(DemoWorld world, SessionHost sessions) {
    this.world = world;
    this.sessions = sessions;
  }

  List<ExtraRoute> routes() {
    return List.of(
        new ExtraRoute("GET", "/demo/phone", Access.READ, request -> phone()),
        new ExtraRoute("POST", "/demo/phone/scan", Access.MANAGE, this::scan),
        new ExtraRoute(
            "POST",
            "/demo/phone/pairing-code",
            Access.MANAGE,
            request -> {
              String code = request.body(Set.of("code")).string("code", 8, 9);
              return outcome(world.phone().enterPairingCode(code));
            }),
        new ExtraRoute("POST", "/demo/contact/send", Access.SEND, this::contactSend));
  }

  private Object scan(RouteRequest request) {
    String id = request.body(Set.of("sessionId")).string("sessionId", 1, 100);
    SessionInfo s = session(request, id);
    QrCode qr =
        sessions
            .currentQr(s.id())
            .orElseThrow(() -> RouteRequest.notFound("the session shows no QR code now"));
    return outcome(world.phone().scanQr(qr.code()));
  }

  private Object contactSend(RouteRequest request) {
    RouteRequest.JsonBody body = request.body(Set.of("sessionId", "text"));
    String id = body.string("sessionId", 1, 100);
    String text = body.string("text", 1, 65536);
    SessionInfo s = session(request, id);
    if (s.identity() == null) {
      throw RouteRequest.conflict("session is not paired; link it with the demo phone first");
    }
    String to = userJid(s.identity().jid());
    String messageId = world.contact().send(to, new MessageContent.Text(text));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("messageId", messageId);
    out.put("from", world.contact().jid());
    out.put("to", to);
    return out;
  }

  /** The session {@code id} of the caller's organization, else 404. */
  private SessionInfo session(RouteRequest request, String id) {
    return sessions
        .get(id)
        .filter(s -> s.orgId().equals(request.orgId()))
        .orElseThrow(() -> RouteRequest.notFound("session not found"));
  }

  /** {@code 15550100001:3@s.whatsapp.net} becomes {@code 15550100001@s.whatsapp.net}. */
  private static String userJid(String deviceJid) {
    int at = deviceJid.indexOf('@');
    int colon = deviceJid.indexOf(':');
    return colon >= 0 && colon < at
        ? deviceJid.substring(0, colon) + deviceJid.substring(at)
        : deviceJid;
  }

  private Map<String, Object> phone() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phone", world.phone().phoneDigits());
    out.put("pushName", world.phone().pushName());
    out.put("jid", world.phone().jid());
    out.put("linkedDevices", world.phone().linkedDevices().size());
    return out;
  }

  private static Map<String, Object> outcome(Paired paired) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outcome", paired.outcome().name().toLowerCase(Locale.ROOT));
    return out;
  }
}
