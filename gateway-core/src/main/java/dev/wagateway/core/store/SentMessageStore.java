package dev.wagateway.core.store;

import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.SentMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The records of messages a session sent ({@link SentMessage}): written before the message's Signal
 * encryption, advanced by acks and receipts, pruned by age. Unlike the key material they survive a
 * logout ({@link GatewayStore#deleteDevice}); deleting the session removes them.
 */
public interface SentMessageStore {
  /**
   * Stores a new record.
   *
   * @throws dev.wagateway.core.GatewayException.ValidationException when the id is already recorded
   *     for this session
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

  /**
   * Stores a new record in status pending together with the encoded message waiting to be sent, in
   * one transaction: the send queue's "accepted means stored" (see docs/architecture.md, Send
   * path).
   *
   * @throws dev.wagateway.core.GatewayException.ValidationException when the id is already recorded
   *     for this session
   */
  void enqueue(SentMessage message, byte[] payload);

  /**
   * The messages accepted and not yet handed to the network, oldest first (the order they were
   * accepted in).
   */
  List<Queued> queued();

  /** Drops the queued payload of {@code messageId} (it was sent or failed); the record stays. */
  void dequeue(String messageId);

  /** Forgets records accepted before {@code epochMillis}; returns how many were removed. */
  int deleteOlderThan(long epochMillis);

  /** A message waiting in the send queue: its record and its encoded content. */
  final class Queued {
    private final SentMessage message;
    private final byte[] payload;

    public Queued(SentMessage message, byte[] payload) {
      this.message = Objects.requireNonNull(message, "message");
      this.payload = Objects.requireNonNull(payload, "payload").clone();
    }

    public SentMessage message() {
      return message;
    }

    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Queued q
          && q.message.equals(message)
          && Arrays.equals(q.payload, payload);
    }

    @Override
    public int hashCode() {
      return message.hashCode() * 31 + Arrays.hashCode(payload);
    }
  }
}
