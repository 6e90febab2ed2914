package dev.wagateway.core.host;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pings the server while a connection is ready (docs/protocol/transport.md §7.8): an iq {@code w:p}
 * every keepAliveMin..keepAliveMax (random), each with a deadline; when no ping has been answered
 * for longer than keepAliveMaxSilence the connection is dropped and the session reconnects.
 */
final class KeepAlive {
  private final Session session;
  private final Link link;
  private ScheduledFuture<?> timer;
  private Instant lastAnswer;
  private boolean stopped;

  KeepAlive(Session session, Link link) {
    this.session = session;
    this.link = link;
  }

  void start() {
    lastAnswer = session.now();
    scheduleNext();
  }

  void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void scheduleNext() {
    if (stopped) {
      return;
    }
    long min = session.host.config.keepAliveMin().toMillis();
    long max = session.host.config.keepAliveMax().toMillis();
    long delay =
        min + (max > min ? (long) (session.host.config.random().nextDouble() * (max - min)) : 0);
    timer =
        session
            .host
            .config
            .scheduler()
            .schedule(() -> session.actor.execute(this::ping), delay, TimeUnit.MILLISECONDS);
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the whenComplete callback handles each outcome
  private void ping() {
    if (stopped) {
      return;
    }
    String id = link.iqs.nextId();
    link.iqs
        .track(id, session.host.config.keepAliveTimeout())
        .whenComplete(
            (answer, error) -> {
              if (stopped) {
                return;
              }
              Instant now = session.now();
              if (error == null) {
                lastAnswer = now;
              } else if (Duration.between(lastAnswer, now)
                      .compareTo(session.host.config.keepAliveMaxSilence())
                  > 0) {
                session.drop(
                    link,
                    new Disconnect(
                        Disconnect.Kind.TRANSIENT,
                        "keepalive_timeout",
                        "connection_failed: no answer to keepalive pings for "
                            + Duration.between(lastAnswer, now).toSeconds()
                            + " s"));
                return;
              }
              scheduleNext();
            });
    link.send(Stanzas.ping(id));
  }
}
