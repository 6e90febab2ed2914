package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.EgressKind;
import dev.wagateway.client.model.EgressSpec;
import dev.wagateway.client.model.FileUpload;
import dev.wagateway.client.model.MediaType;
import dev.wagateway.client.model.PairingCodeRequest;
import dev.wagateway.client.model.SendMediaMessage;
import dev.wagateway.client.model.SendMediaUpload;
import dev.wagateway.client.model.SendReactionMessage;
import dev.wagateway.client.model.SendTextMessage;
import dev.wagateway.client.model.WhatsAppAltEgressInput;
import dev.wagateway.client.model.WhatsAppAltEgressNodeCreateRequest;
import dev.wagateway.client.model.WhatsAppAltSessionCreateRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes on the wire: method, path, query, headers and exact JSON body bytes. */
class RequestSerializationTest {
  private static final String SESSION =
      """
            {"id":"s1","status":"stopped","paired":false,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""";
  private static final String MESSAGE =
      """
            {"id":"m1","sessionId":"s1","to":"628123456789@s.whatsapp.net","type":"text","status":"pending",
             "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""";

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
  void createSessionSendsJsonBodyWithBearerToken() throws Exception {
    fx.enqueueJson(201, SESSION);
    fx.api()
        .createSession(
            CreateSessionRequest.builder()
                .name("Support")
                .egress(
                    EgressSpec.builder().kind(EgressKind.PROXY).proxyUrl("socks5://p:1080").build())
                .autoStart(false)
                .build());
    RecordedRequest r = fx.take();
    assertEquals("POST", r.getMethod());
    assertEquals("/api/v1/sessions", r.getPath());
    assertEquals("Bearer " + ClientFixture.TOKEN, r.getHeader("Authorization"));
    assertEquals("application/json", r.getHeader("Accept"));
    assertEquals("application/json; charset=utf-8", r.getHeader("Content-Type"));
    assertTrue(r.getHeader("User-Agent").startsWith("wagateway-java/"));
    assertEquals(
        "{\"name\":\"Support\",\"egress\":{\"kind\":\"proxy\",\"proxyUrl\":\"socks5://p:1080\"},\"autoStart\":false}",
        r.getBody().readUtf8());
  }

  @Test
  void pathParametersAreEncodedAsOneSegmentAndColonActionsKept() throws Exception {
    fx.enqueueJson(200, SESSION);
    fx.enqueueJson(200, SESSION);
    fx.enqueueJson(200, SESSION);
    fx.api().startSession("a/b c");
    fx.api().stopSession("s1");
    fx.api().logoutSession("s1");
    RecordedRequest start = fx.take();
    assertEquals("POST", start.getMethod());
    assertEquals("/api/v1/sessions/a%2Fb%20c:start", start.getPath());
    assertEquals(0, start.getBodySize());
    assertEquals("/api/v1/sessions/s1:stop", fx.take().getPath());
    assertEquals("/api/v1/sessions/s1/logout", fx.take().getPath());
  }

  @Test
  void queryParametersAreOmittedWhenNullAndSentWhenSet() throws Exception {
    fx.enqueueJson(200, "{\"items\":[]}");
    fx.enqueueJson(200, "{\"items\":[],\"nextCursor\":null}");
    fx.api().listSessions();
    fx.api().listSessions(25, "c/2");
    assertEquals("/api/v1/sessions", fx.take().getPath());
    RecordedRequest second = fx.take();
    assertEquals("25", second.getRequestUrl().queryParameter("limit"));
    assertEquals("c/2", second.getRequestUrl().queryParameter("cursor"));
    assertEquals("GET", second.getMethod());
  }

