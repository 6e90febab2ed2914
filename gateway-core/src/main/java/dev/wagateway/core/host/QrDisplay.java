package dev.wagateway.core.host;

import dev.wagateway.core.QrCode;
import dev.wagateway.core.internal.pairing.QrRotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Shows the refs of one {@code pair-device} iq one after another (docs/protocol/pairing.md §2.4):
 * the first for the first TTL, each later one for the next TTL, then reports that they ran out.
 * Timers run on the shared scheduler and post back to the session's serial executor, which owns
 * this object.
 */
final class QrDisplay {
  private final QrRotation rotation;
  private final Function<String, String> codeForRef;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor actor;
  private final Consumer<QrCode> onShow;
  private final Runnable onExhausted;
  private ScheduledFuture<?> timer;
  private QrCode current;
  private Instant shownAt;
  private boolean stopped;

  QrDisplay(
      QrRotation rotation,
      Function<String, String> codeForRef,
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor actor,
      Consumer<QrCode> onShow,
      Runnable onExhausted) {
    this.rotation = rotation;
    this.codeForRef = codeForRef;
    this.clock = clock;
    this.scheduler = scheduler;
    this.actor = actor;
    this.onShow = onShow;
    this.onExhausted = onExhausted;
  }

  /** Shows the next ref, or reports exhaustion when none is left. */
  void advance() {
    if (stopped) {
      return;
    }
    Instant now = clock.instant();
    Optional<QrRotation.Shown> next = rotation.next(now);
    if (next.isEmpty()) {
      current = null;
      stopped = true;
      onExhausted.run();
      return;
    }
    QrRotation.Shown shown = next.get();
    current = new QrCode(codeForRef.apply(shown.ref()), shown.expiresAt());
    shownAt = now;
    long delay = Math.max(0, Duration.between(now, shown.expiresAt()).toMillis());
    timer = scheduler.schedule(() -> actor.execute(this::advance), delay, TimeUnit.MILLISECONDS);
    onShow.accept(current);
  }

  /** The code on display, or null. */
  QrCode current() {
    return stopped ? null : current;
  }

  /** When the current code was shown. */
  Instant shownAt() {
    return shownAt;
  }

  /** Stops rotating (paired, closed). */
  void stop() {
    stopped = true;
    current = null;
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
