package dev.wagateway.core.internal.messaging;

import java.util.List;
import java.util.Objects;

/** What {@link MessageDecryptor} made of an incoming message stanza. */
public sealed interface DecryptOutcome {
  InboundMessage message();

  /**
   * Decrypted. Send the delivery receipt ({@link Receipts#delivery}) and emit the content.
   *
   * @param decoded the part that carries the content (the skmsg in a group), or the last part when
   *     none does (e.g. a bare sender-key distribution); its content may then be null
   * @param parts every decrypted part, in stanza order
   */
  record Decrypted(InboundMessage message, DecodedMessage decoded, List<DecodedMessage> parts)
      implements DecryptOutcome {
    public Decrypted {
      Objects.requireNonNull(decoded, "decoded");
      parts = List.copyOf(parts);
    }
  }

  /**
   * Already handled (seen in the dedup cache, or every key was already used): ack, emit nothing.
   */
  record Duplicate(InboundMessage message) implements DecryptOutcome {}

  /**
   * Could not be decrypted. Emit an undecryptable event, send a retry receipt (with keys when
   * {@code keysRequired} or on later attempts, see {@link Receipts#keysRequired}) and an ack.
   *
   * @param code the Signal error code (e.g. {@code bad_mac}, {@code no_session}, {@code
   *     no_sender_key})
   * @param keysRequired true when a group skmsg failed for want of the sender key and no pairwise
   *     enc came with it
   */
  record Undecryptable(InboundMessage message, String code, boolean keysRequired)
      implements DecryptOutcome {}

  /**
   * The stanza is broken in a way a retry cannot fix: nack it with {@code nackCode} ({@link
   * Acks#UNRECOGNIZED_STANZA} when no enc could be handled, {@link Acks#INVALID_PROTOBUF} when the
   * plaintext was not a Message).
   */
  record Rejected(InboundMessage message, int nackCode, String reason) implements DecryptOutcome {}

  /**
   * Nothing was encrypted for us ({@code <unavailable type>}, docs/protocol/messaging.md §2.8): ack
   * it.
   */
  record Unavailable(InboundMessage message, String type) implements DecryptOutcome {}
}
