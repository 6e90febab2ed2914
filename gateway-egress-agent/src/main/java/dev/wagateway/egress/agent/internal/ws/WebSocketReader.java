package dev.wagateway.egress.agent.internal.ws;

import static dev.wagateway.egress.agent.internal.ws.Rfc6455.INVALID_PAYLOAD;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.MESSAGE_TOO_BIG;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.NO_STATUS;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_BINARY;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_CLOSE;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_CONTINUATION;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_PING;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_PONG;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_TEXT;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.PROTOCOL_ERROR;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.validCloseCode;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server frames (RFC 6455 §5): unmasked, no extensions. A whole message is read straight into
 * one array sized from the header (no per-byte work); fragments are joined, and control frames
 * between fragments are handled on the way. Messages above the size limit, masked or reserved-bit
 * frames, unknown opcodes, bad continuations and bad close frames are {@link
 * WebSocketProtocolException}s.
 */
final class WebSocketReader {
  /** What the reader delivers, on its own thread. */
  interface Handler {
    void onBinary(byte[] message) throws IOException;

    void onText(String message) throws IOException;

    void onPing(byte[] payload) throws IOException;

    /** A close frame: {@code code} is 1005 when the frame had no status. */
    void onClose(int code, String reason) throws IOException;
  }

  private final InputStream in;
  private final byte[] header = new byte[8];
  private volatile int maxMessage;

  /** {@code in} should be buffered: headers are read a few bytes at a time. */
  WebSocketReader(InputStream in, int maxMessage) {
    this.in = in;
    this.maxMessage = maxMessage;
  }

  /** Changes the largest message accepted (a reassembled message counts whole). */
  void maxMessage(int bytes) {
    this.maxMessage = bytes;
  }

  /**
   * Reads one data message (and any control frames before it or between its fragments), handing
   * everything to {@code handler}. Returns false after a close frame.
   */
  boolean readMessage(Handler handler) throws IOException {
    int opcode = -1;
    byte[] message = null;
    int size = 0;
    while (true) {
      readFully(header, 0, 2);
      int b0 = header[0] & 0xff;
      int b1 = header[1] & 0xff;
      boolean fin = (b0 & 0x80) != 0;
      int op = b0 & 0x0f;
      if ((b0 & 0x70) != 0) {
        throw new WebSocketProtocolException(PROTOCOL_ERROR, "reserved bits set (no extension)");
      }
      if ((b1 & 0x80) != 0) {
        throw new WebSocketProtocolException(PROTOCOL_ERROR, "server frame is masked");
      }
      long len = b1 & 0x7f;
      if (len == 126) {
        readFully(header, 0, 2);
        len = (long) ((header[0] & 0xff) << 8 | (header[1] & 0xff));
      } else if (len == 127) {
        readFully(header, 0, 8);
        len = ByteBuffer.wrap(header).getLong();
        if (len < 0) {
          throw new WebSocketProtocolException(
              PROTOCOL_ERROR, "64-bit length with its top bit set");
        }
      }
      if (op >= 0x8) {
        if (op > OP_PONG) {
          throw new WebSocketProtocolException(PROTOCOL_ERROR, "unknown control opcode " + op);
        }
        if (!fin || len > 125) {
          throw new WebSocketProtocolException(
              PROTOCOL_ERROR, "control frame fragmented or above 125 bytes");
        }
        byte[] payload = new byte[(int) len];
        readFully(payload, 0, payload.length);
        if (op == OP_PING) {
          handler.onPing(payload);
        } else if (op == OP_CLOSE) {
          close(payload, handler);
          return false;
        }
        continue;
      }
      if (op == OP_CONTINUATION) {
        if (opcode < 0) {
          throw new WebSocketProtocolException(PROTOCOL_ERROR, "continuation without a message");
        }
      } else if (op == OP_TEXT || op == OP_BINARY) {
        if (opcode >= 0) {
          throw new WebSocketProtocolException(
              PROTOCOL_ERROR, "new message before the previous one finished");
        }
        opcode = op;
      } else {
        throw new WebSocketProtocolException(PROTOCOL_ERROR, "unknown data opcode " + op);
      }
      if (len > maxMessage - size) {
        throw new WebSocketProtocolException(
            MESSAGE_TOO_BIG, "message above " + maxMessage + " bytes");
      }
      int n = (int) len;
      if (message == null) {
        message = new byte[n];
      } else if (n > 0) {
        message = Arrays.copyOf(message, size + n);
      }
      readFully(message, size, n);
      size += n;
      if (fin) {
        if (opcode == OP_BINARY) {
          handler.onBinary(message);
        } else {
          handler.onText(new String(message, StandardCharsets.UTF_8));
        }
        return true;
      }
    }
  }

  private static void close(byte[] payload, Handler handler) throws IOException {
    if (payload.length == 0) {
      handler.onClose(NO_STATUS, "");
      return;
    }
    if (payload.length == 1) {
      throw new WebSocketProtocolException(PROTOCOL_ERROR, "close frame with a 1-byte payload");
    }
    int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    if (!validCloseCode(code)) {
      throw new WebSocketProtocolException(PROTOCOL_ERROR, "invalid close code " + code);
    }
    String reason = Rfc6455.utf8(payload, 2, payload.length - 2);
    if (reason == null) {
      throw new WebSocketProtocolException(INVALID_PAYLOAD, "close reason is not UTF-8");
    }
    handler.onClose(code, reason);
  }

  private void readFully(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = in.read(b, off, len);
      if (n < 0) {
        throw new EOFException("websocket connection ended mid-frame");
      }
      off += n;
      len -= n;
    }
  }
}
