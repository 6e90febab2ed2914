package dev.wagateway.server.internal.error;

import java.util.Map;
import java.util.Objects;

/**
 * An error the server answers with a given HTTP status, stable {@code code} and optional details
 * (for example {@code {"field": "egress.kind"}}). Mapped to the family's error shape in {@link
 * ErrorMapper}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, Object> details;
  private final long retryAfterSeconds;

  public ApiException(int status, String code, String message, Map<String, Object> details) {
    this(status, code, message, details, 0);
  }

  public ApiException(
      int status, String code, String message, Map<String, Object> details, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.details = details == null ? Map.of() : Map.copyOf(details);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }

  /** Seconds for a Retry-After header, or 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ApiException validation(String field, String message) {
    return new ApiException(400, "validation_error", message, Map.of("field", field));
  }

  public static ApiException validationReason(String reason, String message) {
    return new ApiException(400, "validation_error", message, Map.of("reason", reason));
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message, null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message, null);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message, null);
  }
}
