package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.EgressKind;
import dev.wagateway.client.model.MessageStatus;
import dev.wagateway.client.model.MessageType;
import dev.wagateway.client.model.Session;
import dev.wagateway.client.model.SessionList;
import dev.wagateway.client.model.SessionQr;
import dev.wagateway.client.model.SessionStatus;
import dev.wagateway.client.model.WhatsAppAltEgressKind;
import dev.wagateway.client.model.WhatsAppAltSession;
import dev.wagateway.client.model.WhatsAppAltSessionStatus;
import java.time.Instant;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers decode into the generated records, enums and unions; malformed answers fail clearly. */
class ResponseDecodingTest {
  private static final byte[] PNG = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, (byte) 0xff
  };

  private ClientFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new ClientFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  @Test
  void sessionDecodesEveryPropertyAndSkipsUnknownOnes() throws Exception {
    fx.enqueueJson(
        200,
        """
                {"id":"s1","name":"Support","status":"connected","paired":true,"phone":"628123456789",
                 "jid":"628123456789:12@s.whatsapp.net","pushName":"Shop","future":{"x":[1,2]},
                 "egress":{"kind":"android","nodeId":"nd_1"},"lastError":null,
                 "lastConnectedAt":"2026-01-01T10:00:00Z","createdAt":"2026-01-01T09:00:00+02:00","updatedAt":"2026-01-01T10:00:00.5Z"}""");
    Session s = fx.api().getSession("s1");
    assertEquals("/api/v1/sessions/s1", fx.take().getPath());
    assertEquals("s1", s.id());
    assertEquals(SessionStatus.CONNECTED, s.status());
    assertEquals(true, s.paired());
    assertEquals("628123456789:12@s.whatsapp.net", s.jid());
    assertEquals(EgressKind.ANDROID, s.egress().kind());
    assertEquals("nd_1", s.egress().nodeId());
    assertNull(s.lastError());
    assertEquals(Instant.parse("2026-01-01T07:00:00Z"), s.createdAt());
    assertEquals(Instant.parse("2026-01-01T10:00:00.500Z"), s.updatedAt());
  }

  @Test
  void listAndQrAndMessage() throws Exception {
    fx.enqueueJson(
        200,
        "{\"items\":[{\"id\":\"a\",\"status\":\"pairing\",\"paired\":false,\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}],\"nextCursor\":\"n2\"}");
    fx.enqueueJson(200, "{\"code\":\"2@abc,def,ghi,jkl\",\"expiresAt\":1767225600000}");
    fx.enqueueJson(
        200,
        "{\"id\":\"m1\",\"sessionId\":\"s1\",\"to\":\"1@s.whatsapp.net\",\"type\":\"image\",\"status\":\"failed\","
            + "\"error\":{\"code\":\"media_download_failed\",\"message\":\"404 from origin\"},"
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:01Z\"}");
    SessionList list = fx.api().listSessions();
    assertEquals(1, list.items().size());
    assertEquals(SessionStatus.PAIRING, list.items().get(0).status());
    assertEquals("n2", list.nextCursor());
    SessionQr qr = fx.api().getSessionQr("a");
    assertEquals("2@abc,def,ghi,jkl", qr.code());
    assertEquals(1767225600000L, qr.expiresAt());
    var m = fx.api().getMessage("s1", "m1");
    assertEquals(MessageType.IMAGE, m.type());
    assertEquals(MessageStatus.FAILED, m.status());
    assertEquals("media_download_failed", m.error().code());
    fx.take();
    RecordedRequest qrRequest = fx.take();
    assertNull(qrRequest.getRequestUrl().queryParameter("format"));
    assertEquals("/api/v1/sessions/s1/messages/m1", fx.take().getPath());
  }

  @Test
  void altSessionDecodesSeedShape() throws Exception {
    fx.enqueueJson(
        200,
        """
                {"session":{"id":"jd7x2k3m4n5p6q7r8s9t0","displayName":"Support line","status":"qr_ready","qrCode":"2@xyz",
                 "egress":{"kind":"direct"},"lastError":null,"createdAt":"2026-01-01T00:00:00Z"}}""");
    WhatsAppAltSession s = fx.api().getWhatsAppAltSession("jd7x2k3m4n5p6q7r8s9t0").session();
    assertEquals(WhatsAppAltSessionStatus.QR_READY, s.status());
    assertEquals("2@xyz", s.qrCode());
    assertEquals(WhatsAppAltEgressKind.DIRECT, s.egress().kind());
  }

  @Test
  void pngDownloadsReturnTheBytes() throws Exception {
    fx.server.enqueue(
        new MockResponse().setHeader("Content-Type", "image/png").setBody(new Buffer().write(PNG)));
    fx.server.enqueue(
        new MockResponse().setHeader("Content-Type", "image/png").setBody(new Buffer().write(PNG)));
    assertArrayEquals(PNG, fx.api().getSessionQrPng("s1"));
    assertArrayEquals(PNG, fx.api().getWhatsAppAltEgressNodePairingQr("nd_1", 512));
    RecordedRequest qr = fx.take();
    assertEquals("/api/v1/sessions/s1/qr?format=png", qr.getPath());
    assertEquals("image/png", qr.getHeader("Accept"));
    RecordedRequest node = fx.take();
    assertEquals("/v1/whatsapp-alt/egress-nodes/nd_1/pairing-qr?size=512", node.getPath());
    assertEquals("image/png", node.getHeader("Accept"));
  }

  @Test
  void missingRequiredPropertyIsAnError() {
    fx.enqueueJson(
        200,
        "{\"id\":\"s1\",\"status\":\"stopped\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}");
    WagatewayException e = assertThrows(WagatewayException.class, () -> fx.api().getSession("s1"));
    assertEquals(WagatewayException.class, e.getClass());
    assertTrue(
        e.getMessage().contains("required property 'paired' of Session missing"), e.getMessage());
  }

  @Test
  void unknownEnumValueAndBadDatesAreErrors() {
    fx.enqueueJson(
        200,
        "{\"id\":\"s1\",\"status\":\"sleeping\",\"paired\":false,\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}");
    fx.enqueueJson(
        200,
        "{\"id\":\"s1\",\"status\":\"stopped\",\"paired\":false,\"createdAt\":\"yesterday\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}");
    fx.enqueueJson(200, "");
    assertTrue(
        assertThrows(WagatewayException.class, () -> fx.api().getSession("s1"))
            .getMessage()
            .contains("unknown SessionStatus value 'sleeping'"));
    assertTrue(
        assertThrows(WagatewayException.class, () -> fx.api().getSession("s1"))
            .getMessage()
            .contains("invalid date-time 'yesterday'"));
    WagatewayException empty =
        assertThrows(WagatewayException.class, () -> fx.api().getSession("s1"));
    assertTrue(empty.getMessage().contains("without a body"), empty.getMessage());
    assertInstanceOf(WagatewayException.class, empty);
  }
}
