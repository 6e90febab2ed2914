package dev.wagateway.egress.agent.internal.ws;

import static dev.wagateway.egress.agent.internal.ws.Rfc6455.MAX_CONTROL_PAYLOAD;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_BINARY;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_CLOSE;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_PING;
import static dev.wagateway.egress.agent.internal.ws.Rfc6455.OP_PONG;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes client frames (RFC 6455 §5.2): every frame masked with a fresh random key, header and
 * masked payload assembled in one buffer and written with one call. Thread-safe: callers write
 * whole frames under one lock, so frames never interleave.
 */
final class WebSocketWriter {
  /** Largest header: 2 bytes, 8-byte length, 4-byte mask. */
  static final int MAX_HEADER = 14;

  private static final byte[] NONE = new byte[0];

  private final OutputStream out;
  private final MaskSource masks;
  private final ReentrantLock lock = new ReentrantLock();
  private final byte[] buffer;
  private boolean closeSent;

  /**
   * @param out the socket's output (unbuffered: a frame goes out in as few writes as fit {@code
   *     bufferBytes})
   * @param bufferBytes the assembly buffer; a payload up to {@code bufferBytes - 14} is written
   *     with one call
   */
  WebSocketWriter(OutputStream out, SecureRandom random, int bufferBytes) {
    if (bufferBytes < MAX_HEADER + MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException("buffer too small for a control frame");
    }
    this.out = out;
    this.masks = new MaskSource(random);
    this.buffer = new byte[bufferBytes];
  }

  /** One unfragmented data message. Fails once a close frame went out. */
  void binary(byte[] payload, int off, int len) throws IOException {
    binary(NONE, payload, off, len);
  }

  /**
   * One unfragmented data message made of {@code prefix} then {@code payload[off, off + len)} (a
   * tunnel frame header and its bytes, without joining them first).
   */
  void binary(byte[] prefix, byte[] payload, int off, int len) throws IOException {
    lock.lock();
    try {
      if (closeSent) {
        throw new IOException("websocket close already sent");
      }
      frameLocked(OP_BINARY, true, prefix, payload, off, len);
    } finally {
      lock.unlock();
    }
  }

  /** Like {@link #binary} but gives up (returns false) when another frame is being written. */
  boolean binaryIfIdle(byte[] payload) throws IOException {
    if (!lock.tryLock()) {
      return false;
    }
    try {
      if (closeSent) {
        throw new IOException("websocket close already sent");
      }
      frameLocked(OP_BINARY, true, payload, 0, payload.length);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Answers a ping (payload at most 125 bytes). Dropped after our close frame. */
  void pong(byte[] payload) throws IOException {
    lock.lock();
    try {
      if (!closeSent) {
        frameLocked(OP_PONG, true, payload, 0, payload.length);
      }
    } finally {
      lock.unlock();
    }
  }

  /** A ping (payload at most 125 bytes). */
  void ping(byte[] payload) throws IOException {
    lock.lock();
    try {
      if (!closeSent) {
        frameLocked(OP_PING, true, payload, 0, payload.length);
      }
    } finally {
      lock.unlock();
    }
  }

  /** A fragment of a message (for tests and peers that want fragmentation). */
  void fragment(int opcode, boolean fin, byte[] payload, int off, int len) throws IOException {
    lock.lock();
    try {
      frameLocked(opcode, fin, payload, off, len);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends the close frame once ({@code code}, reason cut to fit 123 bytes). Waits for the writer at
   * most {@code waitMillis}; returns false when it could not send (busy, or already sent).
   */
  boolean close(int code, String reason, long waitMillis) throws IOException {
    byte[] payload = Rfc6455.closePayload(code, reason);
    boolean locked;
    try {
      locked = lock.tryLock(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (!locked) {
      return false;
    }
    try {
      if (closeSent) {
        return false;
      }
      closeSent = true;
      frameLocked(OP_CLOSE, true, payload, 0, payload.length);
      return true;
    } finally {
      lock.unlock();
    }
  }

  boolean closeSent() {
    lock.lock();
    try {
      return closeSent;
    } finally {
      lock.unlock();
    }
  }

  private void frameLocked(int opcode, boolean fin, byte[] payload, int off, int len)
      throws IOException {
    frameLocked(opcode, fin, NONE, payload, off, len);
  }

  private void frameLocked(
      int opcode, boolean fin, byte[] prefix, byte[] payload, int off, int payloadLen)
      throws IOException {
    int len = prefix.length + payloadLen;
    if (opcode >= OP_CLOSE && len > MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException("control frame payload above 125 bytes");
    }
    byte[] b = buffer;
    int pos = 0;
    b[pos++] = (byte) ((fin ? 0x80 : 0) | opcode);
    if (len <= 125) {
      b[pos++] = (byte) (0x80 | len);
    } else if (len <= 0xffff) {
      b[pos++] = (byte) (0x80 | 126);
      b[pos++] = (byte) (len >>> 8);
      b[pos++] = (byte) len;
    } else {
      b[pos++] = (byte) (0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        b[pos++] = (byte) ((long) len >>> shift);
      }
    }
    int mask = masks.next();
    b[pos++] = (byte) (mask >>> 24);
    b[pos++] = (byte) (mask >>> 16);
    b[pos++] = (byte) (mask >>> 8);
    b[pos++] = (byte) mask;
    // The prefix is small (a 6-byte tunnel header): it always fits behind the frame header.
    Masking.mask(prefix, 0, b, pos, prefix.length, mask, 0);
    pos += prefix.length;
    int done = 0;
    while (true) {
      int take = Math.min(payloadLen - done, b.length - pos);
      Masking.mask(payload, off + done, b, pos, take, mask, prefix.length + done);
      done += take;
      pos += take;
      if (done == payloadLen) {
        out.write(b, 0, pos);
        return;
      }
      out.write(b, 0, pos);
      pos = 0;
    }
  }

  /** Mask keys from a CSPRNG, fetched 64 at a time (one SecureRandom call per 64 frames). */
  static final class MaskSource {
    private final SecureRandom random;
    private final byte[] pool = new byte[256];
    private int next = pool.length;

    MaskSource(SecureRandom random) {
      this.random = random;
    }

    int next() {
      if (next == pool.length) {
        random.nextBytes(pool);
        next = 0;
      }
      int m =
          ((pool[next] & 0xff) << 24)
              | ((pool[next + 1] & 0xff) << 16)
              | ((pool[next + 2] & 0xff) << 8)
              | (pool[next + 3] & 0xff);
      next += 4;
      return m;
    }
  }
}
