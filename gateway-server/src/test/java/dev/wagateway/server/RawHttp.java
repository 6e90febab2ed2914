package dev.wagateway.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, for requests no client library would send. */
final class RawHttp {
  private RawHttp() {}

  /** A parsed answer: status, headers (lower-case names), body, and whether the peer closed. */
  record Answer(int status, Map<String, String> headers, String body, boolean closed) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Sends {@code request} (bytes as ISO-8859-1) and reads until the server closes or 5 s pass. */
  static Answer exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), null);
  }

  static Answer exchange(int port, byte[] request, InetAddress from) throws IOException {
    try (Socket s =
        from == null
            ? new Socket("127.0.0.1", port)
            : new Socket(InetAddress.getByName("127.0.0.1"), port, from, 0)) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      return read(s.getInputStream());
    }
  }

  /** Reads one answer; stops at EOF, at a read timeout, or when the body is complete. */
  static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    boolean closed = false;
    try {
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          closed = true;
          break;
        }
        out.write(buf, 0, n);
        if (complete(out.toString(StandardCharsets.ISO_8859_1))) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      // answer as far as it came
    } catch (IOException e) {
      closed = true;
    }
    return parse(out.toString(StandardCharsets.ISO_8859_1), closed);
  }

  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    Map<String, String> headers = headers(text.substring(0, end));
    String length = headers.get("content-length");
    return length != null && text.length() - end - 4 >= Integer.parseInt(length.strip());
  }

  private static Answer parse(String text, boolean closed) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return new Answer(-1, Map.of(), text, closed);
    }
    String head = text.substring(0, end);
    String statusLine = head.split("\r\n", 2)[0];
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    return new Answer(status, headers(head), text.substring(end + 4), closed);
  }

  private static Map<String, String> headers(String head) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        out.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    return out;
  }
}
