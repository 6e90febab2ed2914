package dev.wagateway.server.internal.events;

import dev.wagateway.core.event.EventType;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The event types of the HTTP API: the {@code type} of events on the stream and in webhooks, the
 * names the {@code types=} filter and webhook registrations accept. Most are the core's {@link
 * EventType}s (the API carries those it has a shape for); {@code egress.node.status} is the
 * server's own. The one list of the API's event types.
 */
public enum ApiEventType {
  SESSION_STATUS(EventType.SESSION_STATUS),
  AUTH_QR(EventType.AUTH_QR),
  AUTH_PAIRING_CODE(EventType.AUTH_PAIRING_CODE),
  AUTH_PAIRED(EventType.AUTH_PAIRED),
  AUTH_LOGGED_OUT(EventType.AUTH_LOGGED_OUT),
  MESSAGE_RECEIVED(EventType.MESSAGE_RECEIVED),
  MESSAGE_SENT(EventType.MESSAGE_SENT),
  MESSAGE_DELIVERED(EventType.MESSAGE_DELIVERED),
  MESSAGE_READ(EventType.MESSAGE_READ),
  MESSAGE_FAILED(EventType.MESSAGE_FAILED),
  /** An Android egress node went online or offline. */
  EGRESS_NODE_STATUS("egress.node.status"),
  /** A webhook delivery failed for longer than the retry horizon and was given up. */
  WEBHOOK_DEAD_LETTERED("webhook.dead_lettered");

  private static final Set<String> WIRE_NAMES;

  static {
    Set<String> names = new LinkedHashSet<>();
    for (ApiEventType type : values()) {
      names.add(type.wireName);
    }
    WIRE_NAMES = Collections.unmodifiableSet(names);
  }

  private final String wireName;
  private final EventType core;

  ApiEventType(EventType core) {
    this.wireName = core.wireName();
    this.core = core;
  }

  ApiEventType(String wireName) {
    this.wireName = wireName;
    this.core = null;
  }

  /** The {@code type} field, e.g. {@code session.status}. */
  public String wireName() {
    return wireName;
  }

  /** The core's type this one carries, or empty for the server's own. */
  public Optional<EventType> core() {
    return Optional.ofNullable(core);
  }

  /** Every wire name, in declaration order. */
  public static Set<String> wireNames() {
    return WIRE_NAMES;
  }

  /** The API type that carries core events of {@code type}, or empty when the API has none. */
  public static Optional<ApiEventType> of(EventType type) {
    for (ApiEventType t : values()) {
      if (t.core == type) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type named {@code wireName} exactly, or empty. */
  public static Optional<ApiEventType> find(String wireName) {
    for (ApiEventType t : values()) {
      if (t.wireName.equals(wireName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
