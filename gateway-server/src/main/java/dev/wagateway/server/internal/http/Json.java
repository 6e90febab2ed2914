package dev.wagateway.server.internal.http;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import dev.wagateway.server.internal.error.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** JSON in and out with moshi: untyped trees (Map, List, String, Double, Boolean). */
public final class Json {
  private static final JsonAdapter<Object> TREE = new Moshi.Builder().build().adapter(Object.class);

  private Json() {}

  /** Serializes a tree of Map/List/String/Number/Boolean; null map values are left out. */
  public static String write(Object tree) {
    return TREE.toJson(tree);
  }

  public static byte[] writeBytes(Object tree) {
    return write(tree).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a request body that must be a JSON object; an empty body is an empty object.
   *
   * @throws ApiException 400 validation_error when the body is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readObject(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return Map.of();
    }
    Object tree;
    try {
      tree = TREE.fromJson(text);
    } catch (JsonEncodingException | JsonDataException e) {
      throw ApiException.validation("body", "request body is not valid JSON: " + e.getMessage());
    } catch (IOException e) {
      throw ApiException.validation("body", "request body is not valid JSON");
    }
    if (!(tree instanceof Map)) {
      throw ApiException.validation("body", "request body must be a JSON object");
    }
    return (Map<String, Object>) tree;
  }
}
