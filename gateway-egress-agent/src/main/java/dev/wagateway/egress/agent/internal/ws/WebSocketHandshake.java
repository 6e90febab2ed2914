package dev.wagateway.egress.agent.internal.ws;

import static dev.wagateway.egress.agent.internal.ws.Rfc6455.PROTOCOL_ERROR;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The client's HTTP/1.1 Upgrade (RFC 6455 §4.1): request, then the 101 response checked. */
final class WebSocketHandshake {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_RESPONSE_HEAD = 16 * 1024;

  /** A non-101 answer: the server refused the upgrade. */
  static final class UpgradeRefusedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    UpgradeRefusedException(int status) {
      super("HTTP " + status + " on upgrade");
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private WebSocketHandshake() {}

  static String newKey(SecureRandom random) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  static String acceptFor(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] d = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JVM", e);
    }
  }

  /** Writes the upgrade request for {@code hostHeader} and {@code target} (path and query). */
  static void writeRequest(
      OutputStream out, String hostHeader, String target, String key, String userAgent)
      throws IOException {
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\n"
            + "Host: "
            + hostHeader
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "User-Agent: "
            + userAgent
            + "\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Reads the response head from {@code in} (the same buffered stream frames are read from later)
   * and checks it: 101, {@code Upgrade: websocket}, {@code Connection: upgrade}, the accept value
   * for {@code key}, and no extension or subprotocol (none was offered).
   */
  static void readResponse(InputStream in, String key) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new WebSocketProtocolException(PROTOCOL_ERROR, "upgrade response is not HTTP/1.x");
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      throw new WebSocketProtocolException(PROTOCOL_ERROR, "upgrade response has no status");
    }
    if (code != 101) {
      throw new UpgradeRefusedException(code);
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new WebSocketProtocolException(PROTOCOL_ERROR, "malformed upgrade response header");
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))) {
      throw new WebSocketProtocolException(PROTOCOL_ERROR, "101 without Upgrade: websocket");
    }
    boolean upgrade = false;
    for (String token : headers.getOrDefault("connection", "").split(",")) {
      upgrade |= token.trim().equalsIgnoreCase("upgrade");
    }
    if (!upgrade) {
      throw new WebSocketProtocolException(PROTOCOL_ERROR, "101 without Connection: upgrade");
    }
    if (!acceptFor(key).equals(headers.get("sec-websocket-accept"))) {
      throw new WebSocketProtocolException(PROTOCOL_ERROR, "wrong Sec-WebSocket-Accept");
    }
    if (headers.containsKey("sec-websocket-extensions")
        || headers.containsKey("sec-websocket-protocol")) {
      throw new WebSocketProtocolException(
          PROTOCOL_ERROR, "server chose an extension or subprotocol that was not offered");
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed during the websocket upgrade");
      }
      if (head.size() >= MAX_RESPONSE_HEAD) {
        throw new WebSocketProtocolException(PROTOCOL_ERROR, "upgrade response head too long");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    // Not head.toString(Charset): that is Java 10 and Android API 33.
    String s = new String(head.toByteArray(), StandardCharsets.ISO_8859_1);
    return s.substring(0, s.length() - 4);
  }
}
