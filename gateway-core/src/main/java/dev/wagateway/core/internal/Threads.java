package dev.wagateway.core.internal;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where background work runs. We compile for Java 17; on Java 21+ session work runs on virtual
 * threads, found at runtime by reflection. On older runtimes a small shared pool of daemon platform
 * threads is used instead.
 */
public final class Threads {
  private static final Logger log = LoggerFactory.getLogger(Threads.class);

  private static final Executor BACKGROUND = createBackground();
  private static final ScheduledExecutorService TIMERS = createTimers();

  private Threads() {}

  /** The shared executor for session work: virtual threads on Java 21+, else a daemon pool. */
  public static Executor background() {
    return BACKGROUND;
  }

  /** Whether {@link #background()} runs on virtual threads. */
  public static boolean virtual() {
    return !(BACKGROUND instanceof ThreadPoolExecutor);
  }

  /** One shared daemon thread for timeouts; scheduled tasks must be short and non-blocking. */
  public static ScheduledExecutorService timers() {
    return TIMERS;
  }

  /** A new executor that runs the tasks given to it one at a time, in order, on background(). */
  public static Executor serial() {
    return new SerialExecutor(BACKGROUND);
  }

  /**
   * Starts {@code task} on a thread of its own: a virtual thread on Java 21+, else a daemon
   * platform thread named {@code name}. For work that may block for long (a session's sends waiting
   * on the network) and must not hold a thread of the shared pool.
   */
  public static void worker(String name, Runnable task) {
    if (virtual()) {
      BACKGROUND.execute(task);
      return;
    }
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static Executor createBackground() {
    try {
      Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) factory.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("virtual threads unavailable, using a platform pool");
    }
    int size = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("wagateway-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ScheduledExecutorService createTimers() {
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(1, daemon("wagateway-timer-"));
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
