package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.model.Sender;
import dev.wagateway.client.model.SenderCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressInput;
import dev.wagateway.client.model.WhatsAppAltEgressKind;
import dev.wagateway.client.model.WhatsAppAltEgressNode;
import dev.wagateway.client.model.WhatsAppAltEgressNodeCreateRequest;
import dev.wagateway.client.model.WhatsAppAltEgressNodePairingResponse;
import dev.wagateway.client.model.WhatsAppAltEgressNodeStatus;
import dev.wagateway.client.model.WhatsAppAltSession;
import dev.wagateway.client.model.WhatsAppAltSessionCreateRequest;
import dev.wagateway.client.model.WhatsAppAltSessionStatus;
import dev.wagateway.server.internal.session.SessionService.IdentityView;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Zavu-compatible family: senders, egress nodes and whatsapp-alt sessions. */
class AltApiIT {
  private TestServer t;
  private WagatewayApi api;

  @BeforeEach
  void start() throws Exception {
    t = new TestServer();
    api = t.api();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void sendersCreateListGetAndUnknownIs404() throws Exception {
    Sender s = api.createSender(new SenderCreateRequest("Store", "+56912345678"));
    assertEquals("Store", s.name());
    assertEquals("+56912345678", s.phoneNumber());
    assertTrue(s.id().startsWith("snd_"));
    assertEquals(s.id(), api.getSender(s.id()).id());
    assertEquals(List.of(s.id()), api.listSenders().items().stream().map(Sender::id).toList());

    TestServer.Resp missing = t.admin("GET", "/v1/senders/snd_nope", null);
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.json().get("code"));
    assertTrue(missing.json().containsKey("message"));
    assertNull(missing.json().get("error"));

    TestServer.Resp bad =
        t.admin("POST", "/v1/senders", "{\"name\":\"x\",\"phoneNumber\":\"56912\"}");
    assertEquals(400, bad.status());
    assertEquals("invalid_request", bad.json().get("code"));
    assertEquals(Map.of("field", "phoneNumber"), bad.json().get("details"));
    assertEquals(400, t.admin("POST", "/v1/senders", "{}").status());
  }

  @Test
  void egressNodeCreatePairingReissueQrListRevoke() throws Exception {
    Sender s = api.createSender(new SenderCreateRequest("Store", null));
    WhatsAppAltEgressNodePairingResponse created =
        api.createWhatsAppAltEgressNode(
            new WhatsAppAltEgressNodeCreateRequest(s.id(), "Store phone"));
    WhatsAppAltEgressNode node = created.node();
    assertTrue(node.id().startsWith("en_"), node.id());
    assertEquals(WhatsAppAltEgressNodeStatus.PENDING, node.status());
    assertEquals(s.id(), node.senderId());
    assertEquals("Store phone", node.label());
    assertEquals("/egress/agent", created.pairing().wsPath());
    assertEquals("ws://127.0.0.1:" + t.server.port(), created.pairing().gatewayUrl());
    assertTrue(created.pairing().expiresAt().isAfter(Instant.now()));
    assertTrue(created.pairing().token().length() > 40);

    WhatsAppAltEgressNodePairingResponse again =
        api.createWhatsAppAltEgressNodePairingToken(node.id());
    assertEquals(node.id(), again.node().id());
    assertTrue(
        !again.pairing().token().equals(created.pairing().token()), "a fresh token each time");

    byte[] png = api.getWhatsAppAltEgressNodePairingQr(node.id(), 256);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    assertEquals(
        400,
        t.admin("GET", "/v1/whatsapp-alt/egress-nodes/" + node.id() + "/pairing-qr?size=5", null)
            .status());

    assertEquals(
        List.of(node.id()),
        api.listWhatsAppAltEgressNodes().items().stream().map(WhatsAppAltEgressNode::id).toList());
    assertEquals(0, api.listWhatsAppAltEgressNodes("snd_other", null, null).items().size());
    assertEquals(node.id(), api.getWhatsAppAltEgressNode(node.id()).node().id());

    api.deleteWhatsAppAltEgressNode(node.id());
    assertEquals(404, t.admin("GET", "/v1/whatsapp-alt/egress-nodes/" + node.id(), null).status());
    assertEquals(
        404,
        t.admin("POST", "/v1/whatsapp-alt/egress-nodes/" + node.id() + "/pairing-token", null)
            .status());
    assertEquals(0, api.listWhatsAppAltEgressNodes().items().size());

    TestServer.Resp unknownSender =
        t.admin("POST", "/v1/whatsapp-alt/egress-nodes", "{\"senderId\":\"snd_missing\"}");
    assertEquals(404, unknownSender.status());
    assertEquals("not_found", unknownSender.json().get("code"));
    TestServer.Resp noSender =
        t.admin("POST", "/v1/whatsapp-alt/egress-nodes", "{\"label\":\"x\"}");
    assertEquals(400, noSender.status());
    assertEquals(Map.of("field", "senderId"), noSender.json().get("details"));
  }

