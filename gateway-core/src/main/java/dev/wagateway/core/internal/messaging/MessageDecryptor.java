package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.internal.signal.Padding;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.wire.Jid;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decrypts incoming message stanzas over {@link SignalProtocol} (docs/protocol/messaging.md §2.3):
 * every {@code enc} in stanza order, padding removed for {@code v="2"}, the {@code Message}
 * decoded, and an embedded sender-key distribution installed before the skmsg that needs it.
 */
public final class MessageDecryptor {
  private static final Logger log = LoggerFactory.getLogger(MessageDecryptor.class);

  /** Kind of {@link MessageContent.Unknown} for a {@code v="3"} payload (not a padded Message). */
  public static final String MESSAGE_TRANSPORT = "message_transport";

  private final SignalProtocol signal;
  private final DedupCache dedup;
  private final UnaryOperator<Jid> encryptionIdentity;
  private final PlaintextJournal journal;
  private final ReceivedKeyLog receivedKeys;

  public MessageDecryptor(SignalProtocol signal, DedupCache dedup) {
    this(signal, dedup, UnaryOperator.identity(), null);
  }

  public MessageDecryptor(
      SignalProtocol signal, DedupCache dedup, UnaryOperator<Jid> encryptionIdentity) {
    this(signal, dedup, encryptionIdentity, null);
  }

  /**
   * @param encryptionIdentity maps the sending device to the JID whose session decrypts (the LID
   *     device when a phone-number mapping is known, §2.2)
   * @param journal where plaintexts are kept, written in the transaction that consumes their keys,
   *     so a redelivery after a crash replays them; null for none (a redelivered stanza is then
   *     only reported as a duplicate)
   */
  public MessageDecryptor(
      SignalProtocol signal,
      DedupCache dedup,
      UnaryOperator<Jid> encryptionIdentity,
      PlaintextJournal journal) {
    this(signal, dedup, encryptionIdentity, journal, null);
  }

  /**
   * @param receivedKeys where the keys of decrypted messages are recorded, in the transaction that
   *     consumes their Signal keys; null for none
   */
  public MessageDecryptor(
      SignalProtocol signal,
      DedupCache dedup,
      UnaryOperator<Jid> encryptionIdentity,
      PlaintextJournal journal,
      ReceivedKeyLog receivedKeys) {
    this.receivedKeys = receivedKeys;
    this.signal = Objects.requireNonNull(signal, "signal");
    this.dedup = Objects.requireNonNull(dedup, "dedup");
    this.encryptionIdentity = Objects.requireNonNull(encryptionIdentity, "encryptionIdentity");
    this.journal = journal;
  }

