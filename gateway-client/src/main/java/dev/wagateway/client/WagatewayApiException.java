package dev.wagateway.client;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with an error status. Both error shapes of the API map here: the gateway
 * family's {@code {"error": {"code", "message", "details"}}} and the WhatsApp Alternative family's
 * {@code {"code", "message", "details"}}. {@link #getMessage()} is the server's message.
 */
public final class WagatewayApiException extends WagatewayException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, Object> details;
  private final Duration retryAfter;

  public WagatewayApiException(
      int status, String code, String message, Map<String, Object> details, Duration retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.details =
        details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    this.retryAfter = retryAfter;
  }

  /** The HTTP status, e.g. 404. */
  public int status() {
    return status;
  }

  /** The error code, e.g. {@code not_found}; {@code http_<status>} when the body carried none. */
  public String code() {
    return code;
  }

  /** Structured context from the error body; empty when there was none. */
  public Map<String, Object> details() {
    return details == null ? Map.of() : details;
  }

  /** The server's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  @SuppressWarnings("OverrideThrowableToString") // getMessage() stays the server's message
  public String toString() {
    return "WagatewayApiException{status="
        + status
        + ", code="
        + code
        + ", message="
        + getMessage()
        + "}";
  }
}
