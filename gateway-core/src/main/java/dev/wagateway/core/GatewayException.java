package dev.wagateway.core;

import java.util.Objects;

/**
 * Root of the library's exception family. Unchecked; callers branch on the subtype or on {@link
 * #errorCode()}, one of the {@link ErrorCode} constants; {@link #code()} is its stable
 * machine-readable wire name (the same codes the HTTP API reports).
 *
 * <p>Wire corruption is not part of this family: it is an {@link java.io.IOException} subtype
 * ({@link dev.wagateway.core.wire.WireException}) that stays inside the transport and surfaces as a
 * disconnect with a reason.
 */
public class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;
  private final String code;

  public GatewayException(ErrorCode errorCode, String message) {
    this(errorCode, message, null);
  }

  public GatewayException(ErrorCode errorCode, String message, Throwable cause) {
    this(errorCode, Objects.requireNonNull(errorCode, "errorCode").wireName(), message, cause);
  }

  /**
   * For a subtype whose codes refine {@code errorCode}: {@link #code()} answers {@code code} (a
   * wire name of the subtype's own code list, or {@code errorCode}'s wire name with a number).
   */
  protected GatewayException(ErrorCode errorCode, String code, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * {@code errorCode} with a number the WhatsApp server sent: {@link #code()} is, for example,
   * {@code iq_error_404}.
   */
  public static GatewayException numbered(ErrorCode errorCode, int number, String message) {
    return new GatewayException(errorCode, errorCode.wireName(number), message, null);
  }

  /** What went wrong, to branch on. */
  public ErrorCode errorCode() {
    return errorCode;
  }

  /**
   * Stable machine-readable error code, e.g. {@code validation_error}: the {@link
   * ErrorCode#wireName()} of {@link #errorCode()}, or a refinement of it (e.g. {@code
   * iq_error_404}).
   */
  public String code() {
    return code;
  }

  /** The caller's input does not fit: bad value, wrong state for the request. */
  public static class ValidationException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
      super(ErrorCode.VALIDATION_ERROR, message);
    }
  }

  /** The thing asked for does not exist (or belongs to someone else). */
  public static class NotFoundException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
      super(ErrorCode.NOT_FOUND, message);
    }
  }

  /** No egress could carry the connection; the session fails closed instead of going direct. */
  public static class EgressUnavailableException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public EgressUnavailableException(String message, Throwable cause) {
      super(ErrorCode.EGRESS_UNAVAILABLE, message, cause);
    }
  }

  /** A store could not read or write durably. Nothing was used on the wire. */
  public static class StoreException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(ErrorCode.STORE_ERROR, message, cause);
    }
  }

  /** A cryptographic check failed (bad signature, bad MAC, untrusted certificate). */
  public static class CryptoException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public CryptoException(ErrorCode errorCode, String message) {
      super(errorCode, message);
    }

    public CryptoException(ErrorCode errorCode, String message, Throwable cause) {
      super(errorCode, message, cause);
    }
  }
}
