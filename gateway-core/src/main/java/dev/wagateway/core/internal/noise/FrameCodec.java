package dev.wagateway.core.internal.noise;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.wire.WireException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The WhatsApp frame layer (docs/protocol/transport.md §1.2-1.3, §2): every unit in both directions
 * is a uint24 big-endian length followed by that many bytes; the client's first WebSocket message
 * starts with the intro ({@code "WA" 06 03}, optionally preceded by the {@code ED} edge-routing
 * header).
 */
public final class FrameCodec {
  /** Bytes of the length prefix. */
  public static final int HEADER_LENGTH = 3;

  /** Largest payload a 24-bit length can describe (16 MiB − 1). */
  public static final int MAX_FRAME_LENGTH = 0xFF_FFFF;

  /** Protocol major version sent in the connection header (whatsmeow {@code WAMagicValue}). */
  static final byte WA_MAGIC_VERSION = 6;

  /** Token dictionary version sent in the connection header. */
  static final byte DICTIONARY_VERSION = 3;

  private static final byte[] CONNECTION_HEADER = {'W', 'A', WA_MAGIC_VERSION, DICTIONARY_VERSION};
  private static final byte[] ROUTING_MAGIC = {'E', 'D', 0, 1};

  private FrameCodec() {}

  /** {@code 57 41 06 03}: the connection header, also the Noise prologue. */
  public static byte[] connectionHeader() {
    return CONNECTION_HEADER.clone();
  }

  /**
   * The bytes in front of the first frame: {@code ED 00 01 ‖ uint24 len ‖ routingInfo} when routing
   * info is known (non-null and non-empty), then the connection header.
   */
  public static byte[] intro(byte[] routingInfo) {
    if (routingInfo == null || routingInfo.length == 0) {
      return connectionHeader();
    }
    if (routingInfo.length > MAX_FRAME_LENGTH) {
      throw new ValidationException("routing info longer than a 24-bit length allows");
    }
    byte[] out =
        new byte
            [ROUTING_MAGIC.length + HEADER_LENGTH + routingInfo.length + CONNECTION_HEADER.length];
    int at = 0;
    System.arraycopy(ROUTING_MAGIC, 0, out, at, ROUTING_MAGIC.length);
    at += ROUTING_MAGIC.length;
    writeLength(out, at, routingInfo.length);
    at += HEADER_LENGTH;
    System.arraycopy(routingInfo, 0, out, at, routingInfo.length);
    at += routingInfo.length;
    System.arraycopy(CONNECTION_HEADER, 0, out, at, CONNECTION_HEADER.length);
    return out;
  }

  /** {@code uint24_be(length) ‖ data}. */
  public static byte[] frame(byte[] data) {
    checkLength(data);
    byte[] out = new byte[HEADER_LENGTH + data.length];
    writeLength(out, 0, data.length);
    System.arraycopy(data, 0, out, HEADER_LENGTH, data.length);
    return out;
  }

  /** The client's first WebSocket message: {@code intro(routingInfo) ‖ frame(data)}. */
  public static byte[] introFrame(byte[] routingInfo, byte[] data) {
    checkLength(data);
    byte[] intro = intro(routingInfo);
    byte[] out = new byte[intro.length + HEADER_LENGTH + data.length];
    System.arraycopy(intro, 0, out, 0, intro.length);
    writeLength(out, intro.length, data.length);
    System.arraycopy(data, 0, out, intro.length + HEADER_LENGTH, data.length);
    return out;
  }

  private static void checkLength(byte[] data) {
    if (data.length > MAX_FRAME_LENGTH) {
      throw new ValidationException(
          "frame payload of "
              + data.length
              + " bytes exceeds the 24-bit limit "
              + MAX_FRAME_LENGTH);
    }
  }

  private static void writeLength(byte[] out, int at, int length) {
    out[at] = (byte) (length >>> 16);
    out[at + 1] = (byte) (length >>> 8);
    out[at + 2] = (byte) length;
  }

  /**
   * Reassembles frames from a byte stream cut anywhere (WebSocket messages may hold several frames,
   * or part of one, even part of the 3-byte length). Holds at most one partial frame: the header
   * plus at most {@code maxFrameLength} bytes, grown as the bytes arrive. After a {@link
   * WireException} the stream is broken and every later call fails too. Not thread-safe.
   */
  public static final class Decoder {
    private static final int INITIAL_CAPACITY = 1024;

    private final int maxFrameLength;
    private final byte[] header = new byte[HEADER_LENGTH];
    private int headerFill;
    private byte[] body;
    private int bodyLength = -1;
    private int bodyFill;
    private WireException failure;

    /** A decoder that accepts any frame a 24-bit length can describe. */
    public Decoder() {
      this(MAX_FRAME_LENGTH);
    }

    /** A decoder that refuses frames declaring more than {@code maxFrameLength} bytes. */
    public Decoder(int maxFrameLength) {
      if (maxFrameLength < 0 || maxFrameLength > MAX_FRAME_LENGTH) {
        throw new IllegalArgumentException("maxFrameLength out of range 0.." + MAX_FRAME_LENGTH);
      }
      this.maxFrameLength = maxFrameLength;
    }

    /**
     * Consumes {@code chunk} and returns every frame it completes, in order.
     *
     * @throws WireException code {@code frame_too_large} when a declared length exceeds the cap
     */
    public List<byte[]> feed(byte[] chunk) throws WireException {
      if (failure != null) {
        throw new WireException(
            failure.code(), "frame stream already broken: " + failure.getMessage());
      }
      List<byte[]> frames = new ArrayList<>();
      int at = 0;
      while (at < chunk.length) {
        if (bodyLength < 0) {
          int n = Math.min(HEADER_LENGTH - headerFill, chunk.length - at);
          System.arraycopy(chunk, at, header, headerFill, n);
          headerFill += n;
          at += n;
          if (headerFill < HEADER_LENGTH) {
            break;
          }
          int length = ((header[0] & 0xFF) << 16) | ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
          if (length > maxFrameLength) {
            failure =
                new WireException(
                    "frame_too_large",
                    "frame declares " + length + " bytes, limit is " + maxFrameLength);
            throw failure;
          }
          bodyLength = length;
          bodyFill = 0;
          body = new byte[Math.min(length, Math.max(INITIAL_CAPACITY, chunk.length - at))];
        }
        int n = Math.min(bodyLength - bodyFill, chunk.length - at);
        if (bodyFill + n > body.length) {
          body = Arrays.copyOf(body, Math.min(bodyLength, Math.max(bodyFill + n, body.length * 2)));
        }
        System.arraycopy(chunk, at, body, bodyFill, n);
        bodyFill += n;
        at += n;
        if (bodyFill == bodyLength) {
          frames.add(body.length == bodyLength ? body : Arrays.copyOf(body, bodyLength));
          body = null;
          bodyLength = -1;
          headerFill = 0;
        }
      }
      return frames;
    }

    /** Bytes held for the frame in progress (header and body). */
    public int buffered() {
      return headerFill + (bodyLength < 0 ? 0 : bodyFill);
    }
  }
}
