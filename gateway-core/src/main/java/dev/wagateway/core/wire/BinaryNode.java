package dev.wagateway.core.wire;

import dev.wagateway.core.GatewayException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * One WABinary node (an XMPP-like stanza): a tag, insertion-ordered string attributes, and content
 * that is none, bytes, a string, or a list of child nodes. Immutable; derive changed copies with
 * the {@code with*} methods or {@link #toBuilder()}.
 *
 * <p>JIDs travel as their text form in attributes and string content ({@link Jid#toString()}); the
 * codec writes them in the JID encodings. Equality is by value: tag, attributes as a map (order
 * ignored), content kind and value (bytes by content). An empty child list is content (it encodes
 * as {@code 00}); no content is not. {@link #toString()} prints byte content only as its length,
 * because nodes carry key material, and cuts strings longer than 128 characters.
 */
public final class BinaryNode {
  /** What a node's content is. */
  public enum ContentKind {
    NONE,
    TEXT,
    BYTES,
    LIST
  }

  static final String[] NO_ATTRIBUTES = new String[0];
  static final BinaryNode[] NO_CHILDREN = new BinaryNode[0];
  private static final int MAX_PRINTED_CHARS = 128;

  private final String tag;
  private final String[] kv;

  /** null, String, byte[] or BinaryNode[]; never shared with callers. */
  private final Object content;

  /** Trusted: takes the arrays as they are. */
  BinaryNode(String tag, String[] kv, Object content) {
    this.tag = tag;
    this.kv = kv;
    this.content = content;
  }

  /** A node with neither attributes nor content, e.g. {@code <ping/>}. */
  public static BinaryNode of(String tag) {
    return new BinaryNode(checkTag(tag), NO_ATTRIBUTES, null);
  }

  /** A node with attributes and no content. */
  public static BinaryNode of(String tag, Map<String, String> attrs) {
    return new BinaryNode(checkTag(tag), copyAttrs(attrs), null);
  }

  /** A node with attributes and child nodes (an empty list is kept as content). */
  public static BinaryNode of(String tag, Map<String, String> attrs, List<BinaryNode> children) {
    return new BinaryNode(checkTag(tag), copyAttrs(attrs), copyChildren(children));
  }

  /** A node with attributes and byte content (copied). */
  public static BinaryNode of(String tag, Map<String, String> attrs, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new BinaryNode(checkTag(tag), copyAttrs(attrs), bytes.clone());
  }

  /** A node with attributes and string content. */
  public static BinaryNode ofText(String tag, Map<String, String> attrs, String text) {
    Objects.requireNonNull(text, "text");
    return new BinaryNode(checkTag(tag), copyAttrs(attrs), text);
  }

  /** A builder for a node with this tag. */
  public static Builder newBuilder(String tag) {
    return new Builder(checkTag(tag));
  }

  public String tag() {
    return tag;
  }

  /** The attributes, insertion-ordered and unmodifiable. */
  public Map<String, String> attrs() {
    return kv.length == 0 ? Map.of() : new AttributeMap(kv);
  }

  /** The value of attribute {@code name}, or null when absent. */
  public String attr(String name) {
    return find(kv, name);
  }

  public ContentKind contentKind() {
    if (content == null) {
      return ContentKind.NONE;
    } else if (content instanceof String) {
      return ContentKind.TEXT;
    } else if (content instanceof byte[]) {
      return ContentKind.BYTES;
    }
    return ContentKind.LIST;
  }

  /** The child nodes; an empty list when the content is not a list. */
  public List<BinaryNode> children() {
    return content instanceof BinaryNode[] ? new NodeList((BinaryNode[]) content) : List.of();
  }

  /** The first child with this tag, or null. */
  public BinaryNode child(String tag) {
    if (content instanceof BinaryNode[]) {
      for (BinaryNode c : (BinaryNode[]) content) {
        if (c.tag.equals(tag)) {
          return c;
        }
      }
    }
    return null;
  }

  /** Every child with this tag, in order. */
  public List<BinaryNode> children(String tag) {
    if (!(content instanceof BinaryNode[])) {
      return List.of();
    }
    List<BinaryNode> out = new ArrayList<>();
    for (BinaryNode c : (BinaryNode[]) content) {
      if (c.tag.equals(tag)) {
        out.add(c);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** A copy of the byte content, or null when the content is not bytes. */
  public byte[] bytes() {
    return content instanceof byte[] ? ((byte[]) content).clone() : null;
  }

  /** The string content, or null when the content is not a string. */
  public String text() {
    return content instanceof String ? (String) content : null;
  }

  /** This node with attribute {@code name} set (replaced in place, or appended). */
  public BinaryNode withAttr(String name, String value) {
    Objects.requireNonNull(name, "attribute name");
    Objects.requireNonNull(value, "attribute value");
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i].equals(name)) {
        String[] copy = kv.clone();
        copy[i + 1] = value;
        return new BinaryNode(tag, copy, content);
      }
    }
    String[] copy = Arrays.copyOf(kv, kv.length + 2);
    copy[kv.length] = name;
    copy[kv.length + 1] = value;
    return new BinaryNode(tag, copy, content);
  }

  /** This node with these children as its content. */
  public BinaryNode withChildren(List<BinaryNode> children) {
    return new BinaryNode(tag, kv, copyChildren(children));
  }

  /** This node with byte content (copied). */
  public BinaryNode withBytes(byte[] bytes) {
    return new BinaryNode(tag, kv, Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** This node with string content. */
  public BinaryNode withText(String text) {
    return new BinaryNode(tag, kv, Objects.requireNonNull(text, "text"));
  }

  /** This node without content. */
  public BinaryNode withoutContent() {
    return new BinaryNode(tag, kv, null);
  }

  /** A builder initialised with this node. */
  public Builder toBuilder() {
    Builder b = new Builder(tag);
    for (int i = 0; i < kv.length; i += 2) {
      b.attrs.put(kv[i], kv[i + 1]);
    }
    b.content = content;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BinaryNode)) {
      return false;
    }
    BinaryNode other = (BinaryNode) o;
    if (!tag.equals(other.tag) || kv.length != other.kv.length) {
      return false;
    }
    for (int i = 0; i < kv.length; i += 2) {
      if (!kv[i + 1].equals(find(other.kv, kv[i]))) {
        return false;
      }
    }
    Object c = other.content;
    if (content == null || c == null) {
      return content == c;
    } else if (content instanceof String) {
      return content.equals(c);
    } else if (content instanceof byte[]) {
      return c instanceof byte[] && Arrays.equals((byte[]) content, (byte[]) c);
    }
    return c instanceof BinaryNode[] && Arrays.equals((BinaryNode[]) content, (BinaryNode[]) c);
  }

  @Override
  public int hashCode() {
    int attrs = 0;
    for (int i = 0; i < kv.length; i += 2) {
      attrs += kv[i].hashCode() ^ kv[i + 1].hashCode();
    }
    int c;
    if (content == null) {
      c = 0;
    } else if (content instanceof byte[]) {
      c = Arrays.hashCode((byte[]) content);
    } else if (content instanceof BinaryNode[]) {
      c = Arrays.hashCode((BinaryNode[]) content) + 1;
    } else {
      c = content.hashCode();
    }
    return (tag.hashCode() * 31 + attrs) * 31 + c;
  }

  /** XML-like rendering; byte content is shown as its length only. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb);
    return sb.toString();
  }

  private void appendTo(StringBuilder sb) {
    sb.append('<').append(tag);
    for (int i = 0; i < kv.length; i += 2) {
      sb.append(' ').append(kv[i]).append("=\"");
      appendClipped(sb, kv[i + 1]);
      sb.append('"');
    }
    if (content == null) {
      sb.append("/>");
      return;
    }
    sb.append('>');
    if (content instanceof String) {
      appendClipped(sb, (String) content);
    } else if (content instanceof byte[]) {
      sb.append("[").append(((byte[]) content).length).append(" bytes]");
    } else {
      for (BinaryNode c : (BinaryNode[]) content) {
        c.appendTo(sb);
      }
    }
    sb.append("</").append(tag).append('>');
  }

  /** Long strings are cut in logs: a node is a diagnostic, not a dump. */
  private static void appendClipped(StringBuilder sb, String s) {
    if (s.length() <= MAX_PRINTED_CHARS) {
      sb.append(s);
    } else {
      sb.append(s, 0, MAX_PRINTED_CHARS).append("...[").append(s.length()).append(" chars]");
    }
  }

  // Package-private access for the codec model: no copies.

  String[] rawAttributes() {
    return kv;
  }

  Object rawContent() {
    return content;
  }

  static String find(String[] kv, Object key) {
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i].equals(key)) {
        return kv[i + 1];
      }
    }
    return null;
  }

  private static String checkTag(String tag) {
    if (tag == null || tag.isEmpty()) {
      throw new GatewayException.ValidationException("node tag must not be null or empty");
    }
    return tag;
  }

  private static String[] copyAttrs(Map<String, String> attrs) {
    Objects.requireNonNull(attrs, "attrs");
    if (attrs.isEmpty()) {
      return NO_ATTRIBUTES;
    }
    String[] kv = new String[attrs.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new GatewayException.ValidationException(
            "node attributes must not contain null keys or values");
      }
      kv[i++] = e.getKey();
      kv[i++] = e.getValue();
    }
    return kv;
  }

  private static BinaryNode[] copyChildren(List<BinaryNode> children) {
    Objects.requireNonNull(children, "children");
    if (children.isEmpty()) {
      return NO_CHILDREN;
    }
    BinaryNode[] arr = children.toArray(new BinaryNode[0]);
    for (BinaryNode c : arr) {
      if (c == null) {
        throw new GatewayException.ValidationException("node children must not be null");
      }
    }
    return arr;
  }

  /** Read-only list view over a node's child array (a node holds no cached views: less garbage). */
  private static final class NodeList extends AbstractList<BinaryNode> implements RandomAccess {
    private final BinaryNode[] children;

    NodeList(BinaryNode[] children) {
      this.children = children;
    }

    @Override
    public BinaryNode get(int index) {
      return children[index];
    }

    @Override
    public int size() {
      return children.length;
    }
  }

  /** Builds a node step by step; attributes keep insertion order. */
  public static final class Builder {
    private final String tag;
    private final Map<String, String> attrs = new LinkedHashMap<>();
    private Object content;

    private Builder(String tag) {
      this.tag = tag;
    }

    /** Sets an attribute (a later value for the same name replaces it in place). */
    public Builder attr(String name, String value) {
      attrs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets an attribute to the text form of a JID. */
    public Builder attr(String name, Jid jid) {
      return attr(name, jid.toString());
    }

    /** Appends a child (the content becomes a list if it was not one). */
    public Builder child(BinaryNode child) {
      Objects.requireNonNull(child, "child");
      if (!(content instanceof ArrayList)) {
        ArrayList<BinaryNode> list = new ArrayList<>();
        if (content instanceof BinaryNode[]) {
          list.addAll(Arrays.asList((BinaryNode[]) content));
        }
        content = list;
      }
      @SuppressWarnings("unchecked")
      ArrayList<BinaryNode> list = (ArrayList<BinaryNode>) content;
      list.add(child);
      return this;
    }

    public Builder children(List<BinaryNode> children) {
      content = copyChildren(children);
      return this;
    }

    public Builder bytes(byte[] bytes) {
      content = Objects.requireNonNull(bytes, "bytes").clone();
      return this;
    }

    public Builder text(String text) {
      content = Objects.requireNonNull(text, "text");
      return this;
    }

    public BinaryNode build() {
      Object c = content;
      if (c instanceof ArrayList) {
        @SuppressWarnings("unchecked")
        List<BinaryNode> list = (List<BinaryNode>) c;
        c = list.toArray(new BinaryNode[0]);
      }
      return new BinaryNode(tag, copyAttrs(attrs), c);
    }
  }
}
