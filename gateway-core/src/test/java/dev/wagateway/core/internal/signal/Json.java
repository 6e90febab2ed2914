package dev.wagateway.core.internal.signal;

import com.squareup.moshi.Moshi;
import dev.wagateway.core.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Tiny accessors over moshi's Map/List/Double/String view of a vector file. */
final class Json {
  private Json() {}

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

  @SuppressWarnings("unchecked")
  static int integer(Object parent, String key) {
    return ((Number) ((Map<String, Object>) parent).get(key)).intValue();
  }

  @SuppressWarnings("unchecked")
  static boolean has(Object parent, String key) {
    return ((Map<String, Object>) parent).get(key) != null;
  }

  static byte[] hex(Object parent, String key) {
    return HexFormat.of().parseHex(string(parent, key));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
