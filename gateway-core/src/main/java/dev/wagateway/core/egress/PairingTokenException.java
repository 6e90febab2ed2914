package dev.wagateway.core.egress;

import dev.wagateway.core.GatewayException;

/**
 * A pairing token was refused. {@link #code()} says why: {@code token_expired}, {@code
 * token_invalid} (malformed, tampered, signed with an unknown or retired key) or {@code
 * node_revoked}. Messages never contain the token.
 */
public final class PairingTokenException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public static final String TOKEN_EXPIRED = "token_expired";
  public static final String TOKEN_INVALID = "token_invalid";
  public static final String NODE_REVOKED = "node_revoked";

  private PairingTokenException(String code, String message) {
    super(code, message);
  }

  static PairingTokenException expired(String message) {
    return new PairingTokenException(TOKEN_EXPIRED, message);
  }

  static PairingTokenException invalid(String message) {
    return new PairingTokenException(TOKEN_INVALID, message);
  }

  static PairingTokenException revoked(String message) {
    return new PairingTokenException(NODE_REVOKED, message);
  }
}
