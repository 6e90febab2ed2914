package dev.wagateway.core.wire;

import dev.wagateway.core.GatewayException;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * Encodes and decodes WABinary nodes to and from frame plaintexts (docs/protocol/transport.md §5):
 * one flag byte ({@code 0x00} plain, bit {@code 0x02} zlib) followed by the encoded node.
 *
 * <p>Encoding is byte-for-byte what Baileys' {@code encodeBinaryNode} writes for the same node (see
 * the interop vectors), including its quirks: a {@code :0} device still writes AD_JID, only
 * upper-case hex is hex-packed, packed strings are at most 127 characters, and {@code ""} is the
 * single byte {@code 00}. Where the dossier (docs/protocol/transport.md §5.6, whatsmeow) and
 * Baileys 6.7 differ, the dossier wins: {@code hosted}/{@code hosted.lid} JIDs are AD_JID domain
 * 128/129 both ways, {@code msgr} JIDs are FB_JID and {@code interop} JIDs INTEROP_JID. Text
 * containing {@code @} that Baileys would mangle (see {@code NodeEncoder}) is written as a plain
 * string.
 *
 * <p>Decoding returns what Baileys' {@code decodeBinaryNode} returns (JIDs as text, raw string
 * content as bytes, LIST_EMPTY content as an empty child list), but is stricter: bytes left after
 * the root node, JIDs nested in JIDs and JIDs without a user or server are errors. It is bounded by
 * {@link Limits}: it never allocates more than the input and the limits allow, never recurses
 * deeper than {@link Limits#maxDepth()}, and reports every problem as a {@link
 * MalformedNodeException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeCodec {
  private static final NodeCodec STANDARD = new NodeCodec(Limits.defaults());

  private final Limits limits;
  private final NodeEncoder<BinaryNode> encoder;
  private final NodeDecoder<BinaryNode> decoder;

  private NodeCodec(Limits limits) {
    this.limits = limits;
    this.encoder =
        new NodeEncoder<>(BinaryNodeModel.INSTANCE, limits.maxDepth(), limits.maxFrameBytes());
    this.decoder =
        new NodeDecoder<>(
            BinaryNodeModel.INSTANCE,
            limits.maxFrameBytes(),
            limits.maxInflatedBytes(),
            limits.maxDepth(),
            limits.maxListSize());
  }

  /** The codec with {@link Limits#defaults()}. */
  public static NodeCodec standard() {
    return STANDARD;
  }

  /** A codec with other limits. */
  public NodeCodec withLimits(Limits limits) {
    return new NodeCodec(Objects.requireNonNull(limits, "limits"));
  }

  public Limits limits() {
    return limits;
  }

  /**
   * The uncompressed frame plaintext of {@code node}, starting with the flag byte {@code 0x00}.
   *
   * @throws GatewayException.ValidationException if the node nests deeper than the limit, has more
   *     than 65535 children or attributes, or encodes to more than {@link Limits#maxFrameBytes()}
   */
  public byte[] encode(BinaryNode node) {
    return encoder.encode(Objects.requireNonNull(node, "node"));
  }

  /**
   * The compressed frame plaintext of {@code node}: flag {@code 0x02} followed by the zlib stream
   * of the encoded node. Clients never send this; the simulator and tests do.
   */
  public byte[] encodeCompressed(BinaryNode node) {
    byte[] plain = encode(node);
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(plain, 1, plain.length - 1);
      deflater.finish();
      byte[] out = new byte[Math.max(64, plain.length + plain.length / 8 + 64)];
      out[0] = 0x02;
      int n = 1;
      while (!deflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }

  /**
   * Decodes one frame plaintext (flag byte first; bit {@code 0x02} means the rest is zlib).
   *
   * @throws MalformedNodeException if the bytes are not exactly one valid node within the limits
   */
  public BinaryNode decode(byte[] framePlaintext) throws MalformedNodeException {
    Objects.requireNonNull(framePlaintext, "framePlaintext");
    return decoder.decode(framePlaintext, 0, framePlaintext.length);
  }

  /** Decodes {@code buf[offset, offset + length)}; offsets in errors are relative to offset. */
  public BinaryNode decode(byte[] buf, int offset, int length) throws MalformedNodeException {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(buf, "buf").length);
    return decoder.decode(buf, offset, length);
  }

  /**
   * Bounds for decoding (and the size/depth a node may have to be encoded).
   *
   * @param maxFrameBytes largest frame plaintext accepted (default 16 MiB, the 24-bit frame cap)
   * @param maxInflatedBytes largest inflated body of a compressed frame (default 32 MiB)
   * @param maxDepth deepest node nesting, root = 1 (default 64, at most 1024)
   * @param maxListSize most children in one list (default 65535, the LIST_16 maximum)
   */
  public record Limits(int maxFrameBytes, int maxInflatedBytes, int maxDepth, int maxListSize) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 24;
    public static final int DEFAULT_MAX_INFLATED_BYTES = 32 << 20;
    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_LIST_SIZE = 0xFFFF;
    private static final int DEPTH_CEILING = 1024;

    public Limits {
      if (maxFrameBytes < 2) {
        throw new GatewayException.ValidationException("maxFrameBytes must be at least 2");
      }
      if (maxInflatedBytes < 1) {
        throw new GatewayException.ValidationException("maxInflatedBytes must be positive");
      }
      if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
        throw new GatewayException.ValidationException(
            "maxDepth must be 1.." + DEPTH_CEILING + ": " + maxDepth);
      }
      if (maxListSize < 0 || maxListSize > 0xFFFF) {
        throw new GatewayException.ValidationException(
            "maxListSize must be 0..65535: " + maxListSize);
      }
    }

    public static Limits defaults() {
      return new Limits(
          DEFAULT_MAX_FRAME_BYTES,
          DEFAULT_MAX_INFLATED_BYTES,
          DEFAULT_MAX_DEPTH,
          DEFAULT_MAX_LIST_SIZE);
    }

    public Limits withMaxFrameBytes(int value) {
      return new Limits(value, maxInflatedBytes, maxDepth, maxListSize);
    }

    public Limits withMaxInflatedBytes(int value) {
      return new Limits(maxFrameBytes, value, maxDepth, maxListSize);
    }

    public Limits withMaxDepth(int value) {
      return new Limits(maxFrameBytes, maxInflatedBytes, value, maxListSize);
    }

    public Limits withMaxListSize(int value) {
      return new Limits(maxFrameBytes, maxInflatedBytes, maxDepth, value);
    }
  }
}
