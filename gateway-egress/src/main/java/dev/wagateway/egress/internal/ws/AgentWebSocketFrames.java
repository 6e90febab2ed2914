package dev.wagateway.egress.internal.ws;

import static dev.wagateway.egress.agent.internal.ws.Rfc6455.INVALID_PAYLOAD;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.MAX_CONTROL_PAYLOAD;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.MESSAGE_TOO_BIG;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.NO_STATUS;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_BINARY;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_CLOSE;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_CONTINUATION;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_PING;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_PONG;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_TEXT;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.PROTOCOL_ERROR;

import dev.wagateway.egress.agent.internal.ws.Rfc6455;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The gateway's side of RFC 6455 framing for one agent WebSocket, free of any I/O: the server's
 * {@code /egress/agent} connection feeds it the bytes it reads and gets whole messages back, and
 * asks it for the bytes of the frames it sends. No extensions, no subprotocol.
 *
 * <p>Inbound (client) frames must be masked; the payload is unmasked eight bytes per step while it
 * is copied out of the read buffer into the message's own array (one pass). Fragmented messages are
 * joined, with control frames allowed between fragments. A message above {@link #MAX_MESSAGE} is
 * refused from its header, before anything is allocated. Broken frames end the stream with {@link
 * Handler#onProtocolError} and the close code to send: 1002 (unmasked frame, reserved bits, unknown
 * opcode, bad control frame, bad continuation, bad close frame, 64-bit length with the top bit
 * set), 1007 (text or close reason that is not UTF-8) or 1009 (message too big).
 *
 * <pre>{@code
 * AgentWebSocketFrames frames = new AgentWebSocketFrames(handler);
 * while (frames.feed(readBuffer)) { ...read more... }
 * endPoint.write(cb, AgentWebSocketFrames.binaryHeader(msg.length), ByteBuffer.wrap(msg));
 * }</pre>
 *
 * <p>The constants and primitives both roles share (opcodes, close codes, the close payload, strict
 * UTF-8) are the agent module's {@link Rfc6455}. Not thread-safe: one reader feeds it.
 */
public final class AgentWebSocketFrames {
  /** The largest message accepted (a fragmented message counts whole): 1 MiB. */
  public static final int MAX_MESSAGE = 1 << 20;

  /** What a fed stream delivers, on the feeding thread. */
  public interface Handler {
    /** A whole binary message, in a fresh array the handler may keep. */
    void onBinary(byte[] message);

    /** A whole text message (checked UTF-8). */
    void onText(String message);

    /** A ping: answer with {@link #pong}. */
    void onPing(byte[] payload);

    /**
     * The peer's close frame; nothing more is read. {@code code} is 1005 when the frame had no
     * status. Answer with {@link #close}.
     */
    void onClose(int code, String reason);

    /** The peer broke the protocol; nothing more is read. Close with {@code closeCode}. */
    void onProtocolError(int closeCode, String message);
  }

  private static final int HEADER = 0;
  private static final int PAYLOAD = 1;
  private static final int ENDED = 2;

  private final Handler handler;
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

  public AgentWebSocketFrames(Handler handler) {
    this(handler, MAX_MESSAGE);
  }

  /**
   * @param maxMessage the largest message accepted, in bytes
   */
  public AgentWebSocketFrames(Handler handler, int maxMessage) {
    if (maxMessage < MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException("maxMessage must be at least 125 bytes");
    }
    this.handler = handler;
    this.maxMessage = maxMessage;
  }

  /**
   * Consumes every remaining byte of {@code in} (a frame cut anywhere is continued by the next
   * call) and delivers what completes. Returns false once the stream ended (a close frame or a
   * protocol error was delivered); bytes after that are left unread.
   */
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

  /** The header of an unmasked, unfragmented binary frame of {@code length} payload bytes. */
  public static ByteBuffer binaryHeader(int length) {
    return ByteBuffer.wrap(header(OP_BINARY, length));
  }

  /** The header of an unmasked, unfragmented text frame of {@code length} payload bytes. */
  public static ByteBuffer textHeader(int length) {
    return ByteBuffer.wrap(header(OP_TEXT, length));
  }

  /** A whole pong frame echoing {@code payload} (at most 125 bytes). */
  public static ByteBuffer pong(byte[] payload) {
    return ByteBuffer.wrap(control(OP_PONG, payload));
  }

  /**
   * A whole close frame: {@code code} and {@code reason} (cut to 123 bytes of UTF-8, never inside a
   * character). A code that must not be sent (1005, 1006, 1015, out of range) gives a close frame
   * without a status.
   */
  public static ByteBuffer close(int code, String reason) {
    return ByteBuffer.wrap(closeFrame(code, reason));
  }

  /** The header of an unmasked, final frame of {@code opcode} with {@code length} bytes. */
  private static byte[] header(int opcode, int length) {
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
  private static byte[] control(int opcode, byte[] payload) {
    if (payload.length > MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException("control frame payload above 125 bytes");
    }
    byte[] f = new byte[2 + payload.length];
    f[0] = (byte) (0x80 | opcode);
    f[1] = (byte) payload.length;
    System.arraycopy(payload, 0, f, 2, payload.length);
    return f;
  }

  /** A whole close frame; without a status when {@code code} may not be sent. */
  private static byte[] closeFrame(int code, String reason) {
    if (!Rfc6455.validCloseCode(code)) {
      return control(OP_CLOSE, new byte[0]);
    }
    return control(OP_CLOSE, Rfc6455.closePayload(code, reason));
  }

  /**
   * Copies {@code len} masked bytes from {@code src} at absolute index {@code at} into {@code
   * dst[off...]}, unmasking them on the way, eight bytes per step. {@code mask} holds the frame's
   * four key bytes big-endian; {@code phase} is the index (mod 4) of the first byte within the
   * frame's payload, so a payload can arrive in several pieces. Positions of {@code src} are not
   * changed.
   */
  static void unmask(ByteBuffer src, int at, byte[] dst, int off, int len, int mask, int phase) {
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
        closeFrameReceived(payload);
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
    String text = Rfc6455.utf8(whole, 0, whole.length);
    if (text == null) {
      fail(INVALID_PAYLOAD, "text message is not UTF-8");
    } else {
      handler.onText(text);
    }
  }

  private void closeFrameReceived(byte[] payload) {
    if (payload.length == 0) {
      state = ENDED;
      handler.onClose(NO_STATUS, "");
      return;
    }
    if (payload.length == 1) {
      fail(PROTOCOL_ERROR, "close frame with a 1-byte payload");
      return;
    }
    int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    if (!Rfc6455.validCloseCode(code)) {
      fail(PROTOCOL_ERROR, "invalid close code " + code);
      return;
    }
    String reason = Rfc6455.utf8(payload, 2, payload.length - 2);
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
}
