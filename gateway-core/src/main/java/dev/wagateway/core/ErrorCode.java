package dev.wagateway.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every code a {@link GatewayException} carries, with its stable {@link #wireName()} (the string
 * {@link GatewayException#code()} returns, the failure code of a {@link SentMessage} and of a
 * {@code message.failed} event). The one list of error codes: throw sites name a constant, never a
 * string. The server maps each constant to an HTTP answer in one exhaustive switch.
 */
public enum ErrorCode {
  // The caller's request

  /** The caller's input does not fit: bad value, wrong state for the request. */
  VALIDATION_ERROR("validation_error"),
  /** The thing asked for does not exist (or belongs to someone else). */
  NOT_FOUND("not_found"),
  /** The thing is in a state that forbids the operation (a reserved message no longer pending). */
  CONFLICT("conflict"),
  /** A configuration value is invalid; the component does not start. */
  CONFIG_ERROR("config_error"),

  // The gateway's own state

  /** No egress could carry the connection; the session fails closed instead of going direct. */
  EGRESS_UNAVAILABLE("egress_unavailable"),
  /** A store could not read or write durably. Nothing was used on the wire. */
  STORE_ERROR("store_error"),
  /** The gateway is overloaded or shutting down; retry later. */
  SERVICE_UNAVAILABLE("service_unavailable"),
  /** The session's send queue is full; retry later (the API answers 429 with Retry-After). */
  QUEUE_FULL("queue_full"),
  /** The session host was closed. */
  HOST_CLOSED("host_closed"),
  /** The calling thread was interrupted while it waited. */
  INTERRUPTED("interrupted"),
  /** The session or the server did not answer in time. */
  TIMEOUT("timeout"),
  /** A session task failed with an unexpected exception. */
  SESSION_ERROR("session_error"),
  /** An unexpected failure of the gateway (an invariant did not hold). */
  INTERNAL("internal"),
  /** An unexpected failure, as a message's failure code. */
  INTERNAL_ERROR("internal_error"),
  /** A session ended in a failure before the command was done (command line). */
  SESSION_FAILED("session_failed"),
  /** A command failed with an unexpected exception (command line). */
  FAILED("failed"),

  // Sessions and messages

  /** The session has no linked account yet. */
  NOT_PAIRED("not_paired"),
  /** The session is not connected. */
  NOT_CONNECTED("not_connected"),
  /** No device of the recipient could be reached. */
  NO_DEVICES("no_devices"),
  /** A request to the WhatsApp server failed without an answer. */
  REQUEST_FAILED("request_failed"),
  /**
   * The WhatsApp server answered a request with an error; {@link GatewayException#code()} carries
   * its number: {@code iq_error_404}.
   */
  IQ_ERROR("iq_error"),
  /**
   * The WhatsApp server rejected a sent message; the failure code carries its number: {@code
   * server_error_479}.
   */
  SERVER_ERROR("server_error"),
  /** A message could not be sent for a reason that has no code of its own. */
  SEND_FAILED("send_failed"),
  /** The group metadata answer has no group. */
  BAD_GROUP("bad_group"),
  /** A device list (usync) answer is malformed. */
  BAD_USYNC("bad_usync"),
  /** A prekey answer is malformed. */
  BAD_PREKEYS("bad_prekeys"),
  /** A decrypted plaintext is not a Message protobuf. */
  INVALID_PROTOBUF("invalid_protobuf"),

  // Pairing a device

  /** The server did not accept a phone-code pairing request. */
  PAIRING_CODE_FAILED("pairing_code_failed"),
  /** The companion_hello result has no ref. */
  PAIRING_REF_MISSING("pairing_ref_missing"),
  /** A primary_hello does not answer the pending phone-code pairing. */
  PAIRING_REF_MISMATCH("pairing_ref_mismatch"),
  /** A wrapped ephemeral key is too short. */
  BAD_WRAPPED_KEY("bad_wrapped_key"),
  /** A public key has the wrong size, or an agreement with it gave the all-zero secret. */
  BAD_PUBLIC_KEY("bad_public_key"),
  /** A phone-code key bundle is malformed, names another identity, or does not decrypt. */
  BAD_KEY_BUNDLE("bad_key_bundle"),
  /** A pair-device-sign identity does not parse or was changed. */
  BAD_DEVICE_IDENTITY("bad_device_identity"),
  /** A pair-device-sign device signature does not verify. */
  BAD_DEVICE_SIGNATURE("bad_device_signature"),
  /** A pair-success protobuf did not parse, or a required part is missing. */
  MALFORMED_IDENTITY("malformed_identity"),
  /** The HMAC over a pair-success identity does not match our ADV secret. */
  BAD_HMAC("bad_hmac"),
  /** A pair-success account signature is missing, of the wrong size, or does not verify. */
  BAD_ACCOUNT_SIGNATURE("bad_account_signature"),
  /** A pair-success identity has no key index. */
  BAD_KEY_INDEX("bad_key_index"),
  /** A pair-success has no usable device child. */
  MISSING_DEVICE("missing_device"),

  // Noise and Signal

  /** The transport's write counter is exhausted. */
  NONCE_EXHAUSTED("nonce_exhausted"),
  /** A fetched bundle's signed prekey is not signed by the bundle's identity key. */
  BAD_SIGNED_PREKEY_SIGNATURE("bad_signed_prekey_signature"),
  /** A SignalMessage MAC did not verify under any session state we hold. */
  BAD_MAC("bad_mac"),
  /** A SenderKeyMessage signature did not verify. */
  BAD_SIGNATURE("bad_signature"),
  /** No session (1:1) exists for the address. */
  NO_SESSION("no_session"),
  /** No sender key exists for the group and sender, or none with the message's key id. */
  NO_SENDER_KEY("no_sender_key"),
  /** The message key was already used (a duplicate delivery) or was evicted. */
  DUPLICATE_MESSAGE("duplicate_message"),
  /** The message is further ahead of its chain than the skipped-key limit allows. */
  TOO_MANY_SKIPPED("too_many_skipped"),
  /** The peer's identity key changed and the policy is to reject such changes. */
  UNTRUSTED_IDENTITY("untrusted_identity"),
  /** A pkmsg names a signed prekey we do not have. */
  NO_SIGNED_PREKEY("no_signed_prekey"),
  /** A pkmsg names a one-time prekey we do not have (already used, or never ours). */
  NO_PREKEY("no_prekey"),
  /** Malformed message bytes: bad version, truncated, missing fields, bad padding. */
  INVALID_MESSAGE("invalid_message"),
  /** Our own identity (credentials) is not in the store yet. */
  NO_IDENTITY("no_identity"),
  /** A stored record could not be parsed. */
  CORRUPT_RECORD("corrupt_record"),
  /** No prekey bundle for a device we must encrypt to. */
  NO_BUNDLE("no_bundle"),

  // Media

  /** The blob's HMAC does not match: it was tampered with or belongs to another key. */
  MEDIA_MAC_MISMATCH("media_mac_mismatch"),
  /** SHA-256 of the blob or of the plaintext differs from the message's. */
  MEDIA_HASH_MISMATCH("media_hash_mismatch"),
  /** The blob is too short to hold a MAC, or ended before its declared length. */
  MEDIA_TRUNCATED("media_truncated"),
  /** The blob decrypted to invalid padding (only possible with a matching MAC and a wrong key). */
  MEDIA_DECRYPT_FAILED("media_decrypt_failed"),
  /** The blob is larger than the message says or than the configured limit allows. */
  MEDIA_TOO_LARGE("media_too_large"),
  /** The media host answered 403, 404 or 410: the URL expired; ask for a re-upload. */
  MEDIA_EXPIRED("media_expired"),
  /** Every media host failed (network error or an unexpected HTTP status). */
  MEDIA_DOWNLOAD_FAILED("media_download_failed"),
  /** The upload failed on every host. */
  MEDIA_UPLOAD_FAILED("media_upload_failed"),
  /** No usable media_conn (no hosts, or an answer we cannot read). */
  MEDIA_CONN_UNAVAILABLE("media_conn_unavailable"),

  // Egress-node enrolment tokens

  /** The pairing token's time is up. */
  TOKEN_EXPIRED("token_expired"),
  /** The token is malformed, tampered with, or signed with an unknown or retired key. */
  TOKEN_INVALID("token_invalid"),
  /** The token's node was revoked. */
  NODE_REVOKED("node_revoked");

  private static final Map<String, ErrorCode> BY_WIRE_NAME = new HashMap<>();

  static {
    for (ErrorCode code : values()) {
      if (BY_WIRE_NAME.put(code.wireName, code) != null) {
        throw new ExceptionInInitializerError("duplicate error code " + code.wireName);
      }
    }
  }

  private final String wireName;

  ErrorCode(String wireName) {
    this.wireName = wireName;
  }

  /** The stable machine-readable name, e.g. {@code validation_error}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The wire name followed by a number the WhatsApp server sent, e.g. {@code iq_error_404} or
   * {@code server_error_479}.
   */
  public String wireName(int number) {
    return wireName + "_" + number;
  }

  /** The code named {@code wireName} exactly, or empty. */
  public static Optional<ErrorCode> fromWireName(String wireName) {
    return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
  }
}
