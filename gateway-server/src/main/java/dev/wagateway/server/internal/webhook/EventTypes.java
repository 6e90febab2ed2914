package dev.wagateway.server.internal.webhook;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The event types a webhook (or an event-stream filter) may subscribe to, in one list: a new event
 * type is one line here plus its schema in the OpenAPI document.
 */
public final class EventTypes {
  /** A delivery failed for longer than the retry horizon and was given up. */
  public static final String DEAD_LETTERED = "webhook.dead_lettered";

  /** Sent by {@code POST /api/v1/webhooks/{id}:test}; not subscribable, it always goes out. */
  public static final String TEST = "webhook.test";

  /** Every subscribable type, in the order the OpenAPI document lists them. */
  public static final Set<String> ALL =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(
              List.of(
                  "session.status",
                  "auth.qr",
                  "auth.pairing_code",
                  "auth.paired",
                  "auth.logged_out",
                  "message.received",
                  "message.sent",
                  "message.delivered",
                  "message.read",
                  "message.failed",
                  "egress.node.status",
                  DEAD_LETTERED)));

  private EventTypes() {}
}
