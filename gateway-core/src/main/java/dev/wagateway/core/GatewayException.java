package dev.wagateway.core;

import java.util.Objects;

/**
 * Root of the library's exception family. Unchecked; callers branch on the subtype or on
 * {@link #code()}, a stable machine-readable string (the same codes the HTTP API reports).
 *
 * <p>Wire corruption is not part of this family: it is an {@link java.io.IOException} subtype
 * ({@link dev.wagateway.core.wire.WireException}) that stays inside the transport and surfaces as
 * a disconnect with a reason.
 */
public class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  public GatewayException(String code, String message) {
    this(code, message, null);
  }

  public GatewayException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** Stable machine-readable error code, e.g. {@code validation_error}. */
  public String code() {
    return code;
  }

  /** The caller's input does not fit: bad value, wrong state for the request. */
  public static class ValidationException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
      super("validation_error", message);
    }
  }

  /** The thing asked for does not exist (or belongs to someone else). */
  public static class NotFoundException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
      super("not_found", message);
    }
  }

  /** No egress could carry the connection; the session fails closed instead of going direct. */
  public static class EgressUnavailableException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public EgressUnavailableException(String message, Throwable cause) {
      super("egress_unavailable", message, cause);
    }
  }

  /** A store could not read or write durably. Nothing was used on the wire. */
  public static class StoreException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super("store_error", message, cause);
    }
  }

  /** A cryptographic check failed (bad signature, bad MAC, untrusted certificate). */
  public static class CryptoException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public CryptoException(String code, String message) {
      super(code, message);
    }

    public CryptoException(String code, String message, Throwable cause) {
      super(code, message, cause);
    }
  }
}
