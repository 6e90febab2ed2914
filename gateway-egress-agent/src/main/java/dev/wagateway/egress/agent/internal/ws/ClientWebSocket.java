package dev.wagateway.egress.agent.internal.ws;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A client WebSocket (RFC 6455) for the egress tunnel's data path: our own framing over a socket
 * dialled with the {@link OkHttpClient}'s DNS, socket factory, TLS socket factory, hostname
 * verifier, certificate pinner and timeouts. Frames are masked eight bytes per step with a fresh
 * CSPRNG key each, and written by the calling thread in one socket write (no writer thread and no
 * queue: a caller blocks only while the socket's send buffer is full). One thread reads, in {@link
 * #run}. No extensions (no compression) and no subprotocol are negotiated.
 */
public final class ClientWebSocket {
  /** Socket send-assembly buffer: a tunnel frame up to this size goes out in one write. */
  private static final int WRITE_BUFFER = 256 * 1024;

  private static final int READ_BUFFER = 64 * 1024;
  private static final long CLOSE_WAIT_MILLIS = 1000;

  /** Callbacks, on the thread that calls {@link #run}. */
  public interface Listener {
    /** One binary message (a fresh array, the listener may keep it). */
    void onBinary(byte[] message);

    void onText(String message);

    /** The server sent a close frame (already answered). */
    void onClosing(int code, String reason);

    /** The connection failed: I/O error, or the server broke the protocol. */
    void onFailure(IOException cause);
  }

  private final Socket socket;
  private final WebSocketReader reader;
  private final WebSocketWriter writer;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Thread readerThread;
  private volatile boolean cancelled;

  ClientWebSocket(
      Socket socket, InputStream in, OutputStream out, SecureRandom random, int maxMessage) {
    this.socket = socket;
    this.reader = new WebSocketReader(in, maxMessage);
    this.writer = new WebSocketWriter(out, random, WRITE_BUFFER);
  }

  /**
   * Dials {@code url} ({@code ws://}, {@code wss://}, {@code http://} or {@code https://}) and
   * upgrades. Blocks for the TCP connect, TLS and the upgrade exchange (each bounded by the
   * client's connect/read timeouts).
   *
   * @param maxMessage the largest message accepted from the server (see {@link #maxMessage})
   * @throws IOException when the dial, TLS or upgrade fails; a non-101 answer reads {@code HTTP
   *     <status> on upgrade}
   */
  public static ClientWebSocket connect(
      OkHttpClient client, String url, SecureRandom random, String userAgent, int maxMessage)
      throws IOException {
    String http = url.replaceFirst("(?i)^ws:", "http:").replaceFirst("(?i)^wss:", "https:");
    HttpUrl target = HttpUrl.parse(http);
    if (target == null) {
      throw new IOException("not a WebSocket URL");
    }
    Socket raw = dial(client, target);
    Socket socket = raw;
    try {
      raw.setTcpNoDelay(true);
      int timeout = Math.max(client.readTimeoutMillis(), client.connectTimeoutMillis());
      raw.setSoTimeout(timeout);
      if (target.isHttps()) {
        socket = tls(client, raw, target.host(), target.port());
      }
      InputStream in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER);
      OutputStream out = socket.getOutputStream();
      String key = WebSocketHandshake.newKey(random);
      String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
      if (target.port() != HttpUrl.defaultPort(target.scheme())) {
        host += ":" + target.port();
      }
      String path =
          target.encodedPath() + (target.encodedQuery() == null ? "" : "?" + target.encodedQuery());
      WebSocketHandshake.writeRequest(out, host, path, key, userAgent);
      WebSocketHandshake.readResponse(in, key);
      // From here on liveness is the tunnel's heartbeat, not a socket timeout.
      socket.setSoTimeout(0);
      return new ClientWebSocket(socket, in, out, random, maxMessage);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      closeQuietly(raw);
      throw e;
    }
  }

  private static Socket dial(OkHttpClient client, HttpUrl target) throws IOException {
    List<InetAddress> addresses = client.dns().lookup(target.host());
    IOException last = null;
    for (InetAddress address : addresses) {
      Socket s = client.socketFactory().createSocket();
      try {
        s.connect(new InetSocketAddress(address, target.port()), client.connectTimeoutMillis());
        return s;
      } catch (IOException e) {
        closeQuietly(s);
        last = e;
      }
    }
    throw last != null ? last : new IOException("no address for " + target.host());
  }

  private static Socket tls(OkHttpClient client, Socket raw, String host, int port)
      throws IOException {
    SSLSocket ssl = (SSLSocket) client.sslSocketFactory().createSocket(raw, host, port, true);
    List<String> protocols = new ArrayList<>();
    for (String p : ssl.getSupportedProtocols()) {
      if (p.equals("TLSv1.3") || p.equals("TLSv1.2")) {
        protocols.add(p);
      }
    }
    ssl.setEnabledProtocols(protocols.toArray(new String[0]));
    ssl.startHandshake();
    if (!client.hostnameVerifier().verify(host, ssl.getSession())) {
      closeQuietly(ssl);
      throw new SSLPeerUnverifiedException("certificate does not match " + host);
    }
    client.certificatePinner().check(host, Arrays.asList(ssl.getSession().getPeerCertificates()));
    return ssl;
  }

  /** Changes the largest message accepted from the server. */
  public void maxMessage(int bytes) {
    reader.maxMessage(bytes);
  }

  /**
   * Reads until the server closes, the connection fails or {@link #cancel()}; delivers to {@code
   * listener} on the calling thread and ends with exactly one {@code onClosing} or {@code
   * onFailure}. The socket is closed when this returns.
   */
  public void run(Listener listener) {
    readerThread = Thread.currentThread();
    WebSocketReader.Handler handler =
        new WebSocketReader.Handler() {
          @Override
          public void onBinary(byte[] message) {
            listener.onBinary(message);
          }

          @Override
          public void onText(String message) {
            listener.onText(message);
          }

          @Override
          public void onPing(byte[] payload) throws IOException {
            writer.pong(payload);
          }

          @Override
          public void onClose(int code, String reason) throws IOException {
            writer.close(code == Rfc6455.NO_STATUS ? 1000 : code, "", CLOSE_WAIT_MILLIS);
            listener.onClosing(code, reason);
          }
        };
    try {
      while (!cancelled && reader.readMessage(handler)) {
        // one message per turn
      }
      if (cancelled) {
        listener.onFailure(new IOException("websocket cancelled"));
      }
    } catch (WebSocketProtocolException e) {
      try {
        writer.close(e.closeCode(), "protocol error", 0);
      } catch (IOException | RuntimeException ignored) {
        // the connection is going away anyway
      }
      cancel();
      listener.onFailure(e);
    } catch (IOException e) {
      cancel();
      listener.onFailure(e);
    } catch (RuntimeException e) {
      cancel();
      listener.onFailure(new IOException("websocket listener failed: " + e, e));
    } finally {
      cancel();
      finished.countDown();
    }
  }

  /**
   * Sends one binary message. Blocks while the socket's send buffer is full. Returns false (and
   * cancels the connection) when the socket failed or is closing.
   */
  public boolean send(byte[] message) {
    if (cancelled) {
      return false;
    }
    try {
      writer.binary(message, 0, message.length);
      return true;
    } catch (IOException e) {
      cancel();
      return false;
    }
  }

  /**
   * Sends one binary message made of {@code prefix} and {@code payload[off, off + len)}, masked
   * straight from both arrays (no joined copy). Otherwise like {@link #send(byte[])}.
   */
  public boolean send(byte[] prefix, byte[] payload, int off, int len) {
    if (cancelled) {
      return false;
    }
    try {
      writer.binary(prefix, payload, off, len);
      return true;
    } catch (IOException e) {
      cancel();
      return false;
    }
  }

  /**
   * Sends one binary message unless another is being written right now (then the connection is
   * evidently busy and nothing is sent). Never waits for the writer; returns whether it sent.
   */
  public boolean sendIfIdle(byte[] message) {
    if (cancelled) {
      return false;
    }
    try {
      return writer.binaryIfIdle(message);
    } catch (IOException e) {
      cancel();
      return false;
    }
  }

  /**
   * Closes gracefully: sends a close frame ({@code code}, {@code reason}), waits up to a second for
   * the server's answer to end the reader, then closes the socket. On the reader's own thread it
   * closes the socket right after the close frame.
   */
  public void close(int code, String reason) {
    try {
      writer.close(code, reason, CLOSE_WAIT_MILLIS);
    } catch (IOException e) {
      cancel();
      return;
    }
    if (Thread.currentThread() != readerThread && readerThread != null) {
      try {
        finished.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    cancel();
  }

  /** Closes the socket at once (the reader ends with {@code onFailure}). Idempotent. */
  public void cancel() {
    cancelled = true;
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
