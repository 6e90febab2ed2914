package dev.wagateway.server.internal.webhook;

import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.webhook.DeliveryStore.Delivery;
import dev.wagateway.server.internal.webhook.DeliveryStore.Hook;
import dev.wagateway.server.internal.webhook.DeliveryStore.Outcome;
import dev.wagateway.server.internal.webhook.TargetPolicy.RefusedTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events from the log to the receivers. One dispatcher thread loops: it records finished
 * attempts (one transaction), fans new log events out into delivery rows (one transaction per
 * webhook with news), and hands the head of each due lane to a sender thread, at most {@code
 * maxConcurrency} lanes per webhook and one delivery per lane at a time, so a lane keeps its order
 * and a failing head holds back only its own lane. Senders only do HTTP; a slow receiver occupies
 * its own webhook's senders and nothing else. Nothing pending lives on the heap: the dispatcher
 * reads at most {@code maxConcurrency} heads per webhook per round.
 */
final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  static final int FAN_OUT_BATCH = 2_000;
  static final Duration RETENTION = Duration.ofDays(7);
  private static final long IDLE_WAIT_MILLIS = 20;
  private static final long PRUNE_EVERY_MILLIS = 60_000;
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  /** Delivery tuning taken from the server config. */
  record Settings(Duration retryHorizon, int maxConcurrency, Duration timeout) {}

  private record Done(Hook hook, Outcome outcome) {}

  private final DeliveryStore store;
  private final EventHub hub;
  private final Clock clock;
  private final RetrySchedule schedule;
  private final TargetPolicy policy;
  private final Settings settings;
  private final HttpClient http;
  private final ExecutorService senders;
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  private final Map<String, Set<String>> busy = new HashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object signal = new Object();
  private boolean signalled;
  private volatile boolean closing;
  private Thread thread;
  private long lastPrune;

  Dispatcher(
      DeliveryStore store,
      EventHub hub,
      Clock clock,
      RetrySchedule schedule,
      TargetPolicy policy,
      Settings settings) {
    this.store = store;
    this.hub = hub;
    this.clock = clock;
    this.schedule = schedule;
    this.policy = policy;
    this.settings = settings;
    AtomicInteger count = new AtomicInteger();
    this.senders =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "wagateway-webhook-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.lastPrune = clock.millis();
  }

  /** Starts the dispatcher thread. */
  synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::run, "wagateway-webhooks");
    thread.setDaemon(true);
    thread.start();
  }

  /** Makes the dispatcher look for work now (a finished attempt, an API change). */
  void wake() {
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  private void run() {
    while (!closing) {
      boolean more;
      try {
        more = tick();
      } catch (RuntimeException e) {
        log.warn("webhook dispatch round failed: {}", e.getMessage());
        more = false;
      }
      if (!more) {
        synchronized (signal) {
          if (!signalled && !closing) {
            try {
              signal.wait(IDLE_WAIT_MILLIS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
          signalled = false;
        }
      }
    }
  }

  /**
   * One round: record finished attempts, fan out, dispatch due heads, prune now and then. Returns
   * true when a fan-out batch was full (more to do at once).
   */
  boolean tick() {
    long now = clock.millis();
    recordDone();
    boolean more = false;
    List<Hook> hooks = store.hooks();
    long newest = store.newestEvent();
    for (Hook h : hooks) {
      long cursor = h.scannedThrough() == null ? 0 : h.scannedThrough();
      if (!DeliveryStore.DISABLED.equals(h.state()) && cursor < newest) {
        store.fanOut(h, FAN_OUT_BATCH, now, settings.retryHorizon().toMillis());
        more |= newest - cursor > FAN_OUT_BATCH;
      }
    }
    for (Hook h : hooks) {
      if (!DeliveryStore.ACTIVE.equals(h.state()) || closing) {
        continue;
      }
      Set<String> lanes = busy.computeIfAbsent(h.id(), k -> new HashSet<>());
      int free = settings.maxConcurrency() - lanes.size();
      for (Delivery d : store.due(h.id(), lanes, free, now)) {
        lanes.add(d.lane());
        inFlight.incrementAndGet();
        senders.execute(() -> send(h, d));
      }
    }
    if (now - lastPrune >= PRUNE_EVERY_MILLIS) {
      lastPrune = now;
      store.prune(now - RETENTION.toMillis(), 10_000);
    }
    return more;
  }

  /** Attempts under way. */
  int inFlight() {
    return inFlight.get();
  }

  /** Waits until no attempt is under way (or {@code timeout} passed), then records them. */
  boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      synchronized (signal) {
        try {
          signal.wait(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    recordDone();
    return inFlight.get() == 0;
  }

  private void recordDone() {
    List<Done> batch = new ArrayList<>();
    for (Done d; (d = done.poll()) != null; ) {
      batch.add(d);
    }
    if (batch.isEmpty()) {
      return;
    }
    Set<Outcome> applied = Collections.newSetFromMap(new IdentityHashMap<>());
    applied.addAll(store.record(batch.stream().map(Done::outcome).toList()));
    for (Done d : batch) {
      Delivery delivery = d.outcome().delivery();
      Set<String> lanes = busy.get(delivery.webhookId());
      if (lanes != null) {
        lanes.remove(delivery.lane());
      }
      if (!applied.contains(d.outcome())) {
        continue;
      }
      if (DeliveryStore.DEAD.equals(d.outcome().newStatus())) {
        deadLettered(d.hook(), d.outcome());
      } else if (d.outcome().disableHook()) {
        log.info("webhook {} disabled: its receiver answered 410 Gone", d.hook().id());
      }
    }
  }

  private void deadLettered(Hook hook, Outcome o) {
    Delivery d = o.delivery();
    log.info(
        "webhook {} gave up delivery {} ({}) after {} attempts",
        hook.id(),
        d.id(),
        d.type(),
        d.attempts() + 1);
    if (EventTypes.DEAD_LETTERED.equals(d.type())) {
      return; // no notice about a notice: a dead receiver must not feed itself forever
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("webhookId", hook.id());
    fields.put("deliveryId", d.id());
    fields.put("eventId", d.eventId() == null ? null : Long.toString(d.eventId()));
    fields.put("eventType", d.type());
    fields.put("attempts", d.attempts() + 1);
    fields.put("lastStatusCode", o.statusCode());
    fields.put("lastError", o.error());
    String session = d.lane().isEmpty() || d.lane().startsWith("test:") ? null : d.lane();
    hub.publish(hook.orgId(), session, ApiEventType.WEBHOOK_DEAD_LETTERED, clock.instant(), fields);
  }

  private void send(Hook h, Delivery d) {
    long at = clock.millis();
    long started = System.nanoTime();
    Integer status = null;
    String error = null;
    long retryAfter = -1;
    try {
      URI uri = policy.deliver(h.url());
      byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
      long timestamp = at / 1000;
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(settings.timeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "wagateway-webhooks")
              .header("webhook-id", d.id())
              .header("webhook-timestamp", Long.toString(timestamp))
              .header(
                  "webhook-signature",
                  Signatures.header(h.signingSecrets(at), d.id(), timestamp, body))
              .header("X-Wagateway-Event", d.type())
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      retryAfter =
          RetrySchedule.retryAfterMillis(
              response.headers().firstValue("Retry-After").orElse(null), clock.millis());
    } catch (RefusedTarget e) {
      error = e.getMessage();
    } catch (HttpTimeoutException e) {
      error = "no answer within " + settings.timeout().toMillis() + " ms";
    } catch (IOException e) {
      error = "request failed: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      // shutting down: nothing is recorded, the delivery goes out again after the restart
      Thread.currentThread().interrupt();
      inFlight.decrementAndGet();
      wake();
      return;
    } catch (RuntimeException e) {
      error = "request failed: " + e.getClass().getSimpleName();
    }
    long latency = (System.nanoTime() - started) / 1_000_000;
    long finished = clock.millis();
    String newStatus = DeliveryStore.PENDING;
    long next = finished;
    boolean disable = false;
    if (status != null && status >= 200 && status < 300) {
      newStatus = DeliveryStore.DELIVERED;
    } else if (status != null && status == 410) {
      disable = true;
    } else {
      next = finished + schedule.delayMillis(d.attempts() + 1, retryAfter);
      if (next > d.horizonAt()) {
        newStatus = DeliveryStore.DEAD;
      }
    }
    done.add(new Done(h, new Outcome(d, at, status, latency, error, next, newStatus, disable)));
    inFlight.decrementAndGet();
    wake();
  }

  /** Stops dispatching, waits a little for attempts under way and records them. */
  @Override
  public void close() {
    closing = true;
    wake();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(CLOSE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      awaitIdle(Duration.ofMillis(CLOSE_WAIT_MILLIS));
    } catch (RuntimeException e) {
      log.warn("could not record the last webhook attempts: {}", e.getMessage());
    }
    senders.shutdownNow();
  }
}
