package dev.wagateway.server.internal.http;

import dev.wagateway.core.GatewayException;
import dev.wagateway.server.internal.error.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP answers: {@link ApiException} keeps its status,
 * {@link GatewayException} subtypes map by type and code, anything else is a 500 whose message
 * reveals nothing. The body has the family's error shape.
 */
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  public static ApiException toApi(Throwable error) {
    if (error instanceof ApiException api) {
      return api;
    }
    if (error instanceof GatewayException.ValidationException e) {
      return new ApiException(400, "validation_error", e.getMessage(), null);
    }
    if (error instanceof GatewayException.NotFoundException e) {
      return new ApiException(404, "not_found", e.getMessage(), null);
    }
    if (error instanceof GatewayException.EgressUnavailableException e) {
      return new ApiException(503, "egress_unavailable", e.getMessage(), null, 30);
    }
    if (error instanceof GatewayException e) {
      switch (e.code()) {
        case "validation_error":
          return new ApiException(400, "validation_error", e.getMessage(), null);
        case "not_found":
          return new ApiException(404, "not_found", e.getMessage(), null);
        case "conflict":
          return new ApiException(409, "conflict", e.getMessage(), null);
        case "not_connected":
        case "not_paired":
          return new ApiException(
              409, "conflict", e.getMessage(), java.util.Map.of("reason", e.code()));
        case "no_devices":
          return new ApiException(
              400,
              "validation_error",
              "the recipient has no WhatsApp device to send to",
              java.util.Map.of("field", "to", "reason", "recipient_not_on_whatsapp"));
        case "service_unavailable":
          return new ApiException(503, "service_unavailable", e.getMessage(), null, 5);
        default:
          log.warn("request failed with {}: {}", e.code(), e.getMessage());
          return new ApiException(500, "internal_error", "internal error (" + e.code() + ")", null);
      }
    }
    log.error("request failed unexpectedly", error);
    return new ApiException(500, "internal_error", "internal error", null);
  }

  /** The error body in the family's shape. */
  public static Map<String, Object> body(Family family, ApiException e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", family == Family.ALT ? altCode(e.code()) : e.code());
    error.put("message", e.getMessage() == null ? e.code() : e.getMessage());
    error.put("details", e.details());
    return family == Family.ALT ? error : Map.of("error", error);
  }

  /** The Zavu family names a bad request {@code invalid_request}. */
  private static String altCode(String code) {
    return "validation_error".equals(code) ? "invalid_request" : code;
  }
}
