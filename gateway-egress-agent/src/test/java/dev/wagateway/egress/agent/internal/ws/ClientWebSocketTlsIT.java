package dev.wagateway.egress.agent.internal.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.CertificatePinner;
import okhttp3.OkHttpClient;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's WebSocket over {@code wss://}: TLS from the agent's {@link OkHttpClient} (its socket
 * factory, trust, hostname verifier and certificate pinner), against OkHttp's server WebSocket
 * behind a self-signed loopback certificate.
 */
@Timeout(60)
class ClientWebSocketTlsIT {
  private static final int MAX = 1 << 20;

  @TempDir Path dir;
  private LoopbackTls tls;
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    tls = LoopbackTls.create(dir);
    server = new MockWebServer();
    server.useHttps(tls.server().getSocketFactory(), false);
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private OkHttpClient.Builder trusting() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(10))
        .sslSocketFactory(tls.client(), tls.trust());
  }

  private String url(String host) {
    return "wss://" + host + ":" + server.getPort() + "/egress/agent";
  }

  @Test
  void messagesGoBothWaysOverTls() throws Exception {
    server.enqueue(
        new MockResponse()
            .withWebSocketUpgrade(
                new WebSocketListener() {
                  @Override
                  public void onMessage(WebSocket ws, ByteString bytes) {
                    byte[] answer = new byte[bytes.size() + 1];
                    answer[0] = 0x7F;
                    System.arraycopy(bytes.toByteArray(), 0, answer, 1, bytes.size());
                    ws.send(ByteString.of(answer));
                  }
                }));
    ClientWebSocket ws =
        ClientWebSocket.connect(trusting().build(), url("localhost"), new SecureRandom(), "t", MAX);
    ClientWebSocketIT.Events events = new ClientWebSocketIT.Events();
    Thread reader = ClientWebSocketIT.reader(ws, events);
    byte[] big = new byte[300_000];
    new SecureRandom().nextBytes(big);
    assertTrue(ws.send(big.clone()));
    Object answer = events.next();
    byte[] expected = new byte[big.length + 1];
    expected[0] = 0x7F;
    System.arraycopy(big, 0, expected, 1, big.length);
    assertArrayEquals(expected, (byte[]) answer);
    ws.cancel();
    reader.join(10_000);
    assertEquals(false, reader.isAlive());
    assertEquals("/egress/agent", server.takeRequest(5, TimeUnit.SECONDS).getPath());
  }

  @Test
  void anUntrustedCertificateEndsTheDialBeforeAnyUpgrade() throws Exception {
    OkHttpClient defaultTrust =
        new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).build();
    assertThrows(
        SSLException.class,
        () ->
            ClientWebSocket.connect(defaultTrust, url("localhost"), new SecureRandom(), "t", MAX));
    assertEquals(0, server.getRequestCount(), "no upgrade request reached the server");
  }

  @Test
  void aCertificateForAnotherNameIsRefused() {
    // The certificate names localhost; the agent dials 127.0.0.1.
    SSLPeerUnverifiedException e =
        assertThrows(
            SSLPeerUnverifiedException.class,
            () ->
                ClientWebSocket.connect(
                    trusting().build(), url("127.0.0.1"), new SecureRandom(), "t", MAX));
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void theClientsCertificatePinsAreChecked() {
    OkHttpClient pinned =
        trusting()
            .certificatePinner(
                new CertificatePinner.Builder()
                    .add("localhost", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                    .build())
            .build();
    SSLPeerUnverifiedException e =
        assertThrows(
            SSLPeerUnverifiedException.class,
            () -> ClientWebSocket.connect(pinned, url("localhost"), new SecureRandom(), "t", MAX));
    assertTrue(e.getMessage().contains("Certificate pinning failure"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }
}
