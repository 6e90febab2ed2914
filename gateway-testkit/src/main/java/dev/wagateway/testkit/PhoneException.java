package dev.wagateway.testkit;

import dev.wagateway.core.GatewayException;

/**
 * A simulated phone could not do what the test asked, for a reason a real phone would also stop at.
 * {@link #code()} says which:
 *
 * <ul>
 *   <li>{@code qr_malformed}: the scanned text is not a pairing QR;
 *   <li>{@code qr_unknown_connection}: no registration connection handshook with the QR's noise
 *       key;
 *   <li>{@code qr_key_mismatch}: the QR's identity key differs from the one that connection
 *       registered;
 *   <li>{@code qr_ref_expired}: the ref is not one the server issued to that connection, or its
 *       time is up;
 *   <li>{@code code_no_pending}: no companion asked for a pairing code for this phone;
 *   <li>{@code code_mismatch}: the companion's key bundle does not decrypt (a wrong code);
 *   <li>{@code pairing_rejected}: the companion answered pair-success with pair-error;
 *   <li>{@code bad_device_signature} / {@code bad_device_identity}: the companion's
 *       pair-device-sign does not verify;
 *   <li>{@code pairing_timeout}: the companion did not answer in time;
 *   <li>{@code not_linked}: the device is not linked to this phone.
 * </ul>
 */
public final class PhoneException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public PhoneException(String code, String message) {
    super(code, message);
  }

  public PhoneException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
