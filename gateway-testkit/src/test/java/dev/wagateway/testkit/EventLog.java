package dev.wagateway.testkit;

import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.SessionEventListener;
import dev.wagateway.core.event.StatusChanged;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records session events and waits (bounded) for the ones a test expects. */
final class EventLog implements SessionEventListener {
  static final Duration WAIT = Duration.ofSeconds(20);

  private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(SessionEvent event) {
    events.add(event);
  }

  List<SessionEvent> all() {
    return List.copyOf(events);
  }

  <T extends SessionEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The first event (from index {@code from}) of this type matching {@code match}. */
  <T extends SessionEvent> T await(Class<T> type, Predicate<T> match) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (SessionEvent e : events) {
        if (type.isInstance(e) && match.test(type.cast(e))) {
          return type.cast(e);
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "no matching " + type.getSimpleName() + " within " + WAIT + "; saw " + events);
  }

  /** The next QR code issued after the first {@code already} ones. */
  QrCodeIssued awaitQr(int already) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<QrCodeIssued> qrs = of(QrCodeIssued.class);
      if (qrs.size() > already) {
        return qrs.get(already);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no new QR within " + WAIT + "; saw " + events);
  }

  StatusChanged awaitStatus(String sessionId, SessionStatus status) throws InterruptedException {
    return await(StatusChanged.class, e -> e.sessionId().equals(sessionId) && e.status() == status);
  }

  int count(Predicate<SessionEvent> match) {
    return (int) events.stream().filter(match).count();
  }

  void clear() {
    events.clear();
  }
}
