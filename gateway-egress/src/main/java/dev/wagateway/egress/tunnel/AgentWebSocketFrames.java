package dev.wagateway.egress.tunnel;

import dev.wagateway.egress.internal.ws.ServerFrames;
import java.nio.ByteBuffer;

/**
 * The gateway's side of RFC 6455 framing for one agent WebSocket, free of any I/O: the server's
 * {@code /egress/agent} connection feeds it the bytes it reads and gets whole messages back, and
 * asks it for the bytes of the frames it sends. No extensions, no subprotocol.
 *
 * <p>Inbound (client) frames must be masked; the payload is unmasked eight bytes per step while it
 * is copied out of the read buffer into the message's own array (one pass). Fragmented messages are
 * joined, with control frames allowed between fragments. A message above {@link #MAX_MESSAGE} is
 * refused from its header, before anything is allocated. Broken frames end the stream with {@link
 * Handler#onProtocolError} and the close code to send: 1002 (unmasked frame, reserved bits, unknown
 * opcode, bad control frame, bad continuation, bad close frame, 64-bit length with the top bit
 * set), 1007 (text or close reason that is not UTF-8) or 1009 (message too big).
 *
 * <pre>{@code
 * AgentWebSocketFrames frames = new AgentWebSocketFrames(handler);
 * while (frames.feed(readBuffer)) { ...read more... }
 * endPoint.write(cb, AgentWebSocketFrames.binaryHeader(msg.length), ByteBuffer.wrap(msg));
 * }</pre>
 *
 * <p>Not thread-safe: one reader feeds it.
 */
public final class AgentWebSocketFrames {
  /** The largest message accepted (a fragmented message counts whole): 1 MiB. */
  public static final int MAX_MESSAGE = 1 << 20;

  /** What a fed stream delivers, on the feeding thread. */
  public interface Handler {
    /** A whole binary message, in a fresh array the handler may keep. */
    void onBinary(byte[] message);

    /** A whole text message (checked UTF-8). */
    void onText(String message);

    /** A ping: answer with {@link #pong}. */
    void onPing(byte[] payload);

    /**
     * The peer's close frame; nothing more is read. {@code code} is 1005 when the frame had no
     * status. Answer with {@link #close}.
     */
    void onClose(int code, String reason);

    /** The peer broke the protocol; nothing more is read. Close with {@code closeCode}. */
    void onProtocolError(int closeCode, String message);
  }

  private final ServerFrames.Reader reader;

  public AgentWebSocketFrames(Handler handler) {
    this(handler, MAX_MESSAGE);
  }

  /**
   * @param maxMessage the largest message accepted, in bytes
   */
  public AgentWebSocketFrames(Handler handler, int maxMessage) {
    if (maxMessage < 125) {
      throw new IllegalArgumentException("maxMessage must be at least 125 bytes");
    }
    this.reader = new ServerFrames.Reader(handler, maxMessage);
  }

  /**
   * Consumes every remaining byte of {@code bytes} (a frame cut anywhere is continued by the next
   * call) and delivers what completes. Returns false once the stream ended (a close frame or a
   * protocol error was delivered); bytes after that are left unread.
   */
  public boolean feed(ByteBuffer bytes) {
    return reader.feed(bytes);
  }

  /** The header of an unmasked, unfragmented binary frame of {@code length} payload bytes. */
  public static ByteBuffer binaryHeader(int length) {
    return ByteBuffer.wrap(ServerFrames.header(ServerFrames.OP_BINARY, length));
  }

  /** The header of an unmasked, unfragmented text frame of {@code length} payload bytes. */
  public static ByteBuffer textHeader(int length) {
    return ByteBuffer.wrap(ServerFrames.header(ServerFrames.OP_TEXT, length));
  }

  /** A whole pong frame echoing {@code payload} (at most 125 bytes). */
  public static ByteBuffer pong(byte[] payload) {
    return ByteBuffer.wrap(ServerFrames.control(ServerFrames.OP_PONG, payload));
  }

  /**
   * A whole close frame: {@code code} and {@code reason} (cut to 123 bytes of UTF-8, never inside a
   * character). A code that must not be sent (1005, 1006, 1015, out of range) gives a close frame
   * without a status.
   */
  public static ByteBuffer close(int code, String reason) {
    return ByteBuffer.wrap(ServerFrames.closeFrame(code, reason));
  }
}
