package dev.wagateway.core.internal.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload and download against MockWebServer on loopback, through the loopback-only egress. */
class MediaClientTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  @TempDir Path temp;
  private MockWebServer server;
  private MediaClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    client =
        new MediaClient(LoopbackOnlyEgress.instance(), new SecureRandom(), CLOCK, "http", temp);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  private String host() {
    return "127.0.0.1:" + server.getPort();
  }

  private MediaConn conn(String... hosts) {
    return new MediaConn(
        List.of(hosts), "AUTH+/=token", Duration.ofHours(1), Duration.ofHours(1), CLOCK.instant());
  }

  private static byte[] file(int size) {
    byte[] b = new byte[size];
    new Random(42).nextBytes(b);
    return b;
  }

  /** Uploads {@code plain}, returning the info and the blob the server received. */
  private UploadResult upload(byte[] plain, MediaType type) throws Exception {
    server.enqueue(
        new MockResponse()
            .setBody(
                "{\"url\":\"https://mmg.whatsapp.net/v/t62/xyz?enc=1\",\"direct_path\":\"/v/t62.7118-24/xyz?ccb=11-4&oh=01\"}"));
    MediaInfo info =
        client.upload(new ByteArrayInputStream(plain), type, "image/jpeg", conn(host()));
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(request);
    return new UploadResult(info, request, request.getBody().readByteArray());
  }

  private record UploadResult(MediaInfo info, RecordedRequest request, byte[] blob) {}

  @Test
  void uploadSendsTheBlobWithTokenAuthAndWebOrigin() throws Exception {
    byte[] plain = file(70_000);
    UploadResult up = upload(plain, MediaType.IMAGE);
    byte[] blob = up.blob();
    byte[] encSha = MessageDigest.getInstance("SHA-256").digest(blob);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(encSha);

    assertEquals("POST", up.request().getMethod());
    assertEquals("/mms/image/" + token, up.request().getRequestUrl().encodedPath());
    assertEquals("AUTH+/=token", up.request().getRequestUrl().queryParameter("auth"));
    assertEquals(token, up.request().getRequestUrl().queryParameter("token"));
    assertEquals("https://web.whatsapp.com", up.request().getHeader("Origin"));
    assertEquals("https://web.whatsapp.com/", up.request().getHeader("Referer"));
    assertEquals(Long.toString(blob.length), up.request().getHeader("Content-Length"));

    MediaInfo info = up.info();
    assertArrayEquals(encSha, info.fileEncSha256());
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(plain), info.fileSha256());
    assertEquals(plain.length, info.fileLength());
    assertEquals("/v/t62.7118-24/xyz?ccb=11-4&oh=01", info.directPath());
    assertEquals("https://mmg.whatsapp.net/v/t62/xyz?enc=1", info.url());
    assertEquals("image/jpeg", info.mimetype());
    assertEquals(1_700_000_000L, info.mediaKeyTimestamp());
    assertEquals(32, info.mediaKey().length);
    // The blob is what the key expansion and layout say: it decrypts back to the file.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MediaKeys keys = MediaKeys.expand(info.mediaKey(), MediaType.IMAGE);
    MediaCipher.verify(new ByteArrayInputStream(blob), blob.length, keys, encSha);
    MediaCipher.decrypt(new ByteArrayInputStream(blob), blob.length, keys, info.fileSha256(), out);
    assertArrayEquals(plain, out.toByteArray());
    try (var files = Files.list(temp)) {
      assertEquals(0, files.count(), "staged blobs are deleted");
    }
  }

  @Test
  void downloadFetchesTheDirectPathAndDecrypts() throws Exception {
    byte[] plain = file(100_000);
    UploadResult up = upload(plain, MediaType.VIDEO);
    server.enqueue(new MockResponse().setBody(new Buffer().write(up.blob())));
    byte[] got = client.download(up.info(), MediaType.VIDEO, conn(host()));
    assertArrayEquals(plain, got);
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("GET", request.getMethod());
    assertEquals("/v/t62.7118-24/xyz?ccb=11-4&oh=01", request.getPath());
    assertEquals("https://web.whatsapp.com", request.getHeader("Origin"));
  }

  @Test
  void tamperedTruncatedAndOversizedDownloadsAreTypedErrors() throws Exception {
    byte[] plain = file(5000);
    UploadResult up = upload(plain, MediaType.DOCUMENT);
    byte[] tampered = up.blob().clone();
    tampered[tampered.length - 20] ^= 0x01;
    server.enqueue(new MockResponse().setBody(new Buffer().write(tampered)));
    CryptoException e1 =
        assertThrows(
            CryptoException.class,
            () ->
                client.download(
                    up.info(), MediaType.DOCUMENT, conn(host()), new ByteArrayOutputStream()));
    assertEquals(ErrorCode.MEDIA_HASH_MISMATCH, e1.errorCode());

    // A consistent forgery (message hash matches the forged blob) still fails the MAC.
    MediaInfo forged =
        new MediaInfo(
            null,
            up.info().directPath(),
            up.info().mediaKey(),
            up.info().fileSha256(),
            MessageDigest.getInstance("SHA-256").digest(tampered),
            up.info().fileLength(),
            null,
            0);
    server.enqueue(new MockResponse().setBody(new Buffer().write(tampered)));
    CryptoException e2 =
        assertThrows(
            CryptoException.class,
            () ->
                client.download(
                    forged, MediaType.DOCUMENT, conn(host()), new ByteArrayOutputStream()));
    assertEquals(ErrorCode.MEDIA_MAC_MISMATCH, e2.errorCode());

    server.enqueue(new MockResponse().setBody(new Buffer().write(new byte[] {1, 2, 3})));
    CryptoException e3 =
        assertThrows(
            CryptoException.class,
            () ->
                client.download(
                    up.info(), MediaType.DOCUMENT, conn(host()), new ByteArrayOutputStream()));
    assertEquals(ErrorCode.MEDIA_TRUNCATED, e3.errorCode());

    byte[] huge = new byte[up.blob().length + 1000];
    server.enqueue(new MockResponse().setBody(new Buffer().write(huge)));
    MediaException e4 =
        assertThrows(
            MediaException.class,
            () ->
                client.download(
                    up.info(), MediaType.DOCUMENT, conn(host()), new ByteArrayOutputStream()));
    assertEquals(ErrorCode.MEDIA_TOO_LARGE, e4.errorCode());
    try (var files = Files.list(temp)) {
      assertEquals(0, files.count(), "staged blobs are deleted after failures too");
    }
  }

  @Test
  void expiredUrlsAreNotRetriedButServerErrorsFallBackToTheNextHost() throws Exception {
    byte[] plain = file(300);
    UploadResult up = upload(plain, MediaType.AUDIO);
    try (MockWebServer second = new MockWebServer()) {
      second.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
      String secondHost = "127.0.0.1:" + second.getPort();

      server.enqueue(new MockResponse().setResponseCode(503));
      second.enqueue(new MockResponse().setBody(new Buffer().write(up.blob())));
      assertArrayEquals(
          plain, client.download(up.info(), MediaType.AUDIO, conn(host(), secondHost)));
      assertEquals(1, second.getRequestCount());

      server.enqueue(new MockResponse().setResponseCode(410));
      MediaException expired =
          assertThrows(
              MediaException.class,
              () -> client.download(up.info(), MediaType.AUDIO, conn(host(), secondHost)));
      assertEquals(ErrorCode.MEDIA_EXPIRED, expired.errorCode());
      assertEquals(1, second.getRequestCount(), "an expired URL is not tried elsewhere");
    }
  }

  @Test
  void everyConnectionGoesThroughTheEgress() throws Exception {
    byte[] plain = file(300);
    UploadResult up = upload(plain, MediaType.IMAGE);
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    Egress recording =
        (host, port, timeout) -> {
          asked.add(host + ":" + port);
          return LoopbackOnlyEgress.instance().connect(host, port, timeout);
        };
    @SuppressWarnings("resource")
    MediaClient routed = new MediaClient(recording, new SecureRandom(), CLOCK, "http", temp);
    server.enqueue(new MockResponse().setBody(new Buffer().write(up.blob())));
    assertArrayEquals(plain, routed.download(up.info(), MediaType.IMAGE, conn(host())));
    assertEquals(List.of(host()), asked);

    // A real media host is refused by the loopback-only egress: the download fails closed.
    MediaException refused =
        assertThrows(
            MediaException.class,
            () -> routed.download(up.info(), MediaType.IMAGE, conn("mmg.whatsapp.net")));
    assertEquals(ErrorCode.MEDIA_DOWNLOAD_FAILED, refused.errorCode());
    assertInstanceOf(Egress.EgressUnavailableIOException.class, refused.getCause());
    assertTrue(asked.contains("mmg.whatsapp.net:80"), "asked the egress for " + asked);
    routed.close();
  }

  @Test
  void uploadFailsOverAndReportsWhenEveryHostFails() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(500));
    MediaException e =
        assertThrows(
            MediaException.class,
            () ->
                client.upload(
                    new ByteArrayInputStream(file(10)), MediaType.IMAGE, null, conn(host())));
    assertEquals(ErrorCode.MEDIA_UPLOAD_FAILED, e.errorCode());
  }

  @Test
  void mediaConnIsBuiltParsedAndExpires() throws Exception {
    BinaryNode request = MediaConn.request("7");
    assertEquals("w:m", request.attr("xmlns"));
    assertEquals("set", request.attr("type"));
    assertEquals("@s.whatsapp.net", request.attr("to"));
    assertEquals("media_conn", request.children().get(0).tag());

    BinaryNode answer =
        NodeJson.fromJson(
            "{\"tag\":\"iq\",\"attrs\":{\"type\":\"result\",\"id\":\"7\"},\"content\":[{\"tag\":\"media_conn\","
                + "\"attrs\":{\"auth\":\"tok\",\"ttl\":\"300\",\"auth_ttl\":\"21600\",\"max_buckets\":\"12\"},\"content\":["
                + "{\"tag\":\"host\",\"attrs\":{\"hostname\":\"mmg.whatsapp.net\",\"maxContentLengthBytes\":\"100\"}},"
                + "{\"tag\":\"host\",\"attrs\":{\"hostname\":\"media-fra5-1.cdn.whatsapp.net\"}}]}]}");
    Instant now = Instant.ofEpochSecond(1000);
    MediaConn conn = MediaConn.parse(answer, now);
    assertEquals(List.of("mmg.whatsapp.net", "media-fra5-1.cdn.whatsapp.net"), conn.hosts());
    assertEquals("tok", conn.auth());
    assertEquals(Duration.ofSeconds(300), conn.ttl());
    assertEquals(Duration.ofSeconds(21600), conn.authTtl());
    assertFalse(conn.expired(now.plusSeconds(299)));
    assertTrue(conn.expired(now.plusSeconds(300)));
    assertFalse(conn.toString().contains("tok"));
    assertThrows(
        dev.wagateway.core.wire.WireException.class,
        () ->
            MediaConn.parse(
                NodeJson.fromJson(
                    "{\"tag\":\"iq\",\"attrs\":{\"type\":\"result\"},\"content\":[{\"tag\":\"media_conn\",\"attrs\":{\"auth\":\"x\"}}]}"),
                now));
  }
}
