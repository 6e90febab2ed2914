package dev.wagateway.server.internal.http;

import dev.wagateway.server.internal.error.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validated access to a parsed JSON object. Every failure is a 400 {@code validation_error}
 * whose details name the field (dotted path for nested objects).
 */
public final class Body {
  private final Map<String, Object> fields;
  private final String prefix;

  private Body(Map<String, Object> fields, String prefix) {
    this.fields = fields;
    this.prefix = prefix;
  }

  public static Body of(byte[] bytes) {
    return new Body(Json.readObject(bytes), "");
  }

  public boolean has(String name) {
    return fields.get(name) != null;
  }

  /** Rejects fields other than {@code allowed}, so typos don't pass silently. */
  public Body allowOnly(Set<String> allowed) {
    for (String name : fields.keySet()) {
      if (!allowed.contains(name)) {
        throw ApiException.validation(path(name), "unknown field " + path(name));
      }
    }
    return this;
  }

  /** A string field, or null when absent; {@code maxLength} counts characters (code points). */
  public String optString(String name, int minLength, int maxLength) {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw ApiException.validation(path(name), path(name) + " must be a string");
    }
    int length = s.codePointCount(0, s.length());
    if (length < minLength) {
      throw ApiException.validation(
          path(name), path(name) + " must be at least " + minLength + " characters");
    }
    if (length > maxLength) {
      throw ApiException.validation(
          path(name), path(name) + " must be at most " + maxLength + " characters");
    }
    return s;
  }

  public String string(String name, int minLength, int maxLength) {
    String s = optString(name, minLength, maxLength);
    if (s == null) {
      throw ApiException.validation(path(name), path(name) + " is required");
    }
    return s;
  }

  /** A string that must be one of {@code allowed}; null when absent. */
  public String optEnum(String name, Set<String> allowed) {
    String s = optString(name, 0, 64);
    if (s != null && !allowed.contains(s)) {
      throw ApiException.validation(
          path(name),
          path(name) + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return s;
  }

  public Boolean optBoolean(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean b)) {
      throw ApiException.validation(path(name), path(name) + " must be a boolean");
    }
    return b;
  }

  @SuppressWarnings("unchecked")
  public Body optObject(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw ApiException.validation(path(name), path(name) + " must be an object");
    }
    return new Body((Map<String, Object>) value, path(name) + ".");
  }

  /** A list of strings each in {@code allowed}; null when absent. */
  public List<String> optEnumList(String name, Set<String> allowed, int minItems) {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      throw ApiException.validation(path(name), path(name) + " must be an array");
    }
    if (list.size() < minItems) {
      throw ApiException.validation(
          path(name), path(name) + " must have at least " + minItems + " item(s)");
    }
    for (Object item : list) {
      if (!(item instanceof String s) || !allowed.contains(s)) {
        throw ApiException.validation(
            path(name),
            path(name)
                + " items must be one of "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return list.stream().map(String.class::cast).distinct().toList();
  }

  public String path(String name) {
    return prefix + name;
  }
}
