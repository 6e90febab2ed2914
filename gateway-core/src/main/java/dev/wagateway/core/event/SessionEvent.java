package dev.wagateway.core.event;

import java.time.Instant;

/**
 * Something that happened to a hosted session. {@link #type()} is the {@code type} field of the
 * server's event stream and webhooks; {@link SessionEvents#toJson} gives that JSON shape.
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
        UndecryptableMessage {
  /** The event type, e.g. {@code session.status}. */
  String type();

  /** The session it concerns. */
  String sessionId();

  /** When it happened. */
  Instant at();
}
