package dev.wagateway.server.internal.http;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.error.Family;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP answers: {@link ApiException} keeps its {@link
 * ApiError}, a {@link GatewayException} maps by its {@link ErrorCode} in one exhaustive switch (a
 * new code does not compile until it has an answer), anything else is a 500 whose message reveals
 * nothing. The body has the family's error shape.
 */
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  /** Seconds a client waits before retrying when the session's egress cannot be reached. */
  static final long EGRESS_RETRY_AFTER_SECONDS = 30;

  /** Seconds a client waits before retrying when the gateway is overloaded or draining. */
  static final long SERVICE_RETRY_AFTER_SECONDS = 5;

  /** Retry-After of {@code queue_full}: the queue drains in about this time. */
  static final long QUEUE_RETRY_AFTER_SECONDS = 1;

  private ErrorMapper() {}

  public static ApiException toApi(Throwable error) {
    if (error instanceof ApiException api) {
      return api;
    }
    if (error instanceof GatewayException e) {
      return toApi(e);
    }
    log.error("request failed unexpectedly", error);
    return new ApiException(ApiError.INTERNAL_ERROR, "internal error", null);
  }

  /** The answer to a library error, by its code. */
  static ApiException toApi(GatewayException e) {
    return switch (e.errorCode()) {
      case VALIDATION_ERROR -> new ApiException(ApiError.VALIDATION_ERROR, e.getMessage(), null);
      case NOT_FOUND -> new ApiException(ApiError.NOT_FOUND, e.getMessage(), null);
      case CONFLICT -> new ApiException(ApiError.CONFLICT, e.getMessage(), null);
      case NOT_CONNECTED, NOT_PAIRED ->
          new ApiException(ApiError.CONFLICT, e.getMessage(), Map.of("reason", e.code()));
      case NO_DEVICES ->
          new ApiException(
              ApiError.VALIDATION_ERROR,
              "the recipient has no WhatsApp device to send to",
              Map.of("field", "to", "reason", "recipient_not_on_whatsapp"));
      case EGRESS_UNAVAILABLE ->
          new ApiException(
              ApiError.EGRESS_UNAVAILABLE, e.getMessage(), null, EGRESS_RETRY_AFTER_SECONDS);
      case SERVICE_UNAVAILABLE ->
          new ApiException(
              ApiError.SERVICE_UNAVAILABLE, e.getMessage(), null, SERVICE_RETRY_AFTER_SECONDS);
      case QUEUE_FULL ->
          new ApiException(ApiError.QUEUE_FULL, e.getMessage(), null, QUEUE_RETRY_AFTER_SECONDS);
      case CONFIG_ERROR,
          STORE_ERROR,
          HOST_CLOSED,
          INTERRUPTED,
          TIMEOUT,
          SESSION_ERROR,
          INTERNAL,
          INTERNAL_ERROR,
          SESSION_FAILED,
          FAILED,
          REQUEST_FAILED,
          IQ_ERROR,
          SERVER_ERROR,
          SEND_FAILED,
          BAD_GROUP,
          BAD_USYNC,
          BAD_PREKEYS,
          INVALID_PROTOBUF,
          PAIRING_CODE_FAILED,
          PAIRING_REF_MISSING,
          PAIRING_REF_MISMATCH,
          BAD_WRAPPED_KEY,
          BAD_PUBLIC_KEY,
          BAD_KEY_BUNDLE,
          BAD_DEVICE_IDENTITY,
          BAD_DEVICE_SIGNATURE,
          MALFORMED_IDENTITY,
          BAD_HMAC,
          BAD_ACCOUNT_SIGNATURE,
          BAD_KEY_INDEX,
          MISSING_DEVICE,
          NONCE_EXHAUSTED,
          BAD_SIGNED_PREKEY_SIGNATURE,
          BAD_MAC,
          BAD_SIGNATURE,
          NO_SESSION,
          NO_SENDER_KEY,
          DUPLICATE_MESSAGE,
          TOO_MANY_SKIPPED,
          UNTRUSTED_IDENTITY,
          NO_SIGNED_PREKEY,
          NO_PREKEY,
          INVALID_MESSAGE,
          NO_IDENTITY,
          CORRUPT_RECORD,
          NO_BUNDLE,
          MEDIA_MAC_MISMATCH,
          MEDIA_HASH_MISMATCH,
          MEDIA_TRUNCATED,
          MEDIA_DECRYPT_FAILED,
          MEDIA_TOO_LARGE,
          MEDIA_EXPIRED,
          MEDIA_DOWNLOAD_FAILED,
          MEDIA_UPLOAD_FAILED,
          MEDIA_CONN_UNAVAILABLE,
          TOKEN_EXPIRED,
          TOKEN_INVALID,
          NODE_REVOKED ->
          internal(e);
    };
  }

  /** A failure the client cannot act on: the message names only the code. */
  private static ApiException internal(GatewayException e) {
    log.warn("request failed with {}: {}", e.code(), e.getMessage());
    return new ApiException(ApiError.INTERNAL_ERROR, "internal error (" + e.code() + ")", null);
  }

  /** The error body in the family's shape. */
  public static Map<String, Object> body(Family family, ApiException e) {
    String code = e.error().wireName(family);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", e.getMessage() == null ? e.code() : e.getMessage());
    error.put("details", e.details());
    return family == Family.ALT ? error : Map.of("error", error);
  }
}
