package dev.wagateway.client;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Maps an error answer to {@link WagatewayApiException}. Understands both error shapes of the API:
 * {@code {"error": {"code", "message", "details"}}} ({@code /api/v1}) and {@code {"code",
 * "message", "details"}} ({@code /v1}). Any other body gives code {@code http_<status>}; its text
 * is not copied into the exception (it may hold secrets).
 */
final class ErrorBodies {
  private final JsonAdapter<Object> json;

  ErrorBodies(Moshi moshi) {
    this.json = moshi.adapter(Object.class);
  }

  WagatewayApiException toException(int status, String body, Duration retryAfter) {
    Map<?, ?> root = parseObject(body);
    Map<?, ?> error =
        root == null ? null : root.get("error") instanceof Map<?, ?> nested ? nested : root;
    if (error != null && error.get("code") instanceof String code) {
      String message = error.get("message") instanceof String m ? m : "HTTP " + status;
      return new WagatewayApiException(
          status, code, message, details(error.get("details")), retryAfter);
    }
    return new WagatewayApiException(
        status, "http_" + status, "HTTP " + status + " without an error body", null, retryAfter);
  }

  private Map<?, ?> parseObject(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return json.fromJson(body) instanceof Map<?, ?> m ? m : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> details(Object raw) {
    return raw instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
