package dev.wagateway.core.internal.messaging;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.squareup.moshi.Moshi;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.proto.E2eProtos;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Accessors over moshi's view of the vector files, and a JSON → protobuf reader for plaintexts. */
final class TestJson {
  private TestJson() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> load(String name) {
    try {
      return (Map<String, Object>)
          new Moshi.Builder().build().adapter(Object.class).fromJson(Vectors.text(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object parent, String key) {
    return (Map<String, Object>) ((Map<String, Object>) parent).get(key);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object parent, String key) {
    return (List<Object>) ((Map<String, Object>) parent).get(key);
  }

  @SuppressWarnings("unchecked")
  static String string(Object parent, String key) {
    return (String) ((Map<String, Object>) parent).get(key);
  }

  static int integer(Object parent, String key) {
    return ((Number) ((Map<?, ?>) parent).get(key)).intValue();
  }

  static byte[] hex(Object parent, String key) {
    return HexFormat.of().parseHex(string(parent, key));
  }

  static BinaryNode node(Object value) {
    return NodeJson.fromValue(value);
  }

  /** A {@code Message} from its JSON form as the vectors print it (field names as in e2e.proto). */
  static E2eProtos.Message message(Map<String, Object> json) {
    E2eProtos.Message.Builder b = E2eProtos.Message.newBuilder();
    fill(b, json);
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static void fill(Message.Builder b, Map<String, Object> json) {
    for (Map.Entry<String, Object> e : json.entrySet()) {
      FieldDescriptor f = b.getDescriptorForType().findFieldByName(e.getKey());
      if (f == null) {
        throw new AssertionError("no field " + e.getKey() + " in " + b.getDescriptorForType());
      }
      Object v = e.getValue();
      switch (f.getJavaType()) {
        case MESSAGE -> {
          Message.Builder child = b.newBuilderForField(f);
          fill(child, (Map<String, Object>) v);
          b.setField(f, child.build());
        }
        case STRING -> b.setField(f, v);
        case BOOLEAN -> b.setField(f, v);
        case INT -> b.setField(f, ((Number) v).intValue());
        case LONG -> b.setField(f, ((Number) v).longValue());
        default -> throw new AssertionError("unsupported JSON field " + e.getKey());
      }
    }
  }
}
