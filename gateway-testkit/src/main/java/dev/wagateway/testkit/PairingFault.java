package dev.wagateway.testkit;

/**
 * A deliberate fault a {@link SimulatedPhone} puts into a pairing, for the companion's negative
 * tests.
 */
public enum PairingFault {
  /** A correct pair-success. */
  NONE,
  /** The HMAC is made with another ADV secret: the companion must answer 401 hmac-mismatch. */
  BAD_HMAC,
  /**
   * The account signature is made by another key (the identity still names the phone's key): the
   * companion must answer 401 signature-mismatch. Baileys accepts this one; we must not.
   */
  BAD_ACCOUNT_SIGNATURE,
  /**
   * The server drops the socket (no close frame) right after sending pair-success, before any
   * pair-device-sign: the device is never linked.
   */
  DROP_AFTER_PAIR_SUCCESS
}
