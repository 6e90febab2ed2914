package dev.wagateway.core.egress;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;

/**
 * An enrolment token was refused. {@link #errorCode()} says why: {@code token_expired}, {@code
 * token_invalid} (malformed, tampered, signed with an unknown or retired key) or {@code
 * node_revoked}. Messages never contain the token.
 */
public final class EnrolmentTokenException extends GatewayException {
  private static final long serialVersionUID = 1L;

  private EnrolmentTokenException(ErrorCode code, String message) {
    super(code, message);
  }

  static EnrolmentTokenException expired(String message) {
    return new EnrolmentTokenException(ErrorCode.TOKEN_EXPIRED, message);
  }

  static EnrolmentTokenException invalid(String message) {
    return new EnrolmentTokenException(ErrorCode.TOKEN_INVALID, message);
  }

  static EnrolmentTokenException revoked(String message) {
    return new EnrolmentTokenException(ErrorCode.NODE_REVOKED, message);
  }
}
