package dev.wagateway.core.internal.signal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A SecureRandom that serves recorded draws in order and fails the test on any draw it was not
 * given, or of another size. Built from the vectors' {@code random_draws*} lists: a key pair is
 * served as its 32 private bytes, {@code randomBytes} as its bytes, {@code randomInt} as 4
 * big-endian bytes.
 */
final class ScriptedRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  private final transient Deque<byte[]> draws = new ArrayDeque<>();

  ScriptedRandom(byte[]... draws) {
    for (byte[] d : draws) {
      this.draws.add(d.clone());
    }
  }

  @SuppressWarnings("unchecked")
  static ScriptedRandom fromVector(Object drawList) {
    ScriptedRandom random = new ScriptedRandom();
    if (drawList == null) {
      return random;
    }
    for (Object o : (List<Object>) drawList) {
      Map<String, Object> draw = (Map<String, Object>) o;
      String kind = (String) draw.get("kind");
      switch (kind) {
        case "keyPair" -> random.draws.add(hex((String) draw.get("private")));
        case "randomBytes" -> random.draws.add(hex((String) draw.get("hex")));
        case "randomInt" ->
            random.draws.add(
                ByteBuffer.allocate(4).putInt(((Number) draw.get("value")).intValue()).array());
        default -> throw new AssertionError("unknown draw kind " + kind);
      }
    }
    return random;
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    byte[] next = draws.poll();
    if (next == null) {
      throw new AssertionError("unexpected random draw of " + bytes.length + " bytes");
    }
    if (next.length != bytes.length) {
      throw new AssertionError(
          "random draw of " + bytes.length + " bytes where the script has " + next.length);
    }
    System.arraycopy(next, 0, bytes, 0, bytes.length);
  }

  int remaining() {
    return draws.size();
  }
}
