package dev.wagateway.core.internal.pairing;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@link SecureRandom} that hands out recorded draws in order and fails loudly when a draw of
 * another size is asked for or the record runs out. Draws not from the record (e.g. signature
 * randomness) can be allowed with {@link #thenSystem()}.
 */
final class ReplayRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  private final Deque<byte[]> draws = new ArrayDeque<>();
  private boolean fallBack;
  private final SecureRandom system = new SecureRandom();

  ReplayRandom(byte[]... recorded) {
    for (byte[] d : recorded) {
      draws.add(d.clone());
    }
  }

  /** After the record is used up, further draws come from the system generator. */
  ReplayRandom thenSystem() {
    fallBack = true;
    return this;
  }

  int left() {
    return draws.size();
  }

  @Override
  public void nextBytes(byte[] bytes) {
    if (draws.isEmpty()) {
      if (fallBack) {
        system.nextBytes(bytes);
        return;
      }
      throw new AssertionError("no recorded draw left for " + bytes.length + " bytes");
    }
    byte[] d = draws.poll();
    if (d.length != bytes.length) {
      throw new AssertionError("recorded draw has " + d.length + " bytes, asked " + bytes.length);
    }
    System.arraycopy(d, 0, bytes, 0, d.length);
  }
}