  @Test
  void sendMessageWritesEachVariantWithItsDiscriminator() throws Exception {
    fx.enqueueJson(202, MESSAGE);
    fx.enqueueJson(202, MESSAGE);
    fx.enqueueJson(202, MESSAGE);
    fx.api()
        .sendMessage(
            "s1",
            SendTextMessage.builder()
                .to("628123456789")
                .text("Hello\n\"you\"")
                .replyTo("m0")
                .build());
    fx.api()
        .sendMessage(
            "s1",
            SendReactionMessage.builder()
                .to("628123456789")
                .messageId("m0")
                .emoji("\uD83D\uDC4D")
                .build());
    fx.api()
        .sendMessage(
            "s1",
            SendMediaMessage.builder()
                .type(MediaType.IMAGE)
                .to("628123456789")
                .mediaUrl("https://example.com/a.jpg")
                .caption("Receipt")
                .build(),
            "key-1");
    RecordedRequest text = fx.take();
    assertEquals("/api/v1/sessions/s1/messages", text.getPath());
    assertEquals(
        "{\"type\":\"text\",\"to\":\"628123456789\",\"text\":\"Hello\\n\\\"you\\\"\",\"replyTo\":\"m0\"}",
        text.getBody().readUtf8());
    assertNull(text.getHeader("Idempotency-Key"));
    RecordedRequest reaction = fx.take();
    assertArrayEquals(
        "{\"type\":\"reaction\",\"to\":\"628123456789\",\"messageId\":\"m0\",\"emoji\":\"\uD83D\uDC4D\"}"
            .getBytes(StandardCharsets.UTF_8),
        reaction.getBody().readByteArray());
    RecordedRequest media = fx.take();
    assertEquals("key-1", media.getHeader("Idempotency-Key"));
    assertEquals(
        "{\"type\":\"image\",\"to\":\"628123456789\",\"mediaUrl\":\"https://example.com/a.jpg\",\"caption\":\"Receipt\"}",
        media.getBody().readUtf8());
  }

