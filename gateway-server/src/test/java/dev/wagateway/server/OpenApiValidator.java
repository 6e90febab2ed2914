package dev.wagateway.server;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks JSON values against the OpenAPI document's schemas: $ref, type, required, properties (no
 * undocumented ones unless additionalProperties), enum, nullable, oneOf with discriminator, items,
 * minLength/maxLength, date-time.
 */
final class OpenApiValidator {
  final Map<String, Object> doc;

  @SuppressWarnings("unchecked")
  OpenApiValidator(byte[] json) throws IOException {
    doc =
        (Map<String, Object>)
            new Moshi.Builder()
                .build()
                .adapter(Object.class)
                .fromJson(new String(json, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Every documented operation as "METHOD /path". */
  @SuppressWarnings("unchecked")
  Set<String> operations() {
    Set<String> out = new TreeSet<>();
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    for (Map.Entry<String, Object> p : paths.entrySet()) {
      for (String method : ((Map<String, Object>) p.getValue()).keySet()) {
        if (!method.equals("parameters")) {
          out.add(method.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
        }
      }
    }
    return out;
  }

  /** Operations marked {@code x-demo-only} (served only with --demo). */
  @SuppressWarnings("unchecked")
  Set<String> demoOnly() {
    Set<String> out = new TreeSet<>();
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    for (Map.Entry<String, Object> p : paths.entrySet()) {
      for (Map.Entry<String, Object> op : ((Map<String, Object>) p.getValue()).entrySet()) {
        if (op.getValue() instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("x-demo-only"))) {
          out.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
        }
      }
    }
    return out;
  }

  /** The JSON schema of a documented response, or null when it has no JSON body. */
  @SuppressWarnings("unchecked")
  Map<String, Object> responseSchema(String method, String path, int status) {
    Map<String, Object> op =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) doc.get("paths")).get(path))
                .get(method.toLowerCase(java.util.Locale.ROOT));
    if (op == null) {
      throw new AssertionError("undocumented operation " + method + " " + path);
    }
    Map<String, Object> response =
        (Map<String, Object>)
            ((Map<String, Object>) op.get("responses")).get(Integer.toString(status));
    if (response == null) {
      throw new AssertionError("undocumented status " + status + " for " + method + " " + path);
    }
    response = deref(response);
    Map<String, Object> content = (Map<String, Object>) response.get("content");
    if (content == null || !content.containsKey("application/json")) {
      return null;
    }
    return (Map<String, Object>)
        ((Map<String, Object>) content.get("application/json")).get("schema");
  }

  /** Problems of {@code value} against the response schema; empty when it fits. */
  List<String> validateResponse(String method, String path, int status, Object value) {
    Map<String, Object> schema = responseSchema(method, path, status);
    List<String> errors = new ArrayList<>();
    if (schema != null) {
      check(schema, value, "$", errors);
    }
    return errors;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> deref(Map<String, Object> node) {
    while (node.containsKey("$ref")) {
      String ref = (String) node.get("$ref");
      Object target = doc;
      for (String part : ref.substring(2).split("/")) {
        target = ((Map<String, Object>) target).get(part);
      }
      node = (Map<String, Object>) target;
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  void check(Map<String, Object> schema, Object value, String at, List<String> errors) {
    schema = deref(schema);
    if (value == null) {
      if (!Boolean.TRUE.equals(schema.get("nullable"))) {
        errors.add(at + ": null where the schema is not nullable");
      }
      return;
    }
    if (schema.containsKey("oneOf")) {
      Map<String, Object> disc = (Map<String, Object>) schema.get("discriminator");
      if (disc != null && value instanceof Map<?, ?> m) {
        Object tag = m.get(disc.get("propertyName"));
        String ref = (String) ((Map<String, Object>) disc.get("mapping")).get(String.valueOf(tag));
        if (ref == null) {
          errors.add(at + ": unknown discriminator " + tag);
          return;
        }
        check(Map.of("$ref", ref), value, at, errors);
        return;
      }
      int fits = 0;
      for (Object alt : (List<Object>) schema.get("oneOf")) {
        List<String> sub = new ArrayList<>();
        check((Map<String, Object>) alt, value, at, sub);
        if (sub.isEmpty()) {
          fits++;
        }
      }
      if (fits != 1) {
        errors.add(at + ": fits " + fits + " oneOf alternatives");
      }
      return;
    }
    Object type = schema.get("type");
    if (schema.containsKey("enum") && !((List<Object>) schema.get("enum")).contains(value)) {
      errors.add(at + ": " + value + " not in " + schema.get("enum"));
    }
    if ("object".equals(type)) {
      if (!(value instanceof Map)) {
        errors.add(at + ": expected an object");
        return;
      }
      Map<String, Object> obj = (Map<String, Object>) value;
      for (Object req : (List<Object>) schema.getOrDefault("required", List.of())) {
        if (!obj.containsKey(req)) {
          errors.add(at + ": missing required " + req);
        }
      }
      Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
      boolean open =
          schema.get("additionalProperties") != null
              && !Boolean.FALSE.equals(schema.get("additionalProperties"));
      for (Map.Entry<String, Object> e : obj.entrySet()) {
        Map<String, Object> prop = (Map<String, Object>) props.get(e.getKey());
        if (prop == null) {
          if (!open) {
            errors.add(at + ": undocumented property " + e.getKey());
          }
        } else {
          check(prop, e.getValue(), at + "." + e.getKey(), errors);
        }
      }
    } else if ("array".equals(type)) {
      if (!(value instanceof List)) {
        errors.add(at + ": expected an array");
        return;
      }
      int i = 0;
      for (Object item : (List<Object>) value) {
        check((Map<String, Object>) schema.get("items"), item, at + "[" + i++ + "]", errors);
      }
    } else if ("string".equals(type)) {
      if (!(value instanceof String s)) {
        errors.add(at + ": expected a string");
        return;
      }
      if ("date-time".equals(schema.get("format"))) {
        try {
          Instant.parse(s);
        } catch (DateTimeParseException e) {
          errors.add(at + ": not a date-time: " + s);
        }
      }
      if (schema.get("maxLength") instanceof Double max && s.length() > max) {
        errors.add(at + ": longer than " + max);
      }
      if (schema.get("minLength") instanceof Double min && s.length() < min) {
        errors.add(at + ": shorter than " + min);
      }
    } else if ("integer".equals(type)) {
      if (!(value instanceof Double d) || d != Math.rint(d)) {
        errors.add(at + ": expected an integer");
      }
    } else if ("number".equals(type)) {
      if (!(value instanceof Double)) {
        errors.add(at + ": expected a number");
      }
    } else if ("boolean".equals(type)) {
      if (!(value instanceof Boolean)) {
        errors.add(at + ": expected a boolean");
      }
    }
  }
}
