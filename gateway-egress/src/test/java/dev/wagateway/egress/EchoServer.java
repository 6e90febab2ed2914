package dev.wagateway.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server that sends a greeting on accept, then echoes every byte. Counts accepted
 * connections so tests can assert the destination saw none.
 */
final class EchoServer implements AutoCloseable {
  static final byte[] GREETING = {'H', 'I', '\n'};

  final AtomicInteger accepted = new AtomicInteger();
  private final ServerSocket server;

  EchoServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  accepted.incrementAndGet();
                  Thread c = new Thread(() -> echo(s), "echo-conn");
                  c.setDaemon(true);
                  c.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "echo-accept");
    t.setDaemon(true);
    t.start();
  }

  private static void echo(Socket s) {
    try (s) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(GREETING);
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // Client went away.
    }
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