  @Test
  void mediaUploadIsMultipartWithFilePart() throws Exception {
    fx.enqueueJson(202, MESSAGE);
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0x00, 0x10};
    fx.api()
        .sendMediaUpload(
            "s1",
            SendMediaUpload.builder()
                .file(FileUpload.of("a.jpg", "image/jpeg", jpeg))
                .type(MediaType.IMAGE)
                .to("628123456789")
                .caption("Hi")
                .voiceNote(false)
                .build());
    RecordedRequest r = fx.take();
    assertEquals("/api/v1/sessions/s1/messages/media", r.getPath());
    String contentType = r.getHeader("Content-Type");
    assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
    String boundary = contentType.substring(contentType.indexOf("boundary=") + 9);
    String body = r.getBody().readString(StandardCharsets.ISO_8859_1);
    String expected =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
            + "Content-Type: image/jpeg\r\nContent-Length: 5\r\n\r\n"
            + new String(jpeg, StandardCharsets.ISO_8859_1)
            + "\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"type\"\r\nContent-Length: 5\r\n\r\nimage\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"to\"\r\nContent-Length: 12\r\n\r\n628123456789\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"caption\"\r\nContent-Length: 2\r\n\r\nHi\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"voiceNote\"\r\nContent-Length: 5\r\n\r\nfalse\r\n"
            + "--"
            + boundary
            + "--\r\n";
    assertEquals(expected, body);
  }

  @Test
  void deleteAnswersWithoutContent() throws Exception {
    fx.server.enqueue(new MockResponse().setResponseCode(204));
    fx.api().deleteSession("s1");
    RecordedRequest r = fx.take();
    assertEquals("DELETE", r.getMethod());
    assertEquals("/api/v1/sessions/s1", r.getPath());
    assertEquals(0, r.getBodySize());
  }

  @Test
  void pairingCodeAndAltFamilyBodies() throws Exception {
    fx.enqueueJson(200, "{\"code\":\"ABCD-1234\"}");
    fx.enqueueJson(
        201,
        "{\"session\":{\"id\":\"w1\",\"status\":\"initializing\",\"egress\":{\"kind\":\"external\"},\"createdAt\":\"2026-01-01T00:00:00Z\"}}");
    fx.enqueueJson(
        201,
        "{\"session\":{\"id\":\"w2\",\"status\":\"initializing\",\"egress\":{\"kind\":\"android\",\"nodeId\":\"nd_1\"},\"createdAt\":\"2026-01-01T00:00:00Z\"}}");
    fx.enqueueJson(
        200,
        "{\"session\":{\"id\":\"w2\",\"status\":\"ready\",\"egress\":{\"kind\":\"external\"},\"createdAt\":\"2026-01-01T00:00:00Z\"}}");
    fx.enqueueJson(
        201,
        "{\"node\":{\"id\":\"nd_1\",\"senderId\":\"sender_1\",\"status\":\"pending\",\"createdAt\":\"2026-01-01T00:00:00Z\"},"
            + "\"pairing\":{\"token\":\"t\",\"gatewayUrl\":\"wss://gw.example\",\"wsPath\":\"/egress/agent\",\"expiresAt\":\"2026-01-01T00:10:00Z\"}}");

    assertEquals(
        "ABCD-1234",
        fx.api()
            .requestPairingCode("s1", PairingCodeRequest.builder().phone("628123456789").build())
            .code());
    fx.api().createWhatsAppAltSession();
    fx.api()
        .createWhatsAppAltSession(
            WhatsAppAltSessionCreateRequest.builder()
                .displayName("Support line")
                .egress(
                    WhatsAppAltEgressInput.builder()
                        .kind(WhatsAppAltEgressInput.Kind.ANDROID)
                        .nodeId("nd_1")
                        .country("cl")
                        .build())
                .build());
    fx.api()
        .updateWhatsAppAltSessionEgress(
            "w2",
            WhatsAppAltEgressInput.builder().kind(WhatsAppAltEgressInput.Kind.EXTERNAL).build());
    fx.api()
        .createWhatsAppAltEgressNode(
            WhatsAppAltEgressNodeCreateRequest.builder()
                .senderId("sender_1")
                .label("Store")
                .build());

    RecordedRequest pairing = fx.take();
    assertEquals("/api/v1/sessions/s1/pairing-code", pairing.getPath());
    assertEquals("{\"phone\":\"628123456789\"}", pairing.getBody().readUtf8());
    RecordedRequest bare = fx.take();
    assertEquals("/v1/whatsapp-alt/sessions", bare.getPath());
    assertEquals(0, bare.getBodySize());
    assertEquals(
        "{\"displayName\":\"Support line\",\"egress\":{\"kind\":\"android\",\"nodeId\":\"nd_1\",\"country\":\"cl\"}}",
        fx.take().getBody().readUtf8());
    RecordedRequest put = fx.take();
    assertEquals("PUT", put.getMethod());
    assertEquals("/v1/whatsapp-alt/sessions/w2/egress", put.getPath());
    assertEquals("{\"kind\":\"external\"}", put.getBody().readUtf8());
    assertEquals("{\"senderId\":\"sender_1\",\"label\":\"Store\"}", fx.take().getBody().readUtf8());
  }

  @Test
  void requiredValuesAreCheckedBeforeSending() {
    assertThrows(NullPointerException.class, () -> SendTextMessage.builder().to("1").build());
    assertThrows(NullPointerException.class, () -> fx.api().getSession(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> SendTextMessage.builder().type("reaction").to("1").text("x").build());
    assertEquals(0, fx.server.getRequestCount());
  }

  @Test
  void arrayQueryParametersAreCommaSeparated() throws Exception {
    var request =
        fx.api()
            .streamEventsRequest(
                "s1",
                List.of(
                    dev.wagateway.client.model.EventType.MESSAGE_RECEIVED,
                    dev.wagateway.client.model.EventType.AUTH_QR),
                "e9");
    assertEquals("/api/v1/events", request.path());
    assertEquals(
        List.of(
            java.util.Map.entry("session", "s1"),
            java.util.Map.entry("types", "message.received,auth.qr")),
        request.query());
    assertEquals("e9", request.headers().get("Last-Event-ID"));
    assertEquals("text/event-stream", request.accept());
  }
}
