package dev.wagateway.server.internal.demo;

import dev.wagateway.core.message.MessageContent;
import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Body;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.session.SessionService.QrView;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import dev.wagateway.testkit.Paired;
import java.util.LinkedHashMap;
import java.util.List;
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
public final class DemoApi {
  private final DemoWorld world;
  private final SessionService sessions;

  public DemoApi(DemoWorld world, SessionService sessions) {
    this.world = world;
    this.sessions = sessions;
  }

  public List<Route> routes() {
    return List.of(
        new Route("GET", "/demo/phone", Capability.READ, ex -> Reply.ok(phone())),
        new Route(
            "POST",
            "/demo/phone/scan",
            Capability.MANAGE,
            ex -> {
              Body body = ex.json().allowOnly(Set.of("sessionId"));
              String id = body.string("sessionId", 1, 100);
              SessionView s =
                  sessions
                      .get(id)
                      .filter(v -> v.orgId().equals(ex.principal().orgId()))
                      .orElseThrow(() -> ApiException.notFound("session not found"));
              QrView qr =
                  sessions
                      .currentQr(s.id())
                      .orElseThrow(() -> ApiException.notFound("the session shows no QR code now"));
              return Reply.ok(outcome(world.phone().scanQr(qr.code())));
            }),
        new Route(
            "POST",
            "/demo/phone/pairing-code",
            Capability.MANAGE,
            ex -> {
              Body body = ex.json().allowOnly(Set.of("code"));
              String code = body.string("code", 8, 9);
              return Reply.ok(outcome(world.phone().enterPairingCode(code)));
            }),
        new Route("POST", "/demo/contact/send", Capability.SEND, ex -> {
          Body body = ex.json().allowOnly(Set.of("sessionId", "text"));
          String id = body.string("sessionId", 1, 100);
          String text = body.string("text", 1, 65536);
          SessionView s =
              sessions
                  .get(id)
                  .filter(v -> v.orgId().equals(ex.principal().orgId()))
                  .orElseThrow(() -> ApiException.notFound("session not found"));
          if (s.identity() == null) {
            throw ApiException.conflict("session is not paired; link it with the demo phone first");
          }
          String to = userJid(s.identity().jid());
          String messageId = world.contact().send(to, new MessageContent.Text(text));
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("messageId", messageId);
          out.put("from", world.contact().jid());
          out.put("to", to);
          return Reply.ok(out);
        }));
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
    out.put("outcome", paired.outcome().name().toLowerCase(java.util.Locale.ROOT));
    return out;
  }
}
