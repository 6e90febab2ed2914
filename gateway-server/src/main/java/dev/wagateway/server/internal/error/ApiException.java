package dev.wagateway.server.internal.error;

import java.util.Map;
import java.util.Objects;

/**
 * An error the server answers with: an {@link ApiError} (which fixes the HTTP status and the stable
 * {@code code}), a message and optional details (for example {@code {"field": "egress.kind"}}).
 * Mapped to the family's error shape in {@link ErrorMapper}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ApiError error;
  private final transient Map<String, Object> details;
  private final long retryAfterSeconds;

  public ApiException(ApiError error, String message, Map<String, Object> details) {
    this(error, message, details, 0);
  }

  public ApiException(
      ApiError error, String message, Map<String, Object> details, long retryAfterSeconds) {
    super(message);
    this.error = Objects.requireNonNull(error, "error");
    this.details = details == null ? Map.of() : Map.copyOf(details);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ApiError error() {
    return error;
  }

  public int status() {
    return error.status();
  }

  /** The gateway family's wire name of {@link #error()}. */
  public String code() {
    return error.wireName();
  }

  public Map<String, Object> details() {
    return details;
  }

  /** Seconds for a Retry-After header, or 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ApiException validation(String field, String message) {
    return new ApiException(ApiError.VALIDATION_ERROR, message, Map.of("field", field));
  }

  public static ApiException validationReason(String reason, String message) {
    return new ApiException(ApiError.VALIDATION_ERROR, message, Map.of("reason", reason));
  }

  public static ApiException notFound(String message) {
    return new ApiException(ApiError.NOT_FOUND, message, null);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(ApiError.UNAUTHORIZED, message, null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(ApiError.FORBIDDEN, message, null);
  }

  public static ApiException conflict(String message) {
    return new ApiException(ApiError.CONFLICT, message, null);
  }
}
