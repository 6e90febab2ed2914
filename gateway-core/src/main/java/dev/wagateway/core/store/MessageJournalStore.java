package dev.wagateway.core.store;

import java.util.Optional;

/**
 * Plaintexts of decrypted messages kept for a short while, keyed by a hash of their ciphertext, so
 * that a message the server delivers again after a crash between decrypting (its Signal keys are
 * consumed) and acknowledging is replayed instead of lost (docs/protocol/messaging.md §2.3).
 */
public interface MessageJournalStore {
  /** Remembers {@code plaintext} under {@code key} (replacing an earlier entry). */
  void record(String key, byte[] plaintext);

  /** The plaintext recorded under {@code key}, if any. */
  Optional<byte[]> load(String key);

  /** Forgets entries recorded before {@code epochMillis}; returns how many were removed. */
  int deleteOlderThan(long epochMillis);
}
