package dev.wagateway.core.store;

import dev.wagateway.core.ReceivedMessage;
import java.util.Optional;

/**
 * The keys of messages a session received ({@link ReceivedMessage}: chat, id, sender, never the
 * content), written in the transaction that decrypted each message and pruned by age. They go with
 * the key material ({@link GatewayStore#deleteDevice}) and with the session.
 */
public interface ReceivedMessageStore {
  /**
   * Remembers {@code message}; a message already recorded under the same chat and id is replaced (a
   * redelivery records the same key again).
   *
   * @throws dev.wagateway.core.GatewayException.ValidationException when the record belongs to
   *     another session
   */
  void record(ReceivedMessage message);

  /** The record of message {@code messageId} in {@code chat}, if kept. */
  Optional<ReceivedMessage> load(String chat, String messageId);

  /** Forgets records received before {@code epochMillis}; returns how many were removed. */
  int deleteOlderThan(long epochMillis);
}
