package dev.wagateway.core;

/** Where a message we sent stands; kept in the session's store with its {@link SentMessage}. */
public enum MessageStatus {
  /** Handed to the connection, no server ack yet. */
  PENDING,
  /** The server acknowledged it. */
  SENT,
  /** At least one recipient device received it. */
  DELIVERED,
  /** The recipient read or played it. */
  READ,
  /** The send failed (see the {@code message.failed} event for why). */
  FAILED;

  /**
   * Whether a message in this status may move to {@code next}: statuses only move forward (pending,
   * sent, delivered, read), and only a pending message can fail.
   */
  public boolean canAdvanceTo(MessageStatus next) {
    if (next == FAILED) {
      return this == PENDING;
    }
    return this != FAILED && next.compareTo(this) > 0;
  }

  /** Lower-case name, as in JSON. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
