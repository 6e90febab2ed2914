package dev.wagateway.core.wire;

/** Gives the codec direct, copy-free access to {@link BinaryNode}. */
final class BinaryNodeModel implements NodeModel<BinaryNode> {
  static final BinaryNodeModel INSTANCE = new BinaryNodeModel();

  private BinaryNodeModel() {}

  @Override
  public String tag(BinaryNode node) {
    return node.tag();
  }

  @Override
  public String[] attributes(BinaryNode node) {
    return node.rawAttributes();
  }

  @Override
  public int contentKind(BinaryNode node) {
    Object c = node.rawContent();
    if (c == null) {
      return CONTENT_NONE;
    } else if (c instanceof String) {
      return CONTENT_TEXT;
    } else if (c instanceof byte[]) {
      return CONTENT_BYTES;
    }
    return CONTENT_LIST;
  }

  @Override
  public String text(BinaryNode node) {
    return (String) node.rawContent();
  }

  @Override
  public byte[] bytes(BinaryNode node) {
    return (byte[]) node.rawContent();
  }

  @Override
  public int childCount(BinaryNode node) {
    return ((BinaryNode[]) node.rawContent()).length;
  }

  @Override
  public BinaryNode child(BinaryNode node, int index) {
    return ((BinaryNode[]) node.rawContent())[index];
  }

  @Override
  public BinaryNode[] newArray(int size) {
    return size == 0 ? BinaryNode.NO_CHILDREN : new BinaryNode[size];
  }

  @Override
  public BinaryNode create(String tag, String[] attributes, Object content) {
    return new BinaryNode(
        tag, attributes.length == 0 ? BinaryNode.NO_ATTRIBUTES : attributes, content);
  }
}
