package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.WagatewayClient;
import dev.wagateway.client.model.FileUpload;
import dev.wagateway.client.model.Message;
import dev.wagateway.client.model.SendMediaUpload;
import dev.wagateway.client.model.SendReactionMessage;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.internal.session.HostSessionService;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedContact;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The message endpoints over real HTTP against the real session layer and the WhatsApp simulator: a
 * paired session sends text, a reply, a reaction, media fetched by URL (through the session's
 * egress) and media uploaded as multipart, and the simulated contact decrypts each; limits,
 * Idempotency-Key replays, and message status that survives a server restart on the same data
 * directory.
 */
class MessagingEndpointsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final MediaType JSON = MediaType.get("application/json");

  private WaSimulator simulator;
  private SimulatedPhone phone;
  private SimulatedContact contact;
  private HttpServer files;
  private final List<String> fileRequests = new CopyOnWriteArrayList<>();
  private final Map<String, Object[]> served = new java.util.concurrent.ConcurrentHashMap<>();
  private final RecordingEgress egress = new RecordingEgress();
  private Path dataDir;
  private GatewayServer server;
  private TestServer t;
  private OkHttpClient http;
  private String session;
  private volatile SessionHost host;

  /** The session's egress: loopback only, recording every connection it makes. */
  static final class RecordingEgress implements Egress {
    final List<String> connects = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override
    public Socket connect(String host, int port, Duration timeout) throws IOException {
      connects.add(host + ":" + port);
      if (down) {
        throw new EgressUnavailableIOException("the test egress is down");
      }
      return LoopbackOnlyEgress.instance().connect(host, port, timeout);
    }
  }

  @BeforeEach
  void start() throws Exception {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    phone = simulator.addPhone("15550007777", "Bob");
    contact = simulator.addContact("15550008888", "Dora");
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    files.createContext(
        "/",
        exchange -> {
          fileRequests.add(exchange.getRequestURI().getPath());
          Object[] file = served.get(exchange.getRequestURI().getPath());
          if (file == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          byte[] bytes = (byte[]) file[1];
          exchange.getResponseHeaders().add("Content-Type", (String) file[0]);
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    files.start();
    http =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false)
            .build();
    dataDir = Files.createTempDirectory("wagateway-messaging-it");
    startServer();
    session = pairSession();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    files.stop(0);
    simulator.close();
  }

  private void startServer() {
    server =
        GatewayServer.create(
                ServerConfig.builder()
                    .adminKey(TestServer.ADMIN_KEY)
                    .dataDir(dataDir)
                    .events(new ServerConfig.Events(100, 50, Duration.ofMillis(300)))
                    .build(),
                deps ->
                    new HostSessionService(
                        host =
                            SessionHost.open(
                                SessionHostConfig.builder()
                                    .store(deps.store())
                                    .clock(deps.clock())
                                    .egressResolver(s -> egress)
                                    .endpoint(URI.create(simulator.url()))
                                    .trustedRootKey(simulator.rootPublicKey())
                                    .build()),
                        deps.egressStore(),
                        deps.clock()))
            .start(0);
    t = TestServer.forServer(server, http);
  }

  private void restartServer() {
    server.stop();
    startServer();
  }

  private String pairSession() throws Exception {
    TestServer.Resp created =
        t.admin("POST", "/api/v1/sessions", "{\"name\":\"it\",\"autoStart\":true}");
    assertEquals(201, created.status(), created.text());
    String id = (String) created.json().get("id");
    Map<String, Object> qr =
        await(() -> t.admin("GET", "/api/v1/sessions/" + id + "/qr", null), r -> r.status() == 200);
    assertEquals(Paired.Outcome.LINKED, phone.scanQr((String) qr.get("code")).outcome());
    awaitConnected(id);
    return id;
  }

  private void awaitConnected(String id) throws Exception {
    await(
        () -> t.admin("GET", "/api/v1/sessions/" + id, null),
        r -> r.status() == 200 && "connected".equals(field(r, "status")));
  }

  private String messages() {
    return "/api/v1/sessions/" + session + "/messages";
  }

  private TestServer.Resp post(String json, String... headers) throws IOException {
    return t.call(
        "POST", messages(), TestServer.ADMIN_KEY, RequestBody.create(json, JSON), headers);
  }

  private String sendText(String text) throws Exception {
    TestServer.Resp r =
        post(
            "{\"type\":\"text\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"text\":\""
                + text
                + "\"}");
    assertEquals(202, r.status(), r.text());
    return (String) r.json().get("id");
  }

  private SimulatedContact.Received received(String id) throws Exception {
    SimulatedContact.Received got = contact.awaitMessage(WAIT);
    assertNotNull(got, "the contact got message " + id);
    assertEquals(id, got.id());
    return got;
  }

  private Map<String, Object> status(String id, Predicate<Map<String, Object>> done)
      throws Exception {
    return await(
        () -> t.admin("GET", messages() + "/" + id, null),
        r -> r.status() == 200 && done.test(json(r)));
  }

  @Test
  void textReplyAndReactionReachTheContact() throws Exception {
    String first = sendText("hello Dora");
    assertEquals(new MessageContent.Text("hello Dora"), received(first).content());

    TestServer.Resp reply =
        post(
            "{\"type\":\"text\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"text\":\"following up\",\"replyTo\":\""
                + first
                + "\"}");
    assertEquals(202, reply.status(), reply.text());
    MessageContent.Text quoted =
        assertInstanceOf(
            MessageContent.Text.class, received((String) reply.json().get("id")).content());
    assertEquals("following up", quoted.text());
    assertNotNull(quoted.quoted(), "the contact sees a reply");
    assertEquals(first, quoted.quoted().stanzaId());
    assertEquals(phone.jid(), quoted.quoted().participant(), "we wrote the quoted message");

    TestServer.Resp reaction =
        post(
            "{\"type\":\"reaction\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"messageId\":\""
                + first
                + "\",\"emoji\":\"\uD83D\uDC4D\"}");
    assertEquals(202, reaction.status(), reaction.text());
    assertEquals("reaction", reaction.json().get("type"));
    MessageContent.Reaction r =
        assertInstanceOf(
            MessageContent.Reaction.class, received((String) reaction.json().get("id")).content());
    assertEquals(first, r.target().id());
    assertEquals("\uD83D\uDC4D", r.emoji());

    TestServer.Resp removal =
        post(
            "{\"type\":\"reaction\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"messageId\":\""
                + first
                + "\",\"emoji\":\"\"}");
    assertEquals(202, removal.status(), removal.text());
    MessageContent.Reaction removed =
        assertInstanceOf(
            MessageContent.Reaction.class, received((String) removal.json().get("id")).content());
    assertEquals(first, removed.target().id());
    assertTrue(removed.emoji() == null || removed.emoji().isEmpty(), "an empty emoji removes");

    Map<String, Object> delivered =
        status(first, m -> List.of("delivered", "read").contains(m.get("status")));
    assertEquals(contact.jid(), delivered.get("to"));
    assertEquals("text", delivered.get("type"));
  }

  @Test
  void aReplyAndAReactionToAGroupMembersMessageNameTheMemberAndAnUnknownIdIsRejected()
      throws Exception {
    String group = simulator.addGroup("120363000000000042", List.of(phone.jid(), contact.jid()));
    String theirs = contact.send(group, new MessageContent.Text("lunch at noon?"));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline && host.receivedMessage(session, group, theirs).isEmpty()) {
      Thread.sleep(10);
    }
    assertEquals(
        contact.jid(), host.receivedMessage(session, group, theirs).orElseThrow().sender());

    TestServer.Resp reply =
        post(
            "{\"type\":\"text\",\"to\":\""
                + group
                + "\",\"text\":\"yes\",\"replyTo\":\""
                + theirs
                + "\"}");
    assertEquals(202, reply.status(), reply.text());
    SimulatedContact.Received gotReply = received((String) reply.json().get("id"));
    assertEquals(group, gotReply.chat().toString());
    MessageContent.Text quoting = assertInstanceOf(MessageContent.Text.class, gotReply.content());
    assertEquals(theirs, quoting.quoted().stanzaId());
    assertEquals(contact.jid(), quoting.quoted().participant(), "the member wrote the quote");

    MessageContent.Reaction r = react(group, theirs, "\uD83D\uDC4D");
    assertEquals(theirs, r.target().id());
    assertEquals(group, r.target().remoteJid());
    assertEquals(contact.jid(), r.target().participant());
    assertFalse(r.target().fromMe());

    // a reaction to our own group message is keyed as ours, without participant
    TestServer.Resp own = post("{\"type\":\"text\",\"to\":\"" + group + "\",\"text\":\"mine\"}");
    assertEquals(202, own.status(), own.text());
    String ownId = (String) own.json().get("id");
    received(ownId);
    MessageContent.Reaction mine = react(group, ownId, "\u2764");
    assertTrue(mine.target().fromMe());
    assertNull(mine.target().participant());

    for (String body :
        List.of(
            "{\"type\":\"text\",\"to\":\""
                + group
                + "\",\"text\":\"?\",\"replyTo\":\"3EB0NEVERSEEN\"}",
            "{\"type\":\"reaction\",\"to\":\""
                + group
                + "\",\"messageId\":\"3EB0NEVERSEEN\",\"emoji\":\"\u2764\"}")) {
      TestServer.Resp unknown = post(body);
      assertEquals(400, unknown.status(), unknown.text());
      assertEquals("validation_error", unknown.errorCode());
      assertEquals(
          Map.of(
              "field",
              body.contains("replyTo") ? "replyTo" : "messageId",
              "reason",
              "unknown_message"),
          unknown.errorDetails());
    }
    assertNull(contact.awaitMessage(Duration.ofMillis(300)), "nothing went out for them");
  }

  /** Reacts through the API and returns the reaction as the contact decrypted it. */
  private MessageContent.Reaction react(String to, String messageId, String emoji)
      throws Exception {
    TestServer.Resp r =
        post(
            "{\"type\":\"reaction\",\"to\":\""
                + to
                + "\",\"messageId\":\""
                + messageId
                + "\",\"emoji\":\""
                + emoji
                + "\"}");
    assertEquals(202, r.status(), r.text());
    return assertInstanceOf(
        MessageContent.Reaction.class, received((String) r.json().get("id")).content());
  }

  @Test
  void mediaByUrlIsFetchedThroughTheSessionsEgressAndTheContactDecryptsTheSameBytes()
      throws Exception {
    byte[] image = random(300_000);
    served.put("/photo.jpg", new Object[] {"image/jpeg", image});
    String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/photo.jpg";
    int connectsBefore = egress.connects.size();
    TestServer.Resp r =
        post(
            "{\"type\":\"image\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"mediaUrl\":\""
                + url
                + "\",\"caption\":\"the receipt\"}");
    assertEquals(202, r.status(), r.text());
    assertEquals("pending", r.json().get("status"));
    assertEquals("image", r.json().get("type"));
    String id = (String) r.json().get("id");

    SimulatedContact.Received got = received(id);
    MessageContent.Image img = assertInstanceOf(MessageContent.Image.class, got.content());
    assertEquals("the receipt", img.caption());
    assertEquals("image/jpeg", img.media().mimetype());
    assertArrayEquals(image, contact.download(img));
    assertEquals(List.of("/photo.jpg"), fileRequests);
    assertTrue(
        egress
            .connects
            .subList(connectsBefore, egress.connects.size())
            .contains("127.0.0.1:" + files.getAddress().getPort()),
        "the media URL was fetched through the session's egress: " + egress.connects);
    status(id, m -> List.of("sent", "delivered", "read").contains(m.get("status")));
  }

  @Test
  void anUnreachableEgressFailsTheMediaAndNothingIsFetchedDirectly() throws Exception {
    served.put("/photo.jpg", new Object[] {"image/jpeg", random(1_000)});
    egress.down = true;
    TestServer.Resp r =
        post(
            "{\"type\":\"image\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"mediaUrl\":\"http://127.0.0.1:"
                + files.getAddress().getPort()
                + "/photo.jpg\"}");
    assertEquals(202, r.status(), r.text());
    @SuppressWarnings("unchecked")
    Map<String, Object> error =
        (Map<String, Object>)
            status((String) r.json().get("id"), m -> "failed".equals(m.get("status"))).get("error");
    egress.down = false;
    assertEquals("egress_unavailable", error.get("code"));
    assertEquals(List.of(), fileRequests, "no direct fallback reached the file server");
    assertTrue(
        egress.connects.contains("127.0.0.1:" + files.getAddress().getPort()),
        "the fetch was attempted through the egress: " + egress.connects);
    assertNull(contact.awaitMessage(Duration.ofMillis(500)));
  }

  @Test
  void uploadedMediaRoundTripsToTheContact() throws Exception {
    byte[] pdf = random(150_000);
    TestServer.Resp r =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(
                pdf,
                "application/pdf",
                "report.pdf",
                "type",
                "document",
                "to",
                contact.phoneDigits(),
                "caption",
                "Q3"));
    assertEquals(202, r.status(), r.text());
    assertEquals("document", r.json().get("type"));
    MessageContent.Document doc =
        assertInstanceOf(
            MessageContent.Document.class, received((String) r.json().get("id")).content());
    assertEquals("report.pdf", doc.fileName());
    assertEquals("Q3", doc.caption());
    assertEquals("application/pdf", doc.media().mimetype());
    assertArrayEquals(pdf, contact.download(doc));

    byte[] voice = random(20_000);
    TestServer.Resp ptt =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(
                voice,
                "audio/ogg; codecs=opus",
                "v.ogg",
                "type",
                "audio",
                "to",
                contact.phoneDigits(),
                "voiceNote",
                "true"));
    assertEquals(202, ptt.status(), ptt.text());
    MessageContent.Audio audio =
        assertInstanceOf(
            MessageContent.Audio.class, received((String) ptt.json().get("id")).content());
    assertTrue(audio.ptt(), "sent as a voice note");
    assertArrayEquals(voice, contact.download(audio));

    // the generated SDK: multipart upload with an Idempotency-Key, a reaction, and a 413
    try (WagatewayClient client = t.client(TestServer.ADMIN_KEY)) {
      WagatewayApi api = client.api();
      byte[] jpeg = random(40_000);
      Message viaSdk =
          api.sendMediaUpload(
              session,
              SendMediaUpload.builder()
                  .file(FileUpload.of("a.jpg", "image/jpeg", jpeg))
                  .type(dev.wagateway.client.model.MediaType.IMAGE)
                  .to(contact.phoneDigits())
                  .caption("via sdk")
                  .build(),
              "sdk-upload-1");
      assertEquals(dev.wagateway.client.model.MessageType.IMAGE, viaSdk.type());
      MessageContent.Image img =
          assertInstanceOf(MessageContent.Image.class, received(viaSdk.id()).content());
      assertEquals("via sdk", img.caption());
      assertArrayEquals(jpeg, contact.download(img));

      Message reaction =
          api.sendMessage(
              session,
              SendReactionMessage.builder()
                  .type("reaction")
                  .to(contact.phoneDigits())
                  .messageId(viaSdk.id())
                  .emoji("\u2764")
                  .build());
      MessageContent.Reaction heart =
          assertInstanceOf(MessageContent.Reaction.class, received(reaction.id()).content());
      assertEquals(viaSdk.id(), heart.target().id());
      assertEquals("\u2764", heart.emoji());

      WagatewayApiException tooBig =
          org.junit.jupiter.api.Assertions.assertThrows(
              WagatewayApiException.class,
              () ->
                  api.sendMediaUpload(
                      session,
                      SendMediaUpload.builder()
                          .file(FileUpload.of("s.webp", "image/webp", random(600 * 1024)))
                          .type(dev.wagateway.client.model.MediaType.STICKER)
                          .to(contact.phoneDigits())
                          .build()));
      assertEquals(413, tooBig.status());
      assertEquals("payload_too_large", tooBig.code());
      assertEquals(512_000.0, ((Number) tooBig.details().get("limitBytes")).doubleValue());
    }
  }

  @Test
  void limitsAndMimeTypesAreEnforced() throws Exception {
    TestServer.Resp sticker =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(
                random(500 * 1024 + 1),
                "image/webp",
                "s.webp",
                "type",
                "sticker",
                "to",
                contact.phoneDigits()));
    assertEquals(413, sticker.status(), sticker.text());
    assertEquals("payload_too_large", sticker.errorCode());
    assertEquals(512_000.0, sticker.errorDetails().get("limitBytes"));

    TestServer.Resp wrongType =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(
                random(100), "image/png", "s.png", "type", "sticker", "to", contact.phoneDigits()));
    assertEquals(415, wrongType.status(), wrongType.text());
    assertEquals("unsupported_media_type", wrongType.errorCode());

    TestServer.Resp declared =
        post(
            "{\"type\":\"video\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"mediaUrl\":\"https://files.example/v.mp4\",\"mimeType\":\"image/png\"}");
    assertEquals(415, declared.status(), declared.text());
    assertEquals("mimeType", declared.errorDetails().get("field"));

    TestServer.Resp notJson =
        t.call(
            "POST",
            messages(),
            TestServer.ADMIN_KEY,
            RequestBody.create("type=text", MediaType.get("application/x-www-form-urlencoded")));
    assertEquals(415, notJson.status(), notJson.text());

    // over the sticker limit by one byte, found while downloading: 202, then failed
    served.put("/big.webp", new Object[] {"image/webp", random(500 * 1024 + 1)});
    String port = Integer.toString(files.getAddress().getPort());
    TestServer.Resp big =
        post(
            "{\"type\":\"sticker\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"mediaUrl\":\"http://127.0.0.1:"
                + port
                + "/big.webp\"}");
    assertEquals(202, big.status(), big.text());
    Map<String, Object> failed =
        status((String) big.json().get("id"), m -> "failed".equals(m.get("status")));
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) failed.get("error");
    assertEquals("media_download_failed", error.get("code"));
    assertTrue(((String) error.get("message")).contains("512000"), error.toString());

    TestServer.Resp missing =
        post(
            "{\"type\":\"image\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"mediaUrl\":\"http://127.0.0.1:"
                + port
                + "/nope.jpg\"}");
    assertEquals(202, missing.status(), missing.text());
    @SuppressWarnings("unchecked")
    Map<String, Object> missingError =
        (Map<String, Object>)
            status((String) missing.json().get("id"), m -> "failed".equals(m.get("status")))
                .get("error");
    assertEquals("media_download_failed", missingError.get("code"));

    served.put("/text.jpg", new Object[] {"text/html", random(100)});
    TestServer.Resp html =
        post(
            "{\"type\":\"image\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"mediaUrl\":\"http://127.0.0.1:"
                + port
                + "/text.jpg\"}");
    assertEquals(202, html.status(), html.text());
    status((String) html.json().get("id"), m -> "failed".equals(m.get("status")));

    // the answer never waits on WhatsApp: a recipient without a device fails afterwards
    TestServer.Resp nobody =
        post("{\"type\":\"text\",\"to\":\"15559990000\",\"text\":\"anyone?\"}");
    assertEquals(202, nobody.status(), nobody.text());
    @SuppressWarnings("unchecked")
    Map<String, Object> nobodyError =
        (Map<String, Object>)
            status((String) nobody.json().get("id"), m -> "failed".equals(m.get("status")))
                .get("error");
    assertEquals("no_devices", nobodyError.get("code"));

    assertNull(contact.awaitMessage(Duration.ofMillis(500)), "nothing reached the contact");
  }

  @Test
  void anIdempotencyKeyReplaysTheFirstAnswerAndSendsOnce() throws Exception {
    String body =
        "{\"type\":\"text\",\"to\":\"" + contact.phoneDigits() + "\",\"text\":\"only once\"}";
    TestServer.Resp first = post(body, "Idempotency-Key", "order-42");
    assertEquals(202, first.status(), first.text());
    TestServer.Resp again = post(body, "Idempotency-Key", "order-42");
    assertEquals(202, again.status());
    assertArrayEquals(first.bytes(), again.bytes(), "the first answer, byte for byte");
    assertEquals("true", again.header("Idempotent-Replayed"));
    String id = (String) first.json().get("id");
    received(id);
    assertNull(contact.awaitMessage(Duration.ofSeconds(1)), "one message only");

    TestServer.Resp reused =
        post(body.replace("only once", "something else"), "Idempotency-Key", "order-42");
    assertEquals(409, reused.status(), reused.text());
    assertEquals("conflict", reused.errorCode());
    assertEquals("idempotency_key_reused", reused.errorDetails().get("reason"));

    TestServer.Resp bad = post(body, "Idempotency-Key", "k".repeat(256));
    assertEquals(400, bad.status());
    assertEquals("Idempotency-Key", bad.errorDetails().get("field"));

    // an upload under a key: replayed without a second send
    byte[] png = random(2_000);
    RequestBody upload =
        TestServer.upload(png, "image/png", "a.png", "type", "image", "to", contact.phoneDigits());
    TestServer.Resp up1 =
        t.call(
            "POST", messages() + "/media", TestServer.ADMIN_KEY, upload, "Idempotency-Key", "up-1");
    TestServer.Resp up2 =
        t.call(
            "POST",
            messages() + "/media",
            TestServer.ADMIN_KEY,
            TestServer.upload(
                png, "image/png", "a.png", "type", "image", "to", contact.phoneDigits()),
            "Idempotency-Key",
            "up-1");
    assertEquals(202, up1.status(), up1.text());
    assertArrayEquals(up1.bytes(), up2.bytes());
    received((String) up1.json().get("id"));
    assertNull(contact.awaitMessage(Duration.ofSeconds(1)), "one upload sent");

    restartServer();
    awaitConnected(session);
    TestServer.Resp afterRestart = post(body, "Idempotency-Key", "order-42");
    assertArrayEquals(first.bytes(), afterRestart.bytes(), "the key outlives a restart");
    assertNull(contact.awaitMessage(Duration.ofSeconds(1)), "still one message");
  }

  @Test
  void messageStatusAndFailuresSurviveARestart() throws Exception {
    String id = sendText("remember me");
    received(id);
    Map<String, Object> before =
        status(id, m -> List.of("delivered", "read").contains(m.get("status")));
    TestServer.Resp failing =
        post(
            "{\"type\":\"image\",\"to\":\""
                + contact.phoneDigits()
                + "\",\"mediaUrl\":\"http://127.0.0.1:"
                + files.getAddress().getPort()
                + "/gone.jpg\"}");
    String failedId = (String) failing.json().get("id");
    Map<String, Object> failedBefore = status(failedId, m -> "failed".equals(m.get("status")));

    restartServer();

    TestServer.Resp after = t.admin("GET", messages() + "/" + id, null);
    assertEquals(200, after.status(), after.text());
    assertEquals(before.get("status"), after.json().get("status"));
    assertEquals(before.get("createdAt"), after.json().get("createdAt"));
    assertEquals(contact.jid(), after.json().get("to"));
    TestServer.Resp failedAfter = t.admin("GET", messages() + "/" + failedId, null);
    assertEquals(failedBefore, failedAfter.json());
    assertEquals(404, t.admin("GET", messages() + "/3EB0NOTOURS", null).status());
  }

  // ---- helpers ----

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  @FunctionalInterface
  private interface Call {
    TestServer.Resp run() throws IOException;
  }

  private static Map<String, Object> await(Call call, Predicate<TestServer.Resp> done)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    TestServer.Resp last = null;
    while (System.nanoTime() < deadline) {
      last = call.run();
      if (done.test(last)) {
        return last.json();
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "condition not met; last answer "
            + (last == null ? "none" : last.status() + " " + last.text()));
  }

  private static Map<String, Object> json(TestServer.Resp r) {
    try {
      return r.json();
    } catch (IOException e) {
      throw new AssertionError(new String(r.bytes(), StandardCharsets.UTF_8), e);
    }
  }

  private static Object field(TestServer.Resp r, String name) {
    return json(r).get(name);
  }
}
