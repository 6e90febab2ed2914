package dev.wagateway.core.event;

import java.time.Instant;

/**
 * Something that happened to a hosted session. {@link #eventType()} names the record's type, and
 * {@link #type()}, its wire name, is the {@code type} field of the server's event stream and
 * webhooks; {@link SessionEvents#toJson} gives that JSON shape.
 */
public sealed interface SessionEvent
    permits StatusChanged,
        QrCodeIssued,
        PairingCodeIssued,
        Paired,
        LoggedOut,
        Disconnected,
        MessageReceived,
        MessageSent,
        MessageDelivered,
        MessageRead,
        MessageFailed,
        UndecryptableMessage,
        SessionDegraded,
        CallReceived,
        CallEnded {
  /** The event's type, e.g. {@link EventType#SESSION_STATUS}. */
  default EventType eventType() {
    return EventType.of(this);
  }

  /** The wire name of the event's type, e.g. {@code session.status}. */
  default String type() {
    return eventType().wireName();
  }

  /** The session it concerns. */
  String sessionId();

  /** When it happened. */
  Instant at();
}
