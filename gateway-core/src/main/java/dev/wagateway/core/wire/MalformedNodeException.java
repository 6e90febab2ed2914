package dev.wagateway.core.wire;

/**
 * A frame plaintext is not a valid WABinary node. Says where ({@link #offset()}) and why ({@link
 * #reason()}); {@link #code()} is {@code malformed_node}.
 *
 * <p>The offset is an index into the frame plaintext given to {@link NodeCodec#decode(byte[])} (the
 * flag byte is offset 0) unless {@link #inInflatedBody()} is true: then the frame was compressed
 * and the offset is an index into its inflated body.
 */
public final class MalformedNodeException extends WireException {
  private static final long serialVersionUID = 1L;

  /** Why decoding stopped. */
  public enum Reason {
    /** The input ends inside a tag, integer, string or node. */
    TRUNCATED,
    /** A declared length (bytes, packed string, attribute or child count) exceeds the input. */
    LENGTH_OUT_OF_RANGE,
    /** A tag byte that is not valid where it stands (e.g. 240..244, or a non-list node header). */
    INVALID_TAG,
    /** A packed string holds a nibble outside its alphabet. */
    INVALID_PACKED,
    /** A JID without a user or server, a nested JID, or a wrong FB/interop server. */
    INVALID_JID,
    /** A node with an empty list header or an empty tag. */
    INVALID_NODE,
    /** Nodes nested deeper than {@link NodeCodec.Limits#maxDepth()}. */
    TOO_DEEP,
    /** A child list longer than {@link NodeCodec.Limits#maxListSize()}. */
    LIST_TOO_LARGE,
    /** Bytes are left after the root node. */
    TRAILING_BYTES,
    /** The frame is longer than {@link NodeCodec.Limits#maxFrameBytes()}. */
    FRAME_TOO_LARGE,
    /** The compressed body is not a complete zlib stream. */
    BAD_ZLIB,
    /** The compressed body inflates beyond {@link NodeCodec.Limits#maxInflatedBytes()}. */
    ZIP_BOMB
  }

  private final Reason reason;
  private final int offset;
  private final boolean inInflatedBody;

  public MalformedNodeException(Reason reason, int offset, boolean inInflatedBody, String detail) {
    super(
        "malformed_node",
        "malformed node ("
            + reason.name().toLowerCase(java.util.Locale.ROOT)
            + ") at offset "
            + offset
            + (inInflatedBody ? " of the inflated body" : "")
            + ": "
            + detail);
    this.reason = reason;
    this.offset = offset;
    this.inInflatedBody = inInflatedBody;
  }

  public Reason reason() {
    return reason;
  }

  /** Where decoding stopped; see the class comment for what it indexes. */
  public int offset() {
    return offset;
  }

  /** True when {@link #offset()} indexes the inflated body of a compressed frame. */
  public boolean inInflatedBody() {
    return inInflatedBody;
  }
}
