package dev.wagateway.testkit;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;

/**
 * A simulated phone could not do what the test asked, for a reason a real phone would also stop at.
 * {@link #reason()} says which, {@link #code()} is its wire name; {@link #errorCode()} is the
 * library's nearest code ({@link ErrorCode#TIMEOUT} for {@code pairing_timeout}, the failed check's
 * code for {@code bad_device_signature} / {@code bad_device_identity}, else {@link
 * ErrorCode#VALIDATION_ERROR}).
 */
public final class PhoneException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** Why the phone stopped. */
  public enum Reason {
    /** The scanned text is not a pairing QR. */
    QR_MALFORMED("qr_malformed", ErrorCode.VALIDATION_ERROR),
    /** No registration connection handshook with the QR's noise key. */
    QR_UNKNOWN_CONNECTION("qr_unknown_connection", ErrorCode.VALIDATION_ERROR),
    /** The QR's identity key differs from the one that connection registered. */
    QR_KEY_MISMATCH("qr_key_mismatch", ErrorCode.VALIDATION_ERROR),
    /** The ref is not one the server issued to that connection, or its time is up. */
    QR_REF_EXPIRED("qr_ref_expired", ErrorCode.VALIDATION_ERROR),
    /** No companion asked for a pairing code for this phone. */
    CODE_NO_PENDING("code_no_pending", ErrorCode.VALIDATION_ERROR),
    /** The companion's key bundle does not decrypt (a wrong code). */
    CODE_MISMATCH("code_mismatch", ErrorCode.VALIDATION_ERROR),
    /** The key bundle's identity is not the one the companion registered. */
    KEY_MISMATCH("key_mismatch", ErrorCode.VALIDATION_ERROR),
    /** The companion answered pair-success with pair-error. */
    PAIRING_REJECTED("pairing_rejected", ErrorCode.VALIDATION_ERROR),
    /** The companion's pair-device-sign does not verify. */
    BAD_DEVICE_SIGNATURE(ErrorCode.BAD_DEVICE_SIGNATURE.wireName(), ErrorCode.BAD_DEVICE_SIGNATURE),
    /** The companion's pair-device-sign identity does not parse or was changed. */
    BAD_DEVICE_IDENTITY(ErrorCode.BAD_DEVICE_IDENTITY.wireName(), ErrorCode.BAD_DEVICE_IDENTITY),
    /** The companion did not answer in time. */
    PAIRING_TIMEOUT("pairing_timeout", ErrorCode.TIMEOUT),
    /** The device is not linked to this phone. */
    NOT_LINKED("not_linked", ErrorCode.VALIDATION_ERROR);

    private final String wireName;
    private final ErrorCode errorCode;

    Reason(String wireName, ErrorCode errorCode) {
      this.wireName = wireName;
      this.errorCode = errorCode;
    }

    /** The stable name, e.g. {@code qr_ref_expired}. */
    public String wireName() {
      return wireName;
    }

    /**
     * The reason a failed pair-device-sign check names with its code ({@link #BAD_DEVICE_IDENTITY}
     * for that code, else {@link #BAD_DEVICE_SIGNATURE}).
     */
    static Reason ofDeviceSignCheck(String code) {
      return BAD_DEVICE_IDENTITY.wireName.equals(code) ? BAD_DEVICE_IDENTITY : BAD_DEVICE_SIGNATURE;
    }
  }

  private final Reason reason;

  public PhoneException(Reason reason, String message) {
    this(reason, message, null);
  }

  public PhoneException(Reason reason, String message, Throwable cause) {
    super(reason.errorCode, reason.wireName, message, cause);
    this.reason = reason;
  }

  /** Why the phone stopped. */
  public Reason reason() {
    return reason;
  }
}
