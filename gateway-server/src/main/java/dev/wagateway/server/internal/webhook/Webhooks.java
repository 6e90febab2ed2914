package dev.wagateway.server.internal.webhook;

import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.store.ServerDb;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Webhooks of one server: the routes and the delivery dispatcher over the event log in {@code db}.
 * See docs/webhooks.md.
 */
public final class Webhooks implements AutoCloseable {
  private final Dispatcher dispatcher;
  private final WebhookApi api;

  private Webhooks(Dispatcher dispatcher, WebhookApi api) {
    this.dispatcher = dispatcher;
    this.api = api;
  }

  /** Wires webhooks on {@code db} (migrated); nothing is sent until {@link #start()}. */
  public static Webhooks open(
      ServerDb db,
      EventHub hub,
      SessionService sessions,
      ServerConfig.Webhooks config,
      Clock clock,
      SecureRandom random) {
    DeliveryStore store = new DeliveryStore(db);
    TargetPolicy policy = TargetPolicy.system(config.allowPrivateTargets());
    Dispatcher dispatcher =
        new Dispatcher(
            store,
            hub,
            clock,
            new RetrySchedule(() -> ThreadLocalRandom.current().nextDouble()),
            policy,
            new Dispatcher.Settings(
                config.retryHorizon(), config.maxConcurrency(), config.timeout()));
    WebhookApi api =
        new WebhookApi(store, dispatcher, policy, sessions, clock, random, config.retryHorizon());
    return new Webhooks(dispatcher, api);
  }

  public List<Route> routes() {
    return api.routes();
  }

  /** Starts delivering, beginning with what was pending before the last stop or crash. */
  public void start() {
    dispatcher.start();
  }

  /** Stops delivering; attempts under way are waited for briefly and recorded. */
  @Override
  public void close() {
    dispatcher.close();
  }
}
