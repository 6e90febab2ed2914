package dev.wagateway.server.internal.http;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
   * Parses a request body that must be a JSON object in strict UTF-8; an empty body is an empty
   * object. Error messages never quote the body: the parser's own messages do (values of duplicate
   * keys, message text), so they are replaced by a fixed text and a {@code reason}.
   *
   * @throws ApiException 400 validation_error when the body is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readObject(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw invalid("invalid_utf8", "request body is not valid UTF-8");
    }
    if (text.isBlank()) {
      return Map.of();
    }
    Object tree;
    try {
      tree = TREE.fromJson(text);
    } catch (JsonDataException e) {
      String why = e.getMessage() == null ? "" : e.getMessage();
      if (why.startsWith("Map key ") && why.contains(" has multiple values")) {
        throw invalid("duplicate_key", "request body has a duplicate key");
      }
      throw invalid("malformed_json", "request body is not valid JSON");
    } catch (JsonEncodingException e) {
      throw invalid("malformed_json", "request body is not valid JSON");
    } catch (IOException e) {
      throw invalid("malformed_json", "request body is not valid JSON");
    }
    if (!(tree instanceof Map)) {
      throw ApiException.validation("body", "request body must be a JSON object");
    }
    return (Map<String, Object>) tree;
  }

  private static ApiException invalid(String reason, String message) {
    return new ApiException(
        ApiError.VALIDATION_ERROR, message, Map.of("field", "body", "reason", reason));
  }
}
