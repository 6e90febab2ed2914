package dev.wagateway.core.wire;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import dev.wagateway.core.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Converts nodes to and from the node JSON of the interop vectors (and of the CLI's {@code node
 * encode/decode}):
 *
 * <pre>
 * {"tag": "iq", "attrs": {"id": "1", ...}, "content": null | {"string": "..."} | {"bytes": "hex"} | [nodes]}
 * </pre>
 *
 * {@code attrs} and {@code content} may be omitted (no attributes, no content); attribute order is
 * kept; an attribute whose value is null is left out, as Baileys leaves it out. Bytes are written
 * as lower-case hex. Anything else is rejected with a {@link GatewayException.ValidationException}
 * naming the path of the bad value.
 */
public final class NodeJson {
  private static final JsonAdapter<Object> TREE = new Moshi.Builder().build().adapter(Object.class);
  private static final HexFormat HEX = HexFormat.of();

  private NodeJson() {}

  /**
   * Parses node JSON.
   *
   * @throws GatewayException.ValidationException if the text is not JSON or not a node
   */
  public static BinaryNode fromJson(String json) {
    if (json == null) {
      throw new GatewayException.ValidationException("node JSON must not be null");
    }
    Object tree;
    try {
      tree = TREE.fromJson(new Buffer().writeUtf8(json));
    } catch (IOException | JsonDataException e) {
      throw new GatewayException.ValidationException("invalid node JSON: " + e.getMessage());
    }
    return fromValue(tree);
  }

  /**
   * Converts a parsed JSON tree (maps, lists, strings, as moshi's {@code Object} adapter gives
   * them) into a node.
   *
   * @throws GatewayException.ValidationException if the tree is not a node
   */
  public static BinaryNode fromValue(Object value) {
    return node(value, "$");
  }

  /** Compact node JSON. */
  public static String toJson(BinaryNode node) {
    return toJson(node, "");
  }

  /** Node JSON indented with {@code indent} (empty for compact). */
  public static String toJson(BinaryNode node, String indent) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setIndent(indent);
      writer.setSerializeNulls(true);
      write(writer, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /** The node as a JSON tree of maps, lists and strings (content null stays null). */
  public static Map<String, Object> toValue(BinaryNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tag", node.tag());
    out.put("attrs", new LinkedHashMap<>(node.attrs()));
    switch (node.contentKind()) {
      case TEXT:
        out.put("content", Map.of("string", node.text()));
        break;
      case BYTES:
        out.put("content", Map.of("bytes", HEX.formatHex(node.bytes())));
        break;
      case LIST:
        List<Object> children = new ArrayList<>();
        for (BinaryNode c : node.children()) {
          children.add(toValue(c));
        }
        out.put("content", children);
        break;
      default:
        out.put("content", null);
        break;
    }
    return out;
  }

  private static void write(JsonWriter w, BinaryNode node) throws IOException {
    w.beginObject();
    w.name("tag").value(node.tag());
    w.name("attrs").beginObject();
    for (Map.Entry<String, String> e : node.attrs().entrySet()) {
      w.name(e.getKey()).value(e.getValue());
    }
    w.endObject();
    w.name("content");
    switch (node.contentKind()) {
      case TEXT:
        w.beginObject().name("string").value(node.text()).endObject();
        break;
      case BYTES:
        w.beginObject().name("bytes").value(HEX.formatHex(node.bytes())).endObject();
        break;
      case LIST:
        w.beginArray();
        for (BinaryNode c : node.children()) {
          write(w, c);
        }
        w.endArray();
        break;
      default:
        w.nullValue();
        break;
    }
    w.endObject();
  }

  private static BinaryNode node(Object value, String path) {
    if (!(value instanceof Map)) {
      throw invalid(path, "expected a node object");
    }
    Map<?, ?> map = (Map<?, ?>) value;
    for (Object key : map.keySet()) {
      if (!"tag".equals(key) && !"attrs".equals(key) && !"content".equals(key)) {
        throw invalid(path, "unknown node field \"" + key + "\"");
      }
    }
    Object tag = map.get("tag");
    if (!(tag instanceof String) || ((String) tag).isEmpty()) {
      throw invalid(path + ".tag", "expected a non-empty string");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    Object rawAttrs = map.get("attrs");
    if (rawAttrs != null) {
      if (!(rawAttrs instanceof Map)) {
        throw invalid(path + ".attrs", "expected an object of strings");
      }
      for (Map.Entry<?, ?> e : ((Map<?, ?>) rawAttrs).entrySet()) {
        if (e.getValue() == null) {
          continue; // Baileys skips null attributes when encoding
        }
        if (!(e.getValue() instanceof String)) {
          throw invalid(path + ".attrs." + e.getKey(), "expected a string");
        }
        attrs.put((String) e.getKey(), (String) e.getValue());
      }
    }
    Object content = map.get("content");
    String t = (String) tag;
    if (content == null) {
      return BinaryNode.of(t, attrs);
    }
    if (content instanceof List) {
      List<?> list = (List<?>) content;
      List<BinaryNode> children = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        children.add(node(list.get(i), path + ".content[" + i + "]"));
      }
      return BinaryNode.of(t, attrs, children);
    }
    if (content instanceof Map) {
      Map<?, ?> c = (Map<?, ?>) content;
      if (c.size() == 1 && c.get("string") instanceof String) {
        return BinaryNode.ofText(t, attrs, (String) c.get("string"));
      }
      if (c.size() == 1 && c.get("bytes") instanceof String) {
        try {
          return BinaryNode.of(t, attrs, HEX.parseHex((String) c.get("bytes")));
        } catch (IllegalArgumentException e) {
          throw invalid(path + ".content.bytes", "expected hex: " + e.getMessage());
        }
      }
    }
    throw invalid(
        path + ".content", "expected null, {\"string\": ...}, {\"bytes\": \"hex\"} or a list");
  }

  private static GatewayException.ValidationException invalid(String path, String why) {
    return new GatewayException.ValidationException("invalid node JSON at " + path + ": " + why);
  }
}
