package dev.wagateway.client.codegen;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed OpenAPI 3.0 document with typed access to the parts the generator reads. */
final class Spec {
  private static final String SCHEMA_PREFIX = "#/components/schemas/";

  private final Map<String, Object> root;
  private final Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();

  private Spec(Map<String, Object> root) {
    this.root = root;
    Map<String, Object> components = optMap(root, "components");
    Map<String, Object> raw = components == null ? null : optMap(components, "schemas");
    if (raw != null) {
      raw.forEach((name, schema) -> schemas.put(name, asMap(schema, "components.schemas." + name)));
    }
  }

  static Spec parse(String json) {
    Object parsed;
    try {
      parsed = new Moshi.Builder().build().adapter(Object.class).fromJson(json);
    } catch (IOException | JsonDataException e) {
      throw new CodegenException("the OpenAPI document is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, Object> root = asMap(parsed, "document root");
    Object version = root.get("openapi");
    if (!(version instanceof String v) || !v.startsWith("3.0.")) {
      throw new CodegenException(
          "only OpenAPI 3.0.x documents are supported, got openapi=" + version);
    }
    return new Spec(root);
  }

  Map<String, Object> root() {
    return root;
  }

  Map<String, Map<String, Object>> schemas() {
    return schemas;
  }

  String infoVersion() {
    Map<String, Object> info = optMap(root, "info");
    return info == null ? "" : optString(info, "version", "");
  }

  Map<String, Object> schema(String name) {
    Map<String, Object> s = schemas.get(name);
    if (s == null) {
      throw new CodegenException("unknown schema '" + name + "'");
    }
    return s;
  }

  /**
   * Follows a {@code $ref} into {@code components}; returns {@code node} itself when it is not a
   * reference.
   */
  Map<String, Object> deref(Map<String, Object> node) {
    Map<String, Object> current = node;
    for (int hops = 0; current.containsKey("$ref"); hops++) {
      if (hops > 16) {
        throw new CodegenException("reference cycle at " + node.get("$ref"));
      }
      String ref = (String) current.get("$ref");
      if (!ref.startsWith("#/components/")) {
        throw new CodegenException("only local component references are supported: " + ref);
      }
      String[] parts = ref.substring(2).split("/");
      Object target = root;
      for (String part : parts) {
        target = target instanceof Map<?, ?> m ? m.get(part) : null;
      }
      if (target == null) {
        throw new CodegenException("unresolved reference " + ref);
      }
      current = asMap(target, ref);
    }
    return current;
  }

  static String schemaRefName(String ref) {
    if (!ref.startsWith(SCHEMA_PREFIX)) {
      throw new CodegenException("expected a reference to a schema, got " + ref);
    }
    return ref.substring(SCHEMA_PREFIX.length());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value, String where) {
    if (!(value instanceof Map<?, ?>)) {
      throw new CodegenException(where + " must be an object");
    }
    return (Map<String, Object>) value;
  }

  static Map<String, Object> optMap(Map<String, Object> node, String key) {
    Object v = node.get(key);
    return v == null ? null : asMap(v, key);
  }

  @SuppressWarnings("unchecked")
  static List<Object> optList(Map<String, Object> node, String key) {
    Object v = node.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?>)) {
      throw new CodegenException(key + " must be an array");
    }
    return (List<Object>) v;
  }

  static String optString(Map<String, Object> node, String key, String fallback) {
    Object v = node.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new CodegenException(key + " must be a string");
    }
    return s;
  }

  static boolean flag(Map<String, Object> node, String key) {
    return Boolean.TRUE.equals(node.get(key));
  }
}
