package dev.wagateway.testkit;

import dev.wagateway.core.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Server side of the connection intro (transport dossier §1.2-1.3): strips the optional {@code ED
 * 00 01 ‖ uint24 len ‖ routing info} header and the {@code 57 41 06 03} connection header in front
 * of the client's first frame, however the bytes are split across WebSocket messages.
 */
final class IntroReader {
  private static final byte[] CONNECTION_HEADER = {'W', 'A', 6, 3};
  private static final int ROUTING_PREFIX = 7;
  private static final int MAX_ROUTING_INFO = 64 * 1024;

  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private byte[] routingInfo;
  private boolean done;

  boolean done() {
    return done;
  }

  /** The routing info the client sent in its ED header, or null. */
  byte[] routingInfo() {
    return routingInfo == null ? null : routingInfo.clone();
  }

  /**
   * Consumes bytes until the intro is complete.
   *
   * @return the bytes after the intro (the start of the frame stream), or null while the intro is
   *     still incomplete
   */
  byte[] feed(byte[] chunk) throws WireException {
    pending.writeBytes(chunk);
    byte[] buf = pending.toByteArray();
    int at = 0;
    if (buf.length >= 1 && buf[0] == 'E') {
      if (buf.length < ROUTING_PREFIX) {
        return null;
      }
      if (buf[1] != 'D' || buf[2] != 0 || buf[3] != 1) {
        throw new WireException("bad_intro", "the edge-routing header is not ED 00 01");
      }
      int length = ((buf[4] & 0xFF) << 16) | ((buf[5] & 0xFF) << 8) | (buf[6] & 0xFF);
      if (length > MAX_ROUTING_INFO) {
        throw new WireException("bad_intro", "routing info of " + length + " bytes is too long");
      }
      if (buf.length < ROUTING_PREFIX + length) {
        return null;
      }
      routingInfo = Arrays.copyOfRange(buf, ROUTING_PREFIX, ROUTING_PREFIX + length);
      at = ROUTING_PREFIX + length;
    }
    if (buf.length < at + CONNECTION_HEADER.length) {
      return null;
    }
    if (!Arrays.equals(
        buf, at, at + CONNECTION_HEADER.length, CONNECTION_HEADER, 0, CONNECTION_HEADER.length)) {
      throw new WireException("bad_intro", "the connection does not start with WA 06 03");
    }
    done = true;
    pending.reset();
    return Arrays.copyOfRange(buf, at + CONNECTION_HEADER.length, buf.length);
  }
}
