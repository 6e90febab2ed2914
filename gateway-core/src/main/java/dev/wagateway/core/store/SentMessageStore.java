package dev.wagateway.core.store;

import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.SentMessage;
import java.util.Optional;

/**
 * The records of messages a session sent ({@link SentMessage}): written before the message's
 * Signal encryption, advanced by acks and receipts, pruned by age. Unlike the key material they
 * survive a logout ({@link GatewayStore#deleteDevice}); deleting the session removes them.
 */
public interface SentMessageStore {
  /**
   * Stores a new record.
   *
   * @throws dev.wagateway.core.GatewayException.ValidationException when the id is already
   *     recorded for this session
   */
  void insert(SentMessage message);

  /** The record of {@code messageId}, if kept. */
  Optional<SentMessage> load(String messageId);

  /**
   * Moves the record's status to {@code next} when {@link MessageStatus#canAdvanceTo} allows it,
   * with the failure's code and message for {@link MessageStatus#FAILED}.
   *
   * @return the updated record, or empty when unknown or the move is not allowed
   */
  Optional<SentMessage> advance(
      String messageId, MessageStatus next, String errorCode, String errorMessage, long atMillis);

  /** Forgets records accepted before {@code epochMillis}; returns how many were removed. */
  int deleteOlderThan(long epochMillis);
}
