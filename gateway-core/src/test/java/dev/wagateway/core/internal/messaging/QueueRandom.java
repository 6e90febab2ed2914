package dev.wagateway.core.internal.messaging;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A SecureRandom fed with the draws a vector recorded (key pairs as their private bytes, random
 * bytes, random ints as 4 big-endian bytes). A draw it was not given, or of another size, fails.
 */
final class QueueRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  private final transient Deque<byte[]> draws = new ArrayDeque<>();

  @SuppressWarnings("unchecked")
  void load(Object drawList) {
    if (drawList == null) {
      return;
    }
    for (Object o : (List<Object>) drawList) {
      Map<String, Object> draw = (Map<String, Object>) o;
      switch ((String) draw.get("kind")) {
        case "keyPair" -> draws.add(HexFormat.of().parseHex((String) draw.get("private")));
        case "randomBytes" -> draws.add(HexFormat.of().parseHex((String) draw.get("hex")));
        case "randomInt" ->
            draws.add(
                ByteBuffer.allocate(4).putInt(((Number) draw.get("value")).intValue()).array());
        default -> throw new AssertionError("unknown draw kind " + draw.get("kind"));
      }
    }
  }

  int remaining() {
    return draws.size();
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    byte[] next = draws.poll();
    if (next == null || next.length != bytes.length) {
      throw new AssertionError("unexpected random draw of " + bytes.length + " bytes");
    }
    System.arraycopy(next, 0, bytes, 0, bytes.length);
  }
}
