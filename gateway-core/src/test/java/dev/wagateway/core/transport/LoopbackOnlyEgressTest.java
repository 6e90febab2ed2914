package dev.wagateway.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.transport.Egress.EgressUnavailableIOException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoopbackOnlyEgressTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final Egress egress = LoopbackOnlyEgress.instance();

  @Test
  void connectsToLoopbackByLiteralAndByLocalhost() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(5000);
      String literal = InetAddress.getLoopbackAddress().getHostAddress();
      for (String host : new String[] {literal, "localhost", "LOCALHOST"}) {
        try (Socket client = egress.connect(host, server.getLocalPort(), TIMEOUT);
            Socket accepted = server.accept()) {
          client.getOutputStream().write(new byte[] {1, 2, 3});
          client.getOutputStream().flush();
          InputStream in = accepted.getInputStream();
          accepted.setSoTimeout(5000);
          assertEquals(1, in.read());
          assertEquals(2, in.read());
          assertEquals(3, in.read());
          assertTrue(accepted.getInetAddress().isLoopbackAddress());
        }
      }
    }
  }

  @Test
  void acceptsTheWholeLoopbackRangeAndIpv6Loopback() throws IOException {
    assertTrue(LoopbackOnlyEgress.loopbackAddress("127.0.0.1").isLoopbackAddress());
    assertTrue(LoopbackOnlyEgress.loopbackAddress("127.255.3.4").isLoopbackAddress());
    assertTrue(LoopbackOnlyEgress.loopbackAddress("::1").isLoopbackAddress());
    assertTrue(LoopbackOnlyEgress.loopbackAddress("[::1]").isLoopbackAddress());
    assertTrue(LoopbackOnlyEgress.loopbackAddress("0:0:0:0:0:0:0:1").isLoopbackAddress());
    assertTrue(LoopbackOnlyEgress.loopbackAddress("sim.localhost").isLoopbackAddress());
  }

  @Test
  void refusesEveryOtherHostWithoutConnecting() {
    for (String host :
        new String[] {
          "g.whatsapp.net",
          "web.whatsapp.com",
          "8.8.8.8",
          "10.0.0.1",
          "128.0.0.1",
          "0.0.0.0",
          "::",
          "::2",
          "::ffff:8.8.8.8",
          "localhost.example.com",
          "127.0.0.1.nip.io",
          "0x7f.0.0.1",
          "127.1",
          "2130706433",
          "127.0.0.256"
        }) {
      EgressUnavailableIOException e =
          assertThrows(
              EgressUnavailableIOException.class, () -> egress.connect(host, 443, TIMEOUT));
      assertEquals("loopback egress refuses non-loopback host " + host, e.getMessage());
    }
    EgressUnavailableIOException empty =
        assertThrows(EgressUnavailableIOException.class, () -> egress.connect("", 443, TIMEOUT));
    assertEquals("loopback egress: empty host", empty.getMessage());
  }

  @Test
  void closedPortIsAnEgressFailure() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    EgressUnavailableIOException e =
        assertThrows(
            EgressUnavailableIOException.class, () -> egress.connect("127.0.0.1", port, TIMEOUT));
    assertTrue(
        e.getMessage().startsWith("loopback egress: connect to 127.0.0.1:" + port + " failed"),
        e.getMessage());
    EgressUnavailableIOException badPort =
        assertThrows(
            EgressUnavailableIOException.class, () -> egress.connect("127.0.0.1", 0, TIMEOUT));
    assertEquals("loopback egress: bad port 0", badPort.getMessage());
  }
}
