package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.MessageJournalStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the plaintext of each decrypted {@code enc} until the stanza is acknowledged, so that a
 * stanza the server delivers again after a crash (its keys already consumed) is replayed instead of
 * being lost (docs/protocol/messaging.md §2.3, idempotency). The entry is written in the same store
 * transaction as the Signal state that decrypted it, so there is no moment at which the keys are
 * consumed but the plaintext is not kept. The session forgets entries after a retention period.
 */
public interface PlaintextJournal {
  /**
   * Remembers the plaintext of the enc named {@code key} through {@code tx}, the transaction that
   * stores the Signal state that decrypted it.
   */
  void record(DeviceStore tx, String key, byte[] plaintext);

  /** The plaintext recorded for {@code key}, if any. */
  Optional<byte[]> replay(String key);

  /**
   * The journal kept in each transaction's {@link DeviceStore#messageJournal()} and replayed from
   * {@code replayFrom} (the same session's journal outside a transaction).
   */
  static PlaintextJournal durable(MessageJournalStore replayFrom) {
    Objects.requireNonNull(replayFrom, "replayFrom");
    return new PlaintextJournal() {
      @Override
      public void record(DeviceStore tx, String key, byte[] plaintext) {
        tx.messageJournal().record(key, plaintext);
      }

      @Override
      public Optional<byte[]> replay(String key) {
        return replayFrom.load(key);
      }
    };
  }

  /**
   * The journal key of one enc: hex SHA-256 of ciphertext ‖ 0x00 ‖ enc type ‖ 0x00 ‖ sender address
   * ‖ 0x00 ‖ chat.
   */
  static String key(byte[] ciphertext, String type, String senderAddress, String chat) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ciphertext);
      for (String part : new String[] {type, senderAddress, chat}) {
        sha.update((byte) 0);
        sha.update(part.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
