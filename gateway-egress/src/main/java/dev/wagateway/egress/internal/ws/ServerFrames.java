package dev.wagateway.egress.internal.ws;

import static dev.wagateway.egress.internal.ws.WebSocketProtocolException.INVALID_PAYLOAD;
import static dev.wagateway.egress.internal.ws.WebSocketProtocolException.MESSAGE_TOO_BIG;
import static dev.wagateway.egress.internal.ws.WebSocketProtocolException.PROTOCOL_ERROR;

import dev.wagateway.egress.tunnel.AgentWebSocketFrames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The server role of RFC 6455 framing (behind {@link AgentWebSocketFrames}): an incremental reader
 * of masked client frames, and the bytes of unmasked server frames.
 */
public final class ServerFrames {
  public static final int OP_CONTINUATION = WebSocketWriter.OP_CONTINUATION;
  public static final int OP_TEXT = WebSocketWriter.OP_TEXT;
  public static final int OP_BINARY = WebSocketWriter.OP_BINARY;
  public static final int OP_CLOSE = WebSocketWriter.OP_CLOSE;
  public static final int OP_PING = WebSocketWriter.OP_PING;
  public static final int OP_PONG = WebSocketWriter.OP_PONG;

  private ServerFrames() {}

  /** The header of an unmasked, final frame of {@code opcode} with {@code length} bytes. */
  public static byte[] header(int opcode, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative frame length");
    }
    byte first = (byte) (0x80 | opcode);
    if (length <= 125) {
      return new byte[] {first, (byte) length};
    }
    if (length <= 0xffff) {
      return new byte[] {first, 126, (byte) (length >>> 8), (byte) length};
    }
    byte[] h = new byte[10];
    h[0] = first;
    h[1] = 127;
    for (int i = 0; i < 8; i++) {
      h[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
    }
    return h;
  }

  /** A whole unmasked control frame. */
  public static byte[] control(int opcode, byte[] payload) {
    if (payload.length > 125) {
      throw new IllegalArgumentException("control frame payload above 125 bytes");
    }
    byte[] f = new byte[2 + payload.length];
    f[0] = (byte) (0x80 | opcode);
    f[1] = (byte) payload.length;
    System.arraycopy(payload, 0, f, 2, payload.length);
    return f;
  }

  /** A whole close frame; without a status when {@code code} may not be sent. */
  public static byte[] closeFrame(int code, String reason) {
    if (!WebSocketReader.validCloseCode(code)) {
      return control(OP_CLOSE, new byte[0]);
    }
    return control(OP_CLOSE, WebSocketWriter.closePayload(code, reason));
  }

  /**
   * Copies {@code len} masked bytes from {@code src} at absolute index {@code at} into {@code
   * dst[off...]}, unmasking them on the way, eight bytes per step. {@code mask} holds the frame's
   * four key bytes big-endian; {@code phase} is the index (mod 4) of the first byte within the
   * frame's payload, so a payload can arrive in several pieces. Positions of {@code src} are not
   * changed.
   */
  public static void unmask(
      ByteBuffer src, int at, byte[] dst, int off, int len, int mask, int phase) {
    int key = Integer.rotateLeft(mask, 8 * (phase & 3));
    // The eight-byte key in the buffer's byte order, so each step is one load, XOR and store.
    int ordered = src.order() == ByteOrder.BIG_ENDIAN ? key : Integer.reverseBytes(key);
    long wide = ((long) ordered << 32) | (ordered & 0xffffffffL);
    ByteBuffer out = ByteBuffer.wrap(dst).order(src.order());
    int i = 0;
    for (int end = len - 7; i < end; i += 8) {
      out.putLong(off + i, src.getLong(at + i) ^ wide);
    }
    for (; i < len; i++) {
      dst[off + i] = (byte) (src.get(at + i) ^ (key >>> (24 - 8 * (i & 3))));
    }
  }

  /**
   * Reads masked client frames from buffers fed one after another; a frame (header included) may be
   * cut anywhere. Delivers whole messages and control frames to the handler.
   */
  public static final class Reader {
    private static final int HEADER = 0;
    private static final int PAYLOAD = 1;
    private static final int ENDED = 2;

    private final AgentWebSocketFrames.Handler handler;
    private final int maxMessage;
    private final byte[] head = new byte[14];
    private int headHave;
    private int headNeed = 2;
    private int state = HEADER;

    // The frame being read.
    private int opcode;
    private boolean fin;
    private int mask;
    private int frameLength;
    private int frameDone;
    private byte[] target;
    private int targetOff;

    // The data message being assembled (over one or more frames).
    private int messageOpcode = -1;
    private byte[] message;
    private int messageSize;

    public Reader(AgentWebSocketFrames.Handler handler, int maxMessage) {
      this.handler = handler;
      this.maxMessage = maxMessage;
    }

    /** See {@link AgentWebSocketFrames#feed}. */
    public boolean feed(ByteBuffer in) {
      while (state != ENDED) {
        if (state == HEADER) {
          if (!readHeader(in)) {
            return true;
          }
          if (state == ENDED) {
            return false;
          }
          if (frameLength == 0) {
            endFrame();
            continue;
          }
          state = PAYLOAD;
        }
        int take = Math.min(in.remaining(), frameLength - frameDone);
        if (take == 0) {
          return true;
        }
        int pos = in.position();
        unmask(in, pos, target, targetOff + frameDone, take, mask, frameDone);
        in.position(pos + take);
        frameDone += take;
        if (frameDone == frameLength) {
          endFrame();
        }
      }
      return false;
    }

