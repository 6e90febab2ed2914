package dev.wagateway.egress.agent.internal.ws;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The RFC 6455 constants and primitives both roles share: opcodes, close codes, which close codes a
 * peer may send, the close frame's payload and strict UTF-8. The agent's client framing ({@link
 * WebSocketReader}, {@link WebSocketWriter}) and the gateway's server framing (gateway-egress's
 * {@code AgentWebSocketFrames}, a named friend of this package) both build on it, so the two sides
 * can't drift apart.
 */
public final class Rfc6455 {
  public static final int OP_CONTINUATION = 0x0;
  public static final int OP_TEXT = 0x1;
  public static final int OP_BINARY = 0x2;
  public static final int OP_CLOSE = 0x8;
  public static final int OP_PING = 0x9;
  public static final int OP_PONG = 0xA;

  /** The largest payload of a control frame (§5.5). */
  public static final int MAX_CONTROL_PAYLOAD = 125;

  /** 1002: protocol error. */
  public static final int PROTOCOL_ERROR = 1002;

  /** 1005: "no status received"; reported for a close frame without a code, never sent. */
  public static final int NO_STATUS = 1005;

  /** 1007: a text message or close reason that is not UTF-8. */
  public static final int INVALID_PAYLOAD = 1007;

  /** 1009: a message above the size limit. */
  public static final int MESSAGE_TOO_BIG = 1009;

  private Rfc6455() {}

  /** §7.4: the close codes a peer may send. */
  public static boolean validCloseCode(int code) {
    if (code >= 3000 && code <= 4999) {
      return true;
    }
    return code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
  }

  /** A close frame's payload: {@code code}, then {@code reason} cut to 123 bytes of UTF-8. */
  public static byte[] closePayload(int code, String reason) {
    byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
    // Never cut a UTF-8 sequence in half.
    while (n > 0 && n < text.length && (text[n] & 0xc0) == 0x80) {
      n--;
    }
    byte[] payload = new byte[2 + n];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, n);
    return payload;
  }

  /** Strict UTF-8 (no replacement characters), or null when the bytes are not UTF-8. */
  public static String utf8(byte[] b, int off, int len) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
