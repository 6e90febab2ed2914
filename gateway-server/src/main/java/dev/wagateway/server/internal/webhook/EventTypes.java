package dev.wagateway.server.internal.webhook;

import dev.wagateway.server.internal.events.ApiEventType;
import java.util.Set;

/**
 * The event types a webhook (or an event-stream filter) may subscribe to, in one list: a new event
 * type is one line here plus its schema in the OpenAPI document.
 */
public final class EventTypes {
  /** A delivery failed for longer than the retry horizon and was given up. */
  public static final String DEAD_LETTERED = ApiEventType.WEBHOOK_DEAD_LETTERED.wireName();

  /** Sent by {@code POST /api/v1/webhooks/{id}:test}; not subscribable, it always goes out. */
  public static final String TEST = "webhook.test";

  /** Every subscribable type: the API's event types ({@link ApiEventType}), in their order. */
  public static final Set<String> ALL = ApiEventType.wireNames();

  private EventTypes() {}
}