  /** Decrypts {@code message}; never throws for undecryptable input, but reports it. */
  public DecryptOutcome decrypt(InboundMessage message) {
    Objects.requireNonNull(message, "message");
    if (message.unavailable()) {
      return new DecryptOutcome.Unavailable(message, message.unavailableType());
    }
    String chat = message.chat().toString();
    String sender = message.sender().toNonAd().toString();
    if (dedup.contains(chat, sender, message.id())) {
      return new DecryptOutcome.Duplicate(message);
    }
    Jid senderIdentity = encryptionIdentity.apply(message.sender());
    String address = MessageEncryptor.address(senderIdentity);
    boolean groupChat = message.from().isGroup() || message.from().isBroadcast();
    boolean pairwisePresent =
        message.encs().stream()
            .anyMatch(
                e -> e.type().equals(EncryptResult.PKMSG) || e.type().equals(EncryptResult.MSG));
    String groupId = groupChat ? message.from().toString() : null;
    List<DecodedMessage> parts = new ArrayList<>();
    int duplicates = 0;
    for (InboundMessage.Enc enc : message.encs()) {
      boolean pairwise =
          enc.type().equals(EncryptResult.PKMSG) || enc.type().equals(EncryptResult.MSG);
      if (!pairwise && !(enc.type().equals("skmsg") && groupChat)) {
        continue;
      }
      String journalKey =
          journal == null
              ? null
              : PlaintextJournal.key(enc.ciphertext(), enc.type(), address, chat);
      // Journal entry, sender-key installation, received key and the Signal state commit in one
      // transaction.
      Opened[] inTx = new Opened[1];
      SignalProtocol.DecryptedWork work =
          (tx, plaintext) -> {
            if (journal != null) {
              journal.record(tx, journalKey, plaintext);
            }
            inTx[0] = open(enc, plaintext, groupId, address, tx);
            DecodedMessage decoded = inTx[0].decoded();
            if (receivedKeys != null && decoded != null && decoded.content() != null) {
              receivedKeys.record(tx, message, decoded);
            }
          };
      Opened opened;
      try {
        if (pairwise) {
          signal.decrypt(address, enc.type(), enc.ciphertext(), groupId, work);
        } else {
          signal.groupDecrypt(groupId, address, enc.ciphertext(), work);
        }
        opened = inTx[0];
      } catch (CryptoException e) {
        if (e.errorCode() == ErrorCode.DUPLICATE_MESSAGE) {
          byte[] replayed = journal == null ? null : journal.replay(journalKey).orElse(null);
          if (replayed == null) {
            duplicates++;
            continue;
          }
          opened = open(enc, replayed, groupId, address, null);
        } else {
          boolean keys =
              enc.type().equals("skmsg")
                  && e.errorCode() == ErrorCode.NO_SENDER_KEY
                  && !pairwisePresent;
          return new DecryptOutcome.Undecryptable(message, e.code(), keys);
        }
      }
      if (opened.invalid() != null) {
        return new DecryptOutcome.Rejected(message, Acks.INVALID_PROTOBUF, opened.invalid());
      }
      parts.add(opened.decoded());
    }
    if (parts.isEmpty()) {
      if (duplicates > 0) {
        dedup.add(chat, sender, message.id());
        return new DecryptOutcome.Duplicate(message);
      }
      return new DecryptOutcome.Rejected(
          message, Acks.UNRECOGNIZED_STANZA, "no enc this client can decrypt");
    }
    DecodedMessage primary = parts.get(parts.size() - 1);
    for (DecodedMessage part : parts) {
      if (part.content() != null) {
        primary = part;
      }
    }
    dedup.add(chat, sender, message.id());
    return new DecryptOutcome.Decrypted(message, primary, parts);
  }

  /** One decrypted enc: its message, or why its plaintext is not one. */
  private record Opened(DecodedMessage decoded, String invalid) {}

  /**
   * Decodes a plaintext and installs the sender key it distributes in a group: through {@code tx}
   * when called inside the decrypting transaction, else in a transaction of its own (a replay).
   */
  private Opened open(
      InboundMessage.Enc enc, byte[] plaintext, String groupId, String address, DeviceStore tx) {
    if (enc.version() >= 3) {
      return new Opened(
          new DecodedMessage(
              new MessageContent.Unknown(MESSAGE_TRANSPORT, plaintext),
              null,
              null,
              null,
              false,
              false),
          null);
    }
    DecodedMessage decoded;
    try {
      decoded = MessageCodec.decode(Padding.unpad(plaintext));
    } catch (GatewayException e) {
      return new Opened(null, e.code());
    }
    if (decoded.senderKeyDistribution() != null && groupId != null) {
      byte[] skdm = decoded.senderKeyDistribution().axolotlMessage();
      try {
        if (tx == null) {
          signal.processSenderKeyDistribution(groupId, address, skdm);
        } else {
          signal.installSenderKey(tx, groupId, address, skdm);
        }
      } catch (CryptoException e) {
        log.warn("ignoring a sender-key distribution that could not be processed: {}", e.code());
      }
    }
    return new Opened(decoded, null);
  }
}