  @Test
  void sessionsCreateGetListChangeEgressDelete() throws Exception {
    Sender s = api.createSender(new SenderCreateRequest("Store", null));
    WhatsAppAltSession created =
        api.createWhatsAppAltSession(
                new WhatsAppAltSessionCreateRequest("Support line", null, s.id()))
            .session();
    assertEquals(WhatsAppAltSessionStatus.INITIALIZING, created.status());
    assertEquals(WhatsAppAltEgressKind.EXTERNAL, created.egress().kind());
    assertEquals(s.id(), created.senderId());
    assertEquals(created.id(), api.getSender(s.id()).whatsappAltSessionId());

    t.sessions.issueQr(created.id(), "2@qr,code", Instant.now().plusSeconds(20));
    WhatsAppAltSession qr = api.getWhatsAppAltSession(created.id()).session();
    assertEquals(WhatsAppAltSessionStatus.QR_READY, qr.status());
    assertEquals("2@qr,code", qr.qrCode());

    t.sessions.pair(
        created.id(),
        new IdentityView("56912345678:3@s.whatsapp.net", null, 3, "56912345678", "Ana"));
    WhatsAppAltSession ready = api.getWhatsAppAltSession(created.id()).session();
    assertEquals(WhatsAppAltSessionStatus.READY, ready.status());
    assertNull(ready.qrCode());
    assertEquals("+56912345678", ready.phoneNumber());
    assertEquals("Ana", ready.pushName());

    var node =
        api.createWhatsAppAltEgressNode(new WhatsAppAltEgressNodeCreateRequest(s.id(), null))
            .node();
    WhatsAppAltSession moved =
        api.updateWhatsAppAltSessionEgress(
                created.id(),
                new WhatsAppAltEgressInput(WhatsAppAltEgressInput.Kind.ANDROID, node.id(), "CL"))
            .session();
    assertEquals(WhatsAppAltEgressKind.ANDROID, moved.egress().kind());
    assertEquals(node.id(), moved.egress().nodeId());
    assertEquals("cl", moved.egress().country());

    assertEquals(
        1,
        api.listWhatsAppAltSessions(s.id(), WhatsAppAltSessionStatus.READY, null, null)
            .items()
            .size());
    assertEquals(
        0,
        api.listWhatsAppAltSessions(null, WhatsAppAltSessionStatus.FAILED, null, null)
            .items()
            .size());
    assertEquals(400, t.admin("GET", "/v1/whatsapp-alt/sessions?status=bogus", null).status());

    api.deleteWhatsAppAltSession(created.id());
    WagatewayApiException gone =
        assertThrows(WagatewayApiException.class, () -> api.getWhatsAppAltSession(created.id()));
    assertEquals(404, gone.status());
    assertEquals("not_found", gone.code());
  }

  @Test
  void sessionValidation() throws Exception {
    Map<String, String> cases =
        Map.of(
            "{\"displayName\":\"" + "x".repeat(201) + "\"}",
            "displayName",
            "{\"egress\":{\"kind\":\"direct\"}}",
            "egress.kind",
            "{\"egress\":{\"kind\":\"satellite\"}}",
            "egress.kind",
            "{\"egress\":{}}",
            "egress.kind",
            "{\"egress\":{\"kind\":\"android\"}}",
            "egress.nodeId",
            "{\"egress\":{\"kind\":\"external\",\"country\":\"chl\"}}",
            "egress.country",
            "{\"egress\":{\"kind\":\"external\",\"country\":7}}",
            "egress.country",
            "{\"egress\":\"external\"}",
            "egress");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestServer.Resp r = t.admin("POST", "/v1/whatsapp-alt/sessions", c.getKey());
      assertEquals(400, r.status(), c.getKey());
      assertEquals("invalid_request", r.json().get("code"), c.getKey());
      assertEquals(Map.of("field", c.getValue()), r.json().get("details"), c.getKey());
    }
    TestServer.Resp direct =
        t.admin("POST", "/v1/whatsapp-alt/sessions", "{\"egress\":{\"kind\":\"direct\"}}");
    assertTrue(((String) direct.json().get("message")).contains("direct"));
    assertEquals(
        404, t.admin("POST", "/v1/whatsapp-alt/sessions", "{\"senderId\":\"snd_nope\"}").status());
    assertEquals(
        404,
        t.admin(
                "POST",
                "/v1/whatsapp-alt/sessions",
                "{\"egress\":{\"kind\":\"android\",\"nodeId\":\"nd_nope\"}}")
            .status());
    // an empty body is allowed: the default egress is external
    TestServer.Resp empty = t.admin("POST", "/v1/whatsapp-alt/sessions", null);
    assertEquals(201, empty.status());
  }
}
