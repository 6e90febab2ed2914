package dev.wagateway.core.internal.signal;

/**
 * The stable {@link dev.wagateway.core.GatewayException.CryptoException#code()} values the Signal
 * layer raises.
 */
public final class SignalErrors {
  /** A fetched bundle's signed prekey is not signed by the bundle's identity key. */
  public static final String BAD_SIGNED_PREKEY_SIGNATURE = "bad_signed_prekey_signature";

  /** A SignalMessage MAC did not verify under any session state we hold. */
  public static final String BAD_MAC = "bad_mac";

  /** A SenderKeyMessage signature did not verify. */
  public static final String BAD_SIGNATURE = "bad_signature";

  /** No session (1:1) exists for the address. */
  public static final String NO_SESSION = "no_session";

  /** No sender key exists for the group and sender, or none with the message's key id. */
  public static final String NO_SENDER_KEY = "no_sender_key";

  /** The message key was already used (a duplicate delivery) or was evicted. */
  public static final String DUPLICATE_MESSAGE = "duplicate_message";

  /** The message is further ahead of its chain than the skipped-key limit allows. */
  public static final String TOO_MANY_SKIPPED = "too_many_skipped";

  /** The peer's identity key changed and the policy is to reject such changes. */
  public static final String UNTRUSTED_IDENTITY = "untrusted_identity";

  /** A pkmsg names a signed prekey we do not have. */
  public static final String NO_SIGNED_PREKEY = "no_signed_prekey";

  /** A pkmsg names a one-time prekey we do not have (already used, or never ours). */
  public static final String NO_PREKEY = "no_prekey";

  /** Malformed message bytes: bad version, truncated, missing fields, bad padding. */
  public static final String INVALID_MESSAGE = "invalid_message";

  /** Our own identity (credentials) is not in the store yet. */
  public static final String NO_IDENTITY = "no_identity";

  /** A stored record could not be parsed. */
  public static final String CORRUPT_RECORD = "corrupt_record";

  private SignalErrors() {}
}
