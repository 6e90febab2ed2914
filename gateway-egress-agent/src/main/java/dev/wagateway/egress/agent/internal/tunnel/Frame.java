package dev.wagateway.egress.agent.internal.tunnel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One tunnel frame (docs/egress-tunnel.md §2): a 6-byte header (type, flags, u32 stream id, all
 * big-endian) and a payload that fills the rest of the WebSocket message.
 */
public final class Frame {
  public static final int HEADER = 6;
  public static final int MAX_JSON = 4096;

  public static final int CHALLENGE = 0x01;
  public static final int HELLO = 0x02;
  public static final int WELCOME = 0x03;
  public static final int REPORT = 0x04;
  public static final int GOAWAY = 0x05;
  public static final int PING = 0x06;
  public static final int PONG = 0x07;
  public static final int OPEN = 0x10;
  public static final int OPEN_OK = 0x11;
  public static final int OPEN_FAIL = 0x12;
  public static final int DATA = 0x13;
  public static final int WINDOW_UPDATE = 0x14;
  public static final int CLOSE = 0x15;
  public static final int RESET = 0x16;

  private final int type;
  private final long streamId;
  private final byte[] message;

  private Frame(int type, long streamId, byte[] message) {
    this.type = type;
    this.streamId = streamId;
    this.message = message;
  }

  /**
   * Parses one WebSocket binary message; the frame keeps {@code message}, which must not change.
   */
  public static Frame decode(byte[] message) throws TunnelProtocolException {
    if (message == null || message.length < HEADER) {
      throw new TunnelProtocolException("frame shorter than its 6-byte header");
    }
    int type = message[0] & 0xff;
    long id =
        ((message[2] & 0xffL) << 24)
            | ((message[3] & 0xffL) << 16)
            | ((message[4] & 0xffL) << 8)
            | (message[5] & 0xffL);
    return new Frame(type, id, message);
  }

  /** Encodes a frame (flags 0). */
  public static byte[] encode(int type, long streamId, byte[] payload, int offset, int length) {
    byte[] out = new byte[HEADER + length];
    out[0] = (byte) type;
    out[2] = (byte) (streamId >>> 24);
    out[3] = (byte) (streamId >>> 16);
    out[4] = (byte) (streamId >>> 8);
    out[5] = (byte) streamId;
    if (length > 0) {
      System.arraycopy(payload, offset, out, HEADER, length);
    }
    return out;
  }

  /** The 6-byte header alone (for a sink that writes header and payload separately). */
  public static byte[] header(int type, long streamId) {
    return encode(type, streamId, null, 0, 0);
  }

  public static byte[] encode(int type, long streamId, byte[] payload) {
    return encode(type, streamId, payload, 0, payload.length);
  }

  public static byte[] empty(int type, long streamId) {
    return encode(type, streamId, new byte[0], 0, 0);
  }

  public static byte[] json(int type, long streamId, Json.Obj body) {
    return encode(type, streamId, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] u32(int type, long streamId, long value) {
    byte[] v = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    return encode(type, streamId, v);
  }

  public static byte[] reset(long streamId, ResetCode code, String message) {
    byte[] text = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(text.length, 256);
    byte[] payload = new byte[1 + n];
    payload[0] = (byte) code.value;
    System.arraycopy(text, 0, payload, 1, n);
    return encode(RESET, streamId, payload);
  }

  public int type() {
    return type;
  }

  public long streamId() {
    return streamId;
  }

  public int payloadLength() {
    return message.length - HEADER;
  }

  /**
   * The whole message this frame was decoded from, header included (not a copy: the frame owns the
   * array it was decoded from).
   */
  byte[] message() {
    return message;
  }

  /** The payload bytes (a copy). */
  public byte[] payload() {
    return Arrays.copyOfRange(message, HEADER, message.length);
  }

  /** The payload as a JSON object (at most {@link #MAX_JSON} bytes). */
  public Json.Obj jsonPayload() throws TunnelProtocolException {
    if (payloadLength() > MAX_JSON) {
      throw new TunnelProtocolException("JSON payload longer than " + MAX_JSON + " bytes");
    }
    return Json.parseObject(new String(message, HEADER, payloadLength(), StandardCharsets.UTF_8));
  }

  /** The payload as a u32 (WINDOW_UPDATE). */
  public long u32Payload() throws TunnelProtocolException {
    if (payloadLength() != 4) {
      throw new TunnelProtocolException("WINDOW_UPDATE payload must be 4 bytes");
    }
    return ((message[6] & 0xffL) << 24)
        | ((message[7] & 0xffL) << 16)
        | ((message[8] & 0xffL) << 8)
        | (message[9] & 0xffL);
  }

  public static String typeName(int type) {
    switch (type) {
      case CHALLENGE:
        return "CHALLENGE";
      case HELLO:
        return "HELLO";
      case WELCOME:
        return "WELCOME";
      case REPORT:
        return "REPORT";
      case GOAWAY:
        return "GOAWAY";
      case PING:
        return "PING";
      case PONG:
        return "PONG";
      case OPEN:
        return "OPEN";
      case OPEN_OK:
        return "OPEN_OK";
      case OPEN_FAIL:
        return "OPEN_FAIL";
      case DATA:
        return "DATA";
      case WINDOW_UPDATE:
        return "WINDOW_UPDATE";
      case CLOSE:
        return "CLOSE";
      case RESET:
        return "RESET";
      default:
        return "0x" + Integer.toHexString(type);
    }
  }

  @Override
  public String toString() {
    return typeName(type) + "[stream=" + streamId + ", " + payloadLength() + " bytes]";
  }
}
