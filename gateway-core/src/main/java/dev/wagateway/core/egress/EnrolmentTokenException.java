package dev.wagateway.core.egress;

import dev.wagateway.core.GatewayException;

/**
 * A enrolment token was refused. {@link #code()} says why: {@code token_expired}, {@code
 * token_invalid} (malformed, tampered, signed with an unknown or retired key) or {@code
 * node_revoked}. Messages never contain the token.
 */
public final class EnrolmentTokenException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public static final String TOKEN_EXPIRED = "token_expired";
  public static final String TOKEN_INVALID = "token_invalid";
  public static final String NODE_REVOKED = "node_revoked";

  private EnrolmentTokenException(String code, String message) {
    super(code, message);
  }

  static EnrolmentTokenException expired(String message) {
    return new EnrolmentTokenException(TOKEN_EXPIRED, message);
  }

  static EnrolmentTokenException invalid(String message) {
    return new EnrolmentTokenException(TOKEN_INVALID, message);
  }

  static EnrolmentTokenException revoked(String message) {
    return new EnrolmentTokenException(NODE_REVOKED, message);
  }
}
