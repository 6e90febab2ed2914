package dev.wagateway.core.wire;

/**
 * How the codec reads and builds nodes, without depending on the public node class's copying
 * factories. Implemented once, by the public API package; the encoder and decoder are generic over
 * it so the JIT sees a single implementation.
 *
 * @param <N> node type
 */
interface NodeModel<N> {
  int CONTENT_NONE = 0;
  int CONTENT_TEXT = 1;
  int CONTENT_BYTES = 2;
  int CONTENT_LIST = 3;

  String tag(N node);

  /** Attribute keys and values interleaved ({@code k0, v0, k1, v1, ...}); never modified. */
  String[] attributes(N node);

  /** One of the {@code CONTENT_*} constants. */
  int contentKind(N node);

  /** Text content; only for {@link #CONTENT_TEXT}. */
  String text(N node);

  /** Byte content, not copied and never modified; only for {@link #CONTENT_BYTES}. */
  byte[] bytes(N node);

  int childCount(N node);

  N child(N node, int index);

  N[] newArray(int size);

  /**
   * Builds a node from fresh arrays the caller hands over (they are not copied).
   *
   * @param attributes interleaved keys and values, unique keys
   * @param content null, a String, a byte[] or an {@code N[]} of children
   */
  N create(String tag, String[] attributes, Object content);
}
