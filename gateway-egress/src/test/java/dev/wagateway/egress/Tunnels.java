package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Assertions on a stream that reaches an {@link EchoServer}. */
final class Tunnels {
  private Tunnels() {}

  /**
   * Reads the echo server's greeting (proving no greeting byte was eaten by the handshake), then
   * sends a payload and reads it back.
   */
  static void assertReachesEchoServer(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    assertArrayEquals(EchoServer.GREETING, in.readNBytes(EchoServer.GREETING.length));
    byte[] payload = "through the proxy \u00e9".getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(payload);
    socket.getOutputStream().flush();
    assertArrayEquals(payload, in.readNBytes(payload.length));
  }
}
