package dev.wagateway.core.egress;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;

/**
 * A pairing token was refused. {@link #errorCode()} says why: {@code token_expired}, {@code
 * token_invalid} (malformed, tampered, signed with an unknown or retired key) or {@code
 * node_revoked}. Messages never contain the token.
 */
public final class PairingTokenException extends GatewayException {
  private static final long serialVersionUID = 1L;

  private PairingTokenException(ErrorCode code, String message) {
    super(code, message);
  }

  static PairingTokenException expired(String message) {
    return new PairingTokenException(ErrorCode.TOKEN_EXPIRED, message);
  }

  static PairingTokenException invalid(String message) {
    return new PairingTokenException(ErrorCode.TOKEN_INVALID, message);
  }

  static PairingTokenException revoked(String message) {
    return new PairingTokenException(ErrorCode.NODE_REVOKED, message);
  }
}
