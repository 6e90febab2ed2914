package dev.wagateway.examples;

import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.SessionEventListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What every example shares: exit codes, bounded waits, a scratch directory. */
final class Examples {
  /** The longest any single step of an example waits. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private Examples() {}

  /** One example's body: prints its progress on {@code out}, throws when a step fails. */
  @FunctionalInterface
  interface Body {
    void run(PrintStream out) throws Exception;
  }

  /**
   * Runs an example from {@code main} and ends the JVM: exit code 0 on success, 1 (with the reason
   * on stderr) on failure. An explicit exit, so a library thread left behind can never keep the
   * example running.
   */
  static void exit(Body body) {
    int code;
    try {
      body.run(System.out);
      code = 0;
    } catch (Exception | AssertionError e) {
      System.err.println("example failed: " + e);
      code = 1;
    }
    System.out.flush();
    System.exit(code);
  }

  /** A step did not produce what the example expected. */
  static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }
  }

  static void check(boolean condition, String what) throws StepFailed {
    if (!condition) {
      throw new StepFailed(what);
    }
  }

  /** Polls {@code condition} every 20 ms until it holds or {@link #WAIT} passes. */
  static void await(String what, Check condition) throws Exception {
    await(what, Duration.ofMillis(20), condition);
  }

  /**
   * Polls {@code condition} every {@code interval} (e.g. slower for a REST call, within the
   * server's rate limit) until it holds or {@link #WAIT} passes.
   */
  static void await(String what, Duration interval, Check condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new StepFailed("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(interval.toMillis());
    }
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  /** A temporary directory, removed with everything in it by {@link #deleteTree}. */
  static Path scratchDir(String prefix) throws IOException {
    return Files.createTempDirectory(prefix);
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }

  /** Records a {@code SessionHost}'s events so the example can wait (bounded) for the next one. */
  static final class EventRecorder implements SessionEventListener {
    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SessionEvent event) {
      events.add(event);
    }

    /**
     * The first recorded event of this type matching {@code match}, waiting up to {@link #WAIT}.
     */
    <T extends SessionEvent> T await(Class<T> type, Predicate<T> match) throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (SessionEvent e : events) {
          if (type.isInstance(e) && match.test(type.cast(e))) {
            return type.cast(e);
          }
        }
        Thread.sleep(10);
      }
      throw new StepFailed("no " + type.getSimpleName() + " within " + WAIT.toSeconds() + " s");
    }
  }
}
