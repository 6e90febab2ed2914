package dev.wagateway.egress.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ServerSocketFactory;

/** Loopback destinations for tunnel tests; every one records its peers' addresses. */
final class Targets {
  private Targets() {}

  /** A server socket factory whose sockets record the remote address of every accepted peer. */
  static final class RecordingServerSocketFactory extends ServerSocketFactory {
    final List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();

    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public Socket accept() throws IOException {
          Socket s = super.accept();
          peers.add((InetSocketAddress) s.getRemoteSocketAddress());
          return s;
        }
      };
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      ServerSocket s = createServerSocket();
      s.bind(new InetSocketAddress(port));
      return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      ServerSocket s = createServerSocket();
      s.bind(new InetSocketAddress(port), backlog);
      return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        throws IOException {
      ServerSocket s = createServerSocket();
      s.bind(new InetSocketAddress(address, port), backlog);
      return s;
    }
  }

  /** A loopback TCP server running {@code handler} for each connection on its own thread. */
  static final class TcpTarget implements AutoCloseable {
    final ServerSocket server;
    final List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    TcpTarget(SocketHandler handler) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  Socket s;
                  try {
                    s = server.accept();
                  } catch (IOException e) {
                    return;
                  }
                  peers.add((InetSocketAddress) s.getRemoteSocketAddress());
                  Thread c =
                      new Thread(
                          () -> {
                            try (s) {
                              s.setSoTimeout(20_000);
                              handler.handle(s);
                            } catch (IOException | RuntimeException e) {
                              errors.add(e);
                            }
                          },
                          "target-conn");
                  c.setDaemon(true);
                  c.start();
                }
              },
              "target-accept");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  interface SocketHandler {
    void handle(Socket s) throws IOException;
  }

  /** Reads until EOF, then answers with what it read, upper-cased, and closes. */
  static void upperCaseAfterEof(Socket s) throws IOException {
    byte[] all = s.getInputStream().readAllBytes();
    OutputStream out = s.getOutputStream();
    out.write(
        new String(all, java.nio.charset.StandardCharsets.UTF_8)
            .toUpperCase()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.flush();
    s.shutdownOutput();
  }

  /** Sends {@code total} bytes of the pattern {@code i % 251}, then closes. */
  static SocketHandler sender(int total) {
    return s -> {
      OutputStream out = s.getOutputStream();
      byte[] chunk = new byte[8192];
      int sent = 0;
      while (sent < total) {
        int n = Math.min(chunk.length, total - sent);
        for (int i = 0; i < n; i++) {
          chunk[i] = (byte) ((sent + i) % 251);
        }
        out.write(chunk, 0, n);
        sent += n;
      }
      out.flush();
      s.shutdownOutput();
      s.getInputStream().read();
    };
  }

  /** Never reads; waits until the peer goes away. */
  static void neverReads(Socket s) throws IOException {
    try {
      Thread.sleep(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records how the connection ended: "eof" or the exception's class. */
  static SocketHandler watchEnd(Consumer<String> ended) {
    return s -> {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1024];
      try {
        while (in.read(buf) >= 0) {
          // drain
        }
        ended.accept("eof");
      } catch (IOException e) {
        ended.accept(e.getClass().getSimpleName());
      }
    };
  }
}
