package dev.wagateway.egress;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small proxy server on loopback for tests: each accepted connection runs a {@link Handler} on
 * its own thread. Relaying handlers (SOCKS5 and HTTP CONNECT) reach only loopback targets; scripted
 * handlers answer with fixed bytes. Records what the client asked for in {@link #events}.
 */
final class FakeProxy implements AutoCloseable {
  @FunctionalInterface
  interface Handler {
    void handle(Socket client, FakeProxy proxy) throws IOException;
  }

  final List<String> events = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private FakeProxy(Handler handler) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  open.add(client);
                  connections.incrementAndGet();
                  client.setSoTimeout(10_000);
                  Thread t =
                      new Thread(
                          () -> {
                            try {
                              handler.handle(client, this);
                            } catch (IOException e) {
                              events.add("handler ended: " + e.getClass().getSimpleName());
                            }
                          },
                          "fake-proxy-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "fake-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static FakeProxy start(Handler handler) throws IOException {
    return new FakeProxy(handler);
  }

  int port() {
    return server.getLocalPort();
  }

  ProxyEndpoint endpoint(ProxyEndpoint.Kind kind, String user, String pass) {
    return new ProxyEndpoint(kind, "127.0.0.1", port(), user, pass, null);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }

  // ---- building blocks ----

  static byte[] read(InputStream in, int n) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length != n) {
      throw new EOFException("client closed");
    }
    return out;
  }

  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("client closed");
      }
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** Connects the proxy side to a loopback target and pipes bytes both ways until one closes. */
  static void relay(Socket client, InetAddress address, int port, byte[] replyFirst)
      throws IOException {
    if (!address.isLoopbackAddress()) {
      throw new IOException("fake proxy relays to loopback only");
    }
    try (Socket target = new Socket()) {
      target.connect(new InetSocketAddress(address, port), 5000);
      client.getOutputStream().write(replyFirst);
      client.getOutputStream().flush();
      client.setSoTimeout(0);
      Thread up = pipe(client.getInputStream(), target.getOutputStream(), target);
      pipe(target.getInputStream(), client.getOutputStream(), client).join(30_000);
      up.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
    }
  }

  private static Thread pipe(InputStream from, OutputStream to, Socket toSocket) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                int n;
                while ((n = from.read(buf)) >= 0) {
                  to.write(buf, 0, n);
                  to.flush();
                }
                toSocket.shutdownOutput();
              } catch (IOException ignored) {
                // One side closed: the relay ends.
              }
            },
            "fake-proxy-pipe");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * A working SOCKS5 proxy: requires {@code user}/{@code pass} when given (else no auth), records
   * {@code "greeting methods=[..]"}, {@code "auth user:pass"} and {@code "connect atyp=3
   * localhost:1234"}, resolves names itself and relays to loopback.
   */
  static Handler socks5Relay(String user, String pass) {
    return (client, proxy) -> {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      byte[] greeting = read(in, 2);
      byte[] methods = read(in, greeting[1] & 0xff);
      proxy.events.add(
          "greeting version=" + greeting[0] + " methods=" + java.util.Arrays.toString(methods));
      int wanted = user == null ? 0x00 : 0x02;
      boolean offered = false;
      for (byte m : methods) {
        offered |= (m & 0xff) == wanted;
      }
      if (!offered) {
        out.write(new byte[] {5, (byte) 0xFF});
        client.close();
        return;
      }
      out.write(new byte[] {5, (byte) wanted});
      if (user != null) {
        byte[] ver = read(in, 2);
        String u = new String(read(in, ver[1] & 0xff), StandardCharsets.UTF_8);
        String p = new String(read(in, read(in, 1)[0] & 0xff), StandardCharsets.UTF_8);
        proxy.events.add("auth " + u + ":" + p);
        boolean good = u.equals(user) && p.equals(pass);
        out.write(new byte[] {1, (byte) (good ? 0 : 1)});
        if (!good) {
          client.close();
          return;
        }
      }
      byte[] req = read(in, 4);
      int atyp = req[3];
      InetAddress address;
      String host;
      if (atyp == 1) {
        address = InetAddress.getByAddress(read(in, 4));
        host = address.getHostAddress();
      } else if (atyp == 4) {
        address = InetAddress.getByAddress(read(in, 16));
        host = address.getHostAddress();
      } else {
        host = new String(read(in, read(in, 1)[0] & 0xff), StandardCharsets.US_ASCII);
        address = host.equals("localhost") ? InetAddress.getLoopbackAddress() : null;
      }
      byte[] p = read(in, 2);
      int port = (p[0] & 0xff) << 8 | (p[1] & 0xff);
      proxy.events.add("connect cmd=" + req[1] + " atyp=" + atyp + " " + host + ":" + port);
      if (address == null) {
        out.write(new byte[] {5, 4, 0, 1, 0, 0, 0, 0, 0, 0});
        client.close();
        return;
      }
      relay(client, address, port, new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0x12, 0x34});
    };
  }

  /**
   * A working HTTP CONNECT proxy: requires Basic {@code user}/{@code pass} when given (else none),
   * answers 407 otherwise, records {@code "request <head>"}, relays to loopback.
   */
  static Handler httpConnectRelay(String user, String pass) {
    return (client, proxy) -> {
      String head = readHead(client.getInputStream());
      proxy.events.add("request " + head);
      if (user != null) {
        String expected =
            "Proxy-Authorization: Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
        if (!head.contains(expected + "\r\n")) {
          client
              .getOutputStream()
              .write(
                  ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                          + "Proxy-Authenticate: Basic realm=\"fake\"\r\n"
                          + "Content-Length: 0\r\n\r\n")
                      .getBytes(StandardCharsets.ISO_8859_1));
          client.close();
          return;
        }
      }
      String target = head.substring("CONNECT ".length(), head.indexOf(" HTTP/1.1"));
      int colon = target.lastIndexOf(':');
      String host = target.substring(0, colon);
      int port = Integer.parseInt(target.substring(colon + 1));
      InetAddress address =
          host.equals("localhost") ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
      relay(
          client,
          address,
          port,
          "HTTP/1.1 200 Connection established\r\nX-Fake: 1\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
    };
  }

  /** Reads what the client sends first (up to {@code expect} bytes), answers {@code reply}. */
  static Handler scripted(int expect, byte[] reply) {
    return (client, proxy) -> {
      proxy.events.add("got " + read(client.getInputStream(), expect).length);
      client.getOutputStream().write(reply);
      client.getOutputStream().flush();
      // Hold the connection open until the client hangs up.
      client.getInputStream().read();
      client.close();
    };
  }

  /** Reads {@code expect} bytes, answers {@code reply} and hangs up at once. */
  static Handler scriptedThenClose(int expect, byte[] reply) {
    return (client, proxy) -> {
      proxy.events.add("got " + read(client.getInputStream(), expect).length);
      client.getOutputStream().write(reply);
      client.getOutputStream().flush();
      client.close();
    };
  }

  /** Accepts and never answers, until the client hangs up. */
  static Handler silent() {
    return (client, proxy) -> {
      client.setSoTimeout(30_000);
      client.getInputStream().readAllBytes();
      client.close();
    };
  }
}
