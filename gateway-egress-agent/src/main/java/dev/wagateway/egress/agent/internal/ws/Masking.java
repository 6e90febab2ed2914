package dev.wagateway.egress.agent.internal.ws;

import java.nio.ByteBuffer;

/**
 * RFC 6455 §5.3 masking, eight bytes per step. Uses big-endian {@link ByteBuffer} long access
 * (HotSpot compiles it to plain 8-byte loads and stores; Android has it at every API level, unlike
 * byte-array VarHandles).
 */
final class Masking {
  private Masking() {}

  /**
   * Writes {@code src[srcOff, srcOff + len)} XOR the mask into {@code dst} at {@code dstOff}.
   * {@code mask} holds the four key bytes big-endian; {@code phase} is the index (mod 4) of the
   * first byte within the frame's payload, so a payload can be masked in several pieces.
   */
  static void mask(byte[] src, int srcOff, byte[] dst, int dstOff, int len, int mask, int phase) {
    int key = Integer.rotateLeft(mask, 8 * (phase & 3));
    long wide = ((long) key << 32) | (key & 0xffffffffL);
    ByteBuffer in = ByteBuffer.wrap(src);
    ByteBuffer out = ByteBuffer.wrap(dst);
    int i = 0;
    for (int end = len - 7; i < end; i += 8) {
      out.putLong(dstOff + i, in.getLong(srcOff + i) ^ wide);
    }
    for (; i < len; i++) {
      dst[dstOff + i] = (byte) (src[srcOff + i] ^ (key >>> (24 - 8 * (i & 3))));
    }
  }
}
