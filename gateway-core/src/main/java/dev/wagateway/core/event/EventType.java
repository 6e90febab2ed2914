package dev.wagateway.core.event;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The type of each {@link SessionEvent} record, with its wire name: the {@code type} field of the
 * JSON on the server's event stream and webhooks. The one list of event types; a record's {@link
 * SessionEvent#eventType()} is looked up here.
 */
public enum EventType {
  SESSION_STATUS("session.status", StatusChanged.class),
  AUTH_QR("auth.qr", QrCodeIssued.class),
  AUTH_PAIRING_CODE("auth.pairing_code", PairingCodeIssued.class),
  AUTH_PAIRED("auth.paired", Paired.class),
  AUTH_LOGGED_OUT("auth.logged_out", LoggedOut.class),
  SESSION_DISCONNECTED("session.disconnected", Disconnected.class),
  MESSAGE_RECEIVED("message.received", MessageReceived.class),
  MESSAGE_SENT("message.sent", MessageSent.class),
  MESSAGE_DELIVERED("message.delivered", MessageDelivered.class),
  MESSAGE_READ("message.read", MessageRead.class),
  MESSAGE_FAILED("message.failed", MessageFailed.class),
  MESSAGE_UNDECRYPTABLE("message.undecryptable", UndecryptableMessage.class),
  SESSION_DEGRADED("session.degraded", SessionDegraded.class),
  CALL_RECEIVED("call.received", CallReceived.class),
  CALL_ENDED("call.ended", CallEnded.class);

  private static final Map<Class<?>, EventType> BY_RECORD = new HashMap<>();
  private static final Map<String, EventType> BY_WIRE_NAME = new HashMap<>();

  static {
    for (EventType type : values()) {
      BY_RECORD.put(type.record, type);
      BY_WIRE_NAME.put(type.wireName, type);
    }
  }

  private final String wireName;
  private final Class<? extends SessionEvent> record;

  EventType(String wireName, Class<? extends SessionEvent> record) {
    this.wireName = wireName;
    this.record = record;
  }

  /** The {@code type} field, e.g. {@code session.status}. */
  public String wireName() {
    return wireName;
  }

  /** The record class of events of this type. */
  public Class<? extends SessionEvent> record() {
    return record;
  }

  /** The type of {@code event}. */
  public static EventType of(SessionEvent event) {
    return BY_RECORD.get(event.getClass());
  }

  /** The type named {@code wireName} exactly, or empty. */
  public static Optional<EventType> find(String wireName) {
    return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
  }

  /**
   * The type named {@code wireName}.
   *
   * @throws ValidationException for a name that is no event type
   */
  public static EventType fromWireName(String wireName) {
    return find(wireName)
        .orElseThrow(() -> new ValidationException("unknown event type: " + wireName));
  }
}
