package dev.wagateway.server.internal.error;

/**
 * The error codes the HTTP API answers with, each with its HTTP status and its wire name per
 * family. The one list of the API's codes: {@link ApiException} carries one of them, and {@link
 * ErrorMapper} maps every {@link dev.wagateway.core.ErrorCode} onto one.
 */
public enum ApiError {
  /** Malformed JSON, a missing or invalid field, or a request the session's state refuses. */
  VALIDATION_ERROR(400, "validation_error", "invalid_request"),
  /** A test-mode API key called a WhatsApp Alternative endpoint. */
  TEST_MODE_UNSUPPORTED(400, "test_mode_unsupported"),
  /** Missing, malformed, expired or revoked bearer token. */
  UNAUTHORIZED(401, "unauthorized"),
  /** The token lacks the capability the operation requires. */
  FORBIDDEN(403, "forbidden"),
  /** No such resource in the caller's organization. */
  NOT_FOUND(404, "not_found"),
  /** The path exists, the method does not. */
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  /** The request's headers or body did not arrive within the server's deadline. */
  REQUEST_TIMEOUT(408, "request_timeout"),
  /** The resource is in a state that forbids the operation. */
  CONFLICT(409, "conflict"),
  /** Request body or media over the limit. */
  PAYLOAD_TOO_LARGE(413, "payload_too_large"),
  /** The request target is longer than the server reads. */
  URI_TOO_LONG(414, "uri_too_long"),
  /** Wrong Content-Type, or a MIME type the message type does not accept. */
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
  /**
   * Too many requests for the credential, too many of them at once, or too many failed
   * authentications from the caller's address.
   */
  RATE_LIMITED(429, "rate_limited"),
  /** The session's send queue is full; the other family calls it {@code rate_limited}. */
  QUEUE_FULL(429, "queue_full", "rate_limited"),
  /** The request's headers are larger than the server reads. */
  HEADERS_TOO_LARGE(431, "request_headers_too_large"),
  /** Unexpected server failure; the message reveals nothing. */
  INTERNAL_ERROR(500, "internal_error"),
  /** The operation is not available in this build (documented; this build has every one). */
  NOT_IMPLEMENTED(501, "not_implemented"),
  /** The session's egress cannot be reached; never a direct connection instead. */
  EGRESS_UNAVAILABLE(503, "egress_unavailable"),
  /** The gateway is starting, draining or overloaded. */
  SERVICE_UNAVAILABLE(503, "service_unavailable");

  private final int status;
  private final String wireName;
  private final String altWireName;

  ApiError(int status, String wireName) {
    this(status, wireName, wireName);
  }

  ApiError(int status, String wireName, String altWireName) {
    this.status = status;
    this.wireName = wireName;
    this.altWireName = altWireName;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** The {@code code} of the gateway family's error body, e.g. {@code validation_error}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The {@code code} in {@code family}'s error body: the Zavu family names a bad request {@code
   * invalid_request}.
   */
  public String wireName(Family family) {
    return family == Family.ALT ? altWireName : wireName;
  }

  /** The error answered with {@code status}, for the server's own rejections; 500 when none. */
  public static ApiError ofStatus(int status) {
    for (ApiError e : values()) {
      if (e.status == status && e != TEST_MODE_UNSUPPORTED && e != EGRESS_UNAVAILABLE) {
        return e;
      }
    }
    return status >= 400 && status < 500 ? VALIDATION_ERROR : INTERNAL_ERROR;
  }
}
