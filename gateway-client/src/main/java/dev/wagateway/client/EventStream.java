package dev.wagateway.client;

import dev.wagateway.client.model.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;

/**
 * The server's event stream ({@code GET /api/v1/events}, Server-Sent Events) as typed events. Each
 * subscription runs on its own daemon thread and reconnects with {@code Last-Event-ID} until
 * closed.
 */
public final class EventStream {
  private final WagatewayApi api;
  private final HttpCore core;
  private final OkHttpClient streamingHttp;
  private final RetryPolicy reconnect;
  private final RandomGenerator random;
  private final Set<EventSubscription> open = ConcurrentHashMap.newKeySet();

  EventStream(
      WagatewayApi api,
      HttpCore core,
      OkHttpClient streamingHttp,
      RetryPolicy reconnect,
      RandomGenerator random) {
    this.api = api;
    this.core = core;
    this.streamingHttp = streamingHttp;
    this.reconnect = reconnect;
    this.random = random;
  }

  /**
   * Opens a subscription; events arrive on {@code listener} until {@link
   * EventSubscription#close()}.
   */
  public EventSubscription subscribe(EventFilter filter, EventListener listener) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(listener, "listener");
    List<EventType> types = filter.types().isEmpty() ? null : new ArrayList<>(filter.types());
    EventStreamWorker worker =
        new EventStreamWorker(
            streamingHttp,
            lastId -> core.toOkHttp(api.streamEventsRequest(filter.session(), types, lastId)),
            core,
            listener,
            reconnect,
            random,
            filter.lastEventId());
    open.add(worker);
    open.removeIf(EventSubscription::isClosed);
    return worker.start();
  }

  /** Closes every subscription still running (called by {@link WagatewayClient#close()}). */
  void closeAll() {
    for (EventSubscription s : open) {
      s.close();
    }
    open.clear();
  }
}
