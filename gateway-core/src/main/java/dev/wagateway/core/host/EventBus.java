package dev.wagateway.core.host;

import dev.wagateway.core.Subscription;
import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.SessionEventFilter;
import dev.wagateway.core.event.SessionEventListener;
import dev.wagateway.core.internal.Threads;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers session events to listeners without ever blocking the publisher. Each subscriber has a
 * bounded queue drained one event at a time by a task on the dispatch executor; when its queue is
 * full, new events for that subscriber are dropped (and counted), so a listener that blocks forever
 * only loses its own events.
 *
 * <p>On Java 21+ the drain tasks run on virtual threads. On older runtimes they run on a cached
 * pool of their own, so a blocked listener can never take a thread from the shared pool that
 * carries the connections.
 */
final class EventBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final int capacity;
  private final Executor dispatch;
  private final ExecutorService ownPool;

  EventBus(int capacity) {
    this.capacity = capacity;
    if (Threads.virtual()) {
      this.ownPool = null;
      this.dispatch = Threads.background();
    } else {
      AtomicInteger count = new AtomicInteger();
      this.ownPool =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "wagateway-events-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.dispatch = ownPool;
    }
  }

  Subscription subscribe(SessionEventListener listener, SessionEventFilter filter) {
    Subscriber s =
        new Subscriber(
            Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(filter, "filter"));
    subscribers.add(s);
    return s;
  }

  /** Queues {@code event} for every interested subscriber; never blocks. */
  void publish(SessionEvent event) {
    for (Subscriber s : subscribers) {
      if (s.filter.test(event)) {
        s.offer(event);
      }
    }
  }

  /** Events dropped so far across subscribers whose queues were full. */
  long dropped() {
    long total = 0;
    for (Subscriber s : subscribers) {
      total += s.dropped.get();
    }
    return total;
  }

  @Override
  public void close() {
    for (Subscriber s : subscribers) {
      s.close();
    }
    if (ownPool != null) {
      ownPool.shutdown();
    }
  }

  private final class Subscriber implements Subscription, Runnable {
    private final SessionEventListener listener;
    private final SessionEventFilter filter;
    private final ArrayBlockingQueue<SessionEvent> queue = new ArrayBlockingQueue<>(capacity);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();

    Subscriber(SessionEventListener listener, SessionEventFilter filter) {
      this.listener = listener;
      this.filter = filter;
    }

    void offer(SessionEvent event) {
      if (closed.get()) {
        return;
      }
      if (!queue.offer(event)) {
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
          log.warn("event listener is too slow: {} events dropped for it", n);
        }
        return;
      }
      schedule();
    }

    private void schedule() {
      if (draining.compareAndSet(false, true)) {
        try {
          dispatch.execute(this);
        } catch (RuntimeException e) {
          draining.set(false);
          log.debug("event dispatch refused: {}", e.toString());
        }
      }
    }

    @Override
    public void run() {
      while (true) {
        SessionEvent event;
        while (!closed.get() && (event = queue.poll()) != null) {
          try {
            listener.onEvent(event);
          } catch (RuntimeException e) {
            log.warn("event listener threw {}", e.getClass().getName());
          }
        }
        draining.set(false);
        if (closed.get() || queue.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        subscribers.remove(this);
        queue.clear();
      }
    }
  }
}
