package dev.wagateway.core.internal.pairing;

import com.squareup.moshi.Moshi;
import dev.wagateway.core.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Reads vector JSON as maps and lists, with short typed accessors for tests. */
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
  static Map<String, Object> obj(Object map, String... path) {
    Object at = map;
    for (String p : path) {
      at = ((Map<String, Object>) at).get(p);
    }
    return (Map<String, Object>) at;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object map, String key) {
    return (List<Object>) ((Map<String, Object>) map).get(key);
  }

  @SuppressWarnings("unchecked")
  static String str(Object map, String... path) {
    Object at = map;
    for (String p : path) {
      at = ((Map<String, Object>) at).get(p);
    }
    return (String) at;
  }

  static byte[] hex(Object map, String... path) {
    return Vectors.hex(str(map, path));
  }
}