    /** Gathers the header; true once it is whole and checked (or the stream ended on it). */
    private boolean readHeader(ByteBuffer in) {
      while (headHave < headNeed) {
        int n = Math.min(headNeed - headHave, in.remaining());
        if (n == 0) {
          return false;
        }
        in.get(head, headHave, n);
        headHave += n;
        if (headHave == 2 && headNeed == 2 && !firstTwoBytes()) {
          return true;
        }
      }
      restOfHeader();
      return true;
    }

    /** Checks the first two bytes and works out the header's full size; false on an error. */
    private boolean firstTwoBytes() {
      int b0 = head[0] & 0xff;
      int b1 = head[1] & 0xff;
      fin = (b0 & 0x80) != 0;
      opcode = b0 & 0x0f;
      if ((b0 & 0x70) != 0) {
        return fail(PROTOCOL_ERROR, "reserved bits set (no extension was negotiated)");
      }
      if ((b1 & 0x80) == 0) {
        return fail(PROTOCOL_ERROR, "client frame is not masked");
      }
      int len7 = b1 & 0x7f;
      if (opcode >= OP_CLOSE) {
        if (opcode > OP_PONG) {
          return fail(PROTOCOL_ERROR, "unknown control opcode " + opcode);
        }
        if (!fin) {
          return fail(PROTOCOL_ERROR, "fragmented control frame");
        }
        if (len7 > 125) {
          return fail(PROTOCOL_ERROR, "control frame above 125 bytes");
        }
      } else if (opcode == OP_CONTINUATION) {
        if (messageOpcode < 0) {
          return fail(PROTOCOL_ERROR, "continuation frame without a message");
        }
      } else if (opcode == OP_TEXT || opcode == OP_BINARY) {
        if (messageOpcode >= 0) {
          return fail(PROTOCOL_ERROR, "new message before the previous one finished");
        }
      } else {
        return fail(PROTOCOL_ERROR, "unknown data opcode " + opcode);
      }
      headNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
      return true;
    }

    private void restOfHeader() {
      int len7 = head[1] & 0x7f;
      long len;
      int at;
      if (len7 == 126) {
        len = (long) ((head[2] & 0xff) << 8 | (head[3] & 0xff));
        at = 4;
      } else if (len7 == 127) {
        len = ByteBuffer.wrap(head, 2, 8).getLong();
        at = 10;
        if (len < 0) {
          fail(PROTOCOL_ERROR, "64-bit length with its top bit set");
          return;
        }
      } else {
        len = len7;
        at = 2;
      }
      mask = ByteBuffer.wrap(head, at, 4).getInt();
      headHave = 0;
      headNeed = 2;
      frameDone = 0;
      if (opcode >= OP_CLOSE) {
        frameLength = (int) len;
        target = new byte[frameLength];
        targetOff = 0;
        return;
      }
      // Checked before anything is allocated: len is untrusted.
      if (len > maxMessage - messageSize) {
        fail(MESSAGE_TOO_BIG, "message above " + maxMessage + " bytes");
        return;
      }
      frameLength = (int) len;
      if (opcode != OP_CONTINUATION) {
        messageOpcode = opcode;
        message = new byte[frameLength];
        messageSize = 0;
      } else if (frameLength > 0) {
        message = Arrays.copyOf(message, messageSize + frameLength);
      }
      target = message;
      targetOff = messageSize;
    }

    private void endFrame() {
      state = HEADER;
      byte[] payload = target;
      target = null;
      if (opcode >= OP_CLOSE) {
        if (opcode == OP_PING) {
          handler.onPing(payload);
        } else if (opcode == OP_CLOSE) {
          close(payload);
        }
        return;
      }
      messageSize += frameLength;
      if (!fin) {
        return;
      }
      byte[] whole = message;
      int kind = messageOpcode;
      message = null;
      messageOpcode = -1;
      messageSize = 0;
      if (kind == OP_BINARY) {
        handler.onBinary(whole);
        return;
      }
      String text = utf8(whole, 0, whole.length);
      if (text == null) {
        fail(INVALID_PAYLOAD, "text message is not UTF-8");
      } else {
        handler.onText(text);
      }
    }

    private void close(byte[] payload) {
      if (payload.length == 0) {
        state = ENDED;
        handler.onClose(WebSocketReader.NO_STATUS, "");
        return;
      }
      if (payload.length == 1) {
        fail(PROTOCOL_ERROR, "close frame with a 1-byte payload");
        return;
      }
      int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
      if (!WebSocketReader.validCloseCode(code)) {
        fail(PROTOCOL_ERROR, "invalid close code " + code);
        return;
      }
      String reason = utf8(payload, 2, payload.length - 2);
      if (reason == null) {
        fail(INVALID_PAYLOAD, "close reason is not UTF-8");
        return;
      }
      state = ENDED;
      handler.onClose(code, reason);
    }

    private boolean fail(int closeCode, String why) {
      state = ENDED;
      message = null;
      target = null;
      handler.onProtocolError(closeCode, why);
      return false;
    }

    /** Strict UTF-8 (no replacement characters), or null. */
    private static String utf8(byte[] b, int off, int len) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b, off, len))
            .toString();
      } catch (CharacterCodingException e) {
        return null;
      }
    }
  }
}
