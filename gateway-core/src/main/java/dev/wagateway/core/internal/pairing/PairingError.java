package dev.wagateway.core.internal.pairing;

/**
 * Why a {@code pair-success} was refused, with the {@code <error code text>} of the {@code
 * pair-error} reply (docs/protocol/pairing.md §3.6). After any of these nothing from the stanza may be stored.
 */
public enum PairingError {
  /** A protobuf in {@code device-identity} did not parse, or a required part is missing. */
  MALFORMED_IDENTITY("malformed_identity", 500, "internal-error"),
  /** The HMAC over the signed identity does not match our ADV secret. */
  BAD_HMAC("bad_hmac", 401, "hmac-mismatch"),
  /** The account signature is missing, of the wrong size, or does not verify. */
  BAD_ACCOUNT_SIGNATURE("bad_account_signature", 401, "signature-mismatch"),
  /** {@code ADVDeviceIdentity.keyIndex} is absent, so the reply cannot name it. */
  BAD_KEY_INDEX("bad_key_index", 500, "internal-error"),
  /**
   * The {@code <device>} child is absent, or its {@code jid} (our own JID) or {@code lid} is not a
   * JID.
   */
  MISSING_DEVICE("missing_device", 500, "internal-error");

  private final String code;
  private final int replyCode;
  private final String replyText;

  PairingError(String code, int replyCode, String replyText) {
    this.code = code;
    this.replyCode = replyCode;
    this.replyText = replyText;
  }

  /** Stable machine-readable code, e.g. {@code bad_hmac}. */
  public String code() {
    return code;
  }

  /** The {@code code} attribute of the pair-error reply (401 or 500). */
  public int replyCode() {
    return replyCode;
  }

  /** The {@code text} attribute of the pair-error reply, e.g. {@code hmac-mismatch}. */
  public String replyText() {
    return replyText;
  }
}
