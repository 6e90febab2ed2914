package dev.wagateway.core;

/** Where a message we sent stands; kept in memory (bounded) per session. */
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

  /** Lower-case name, as in JSON. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
