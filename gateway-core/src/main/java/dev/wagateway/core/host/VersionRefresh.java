package dev.wagateway.core.host;

import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.WaVersion;
import dev.wagateway.core.event.Disconnected;
import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.transport.Egress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session does when the server refuses its WhatsApp Web version ({@code <failure
 * reason="405"/>}, docs/protocol/transport.md §4.6): take a newer version another session of the
 * host already found, or fetch one from the host's {@link ClientVersionSource} through this
 * session's egress, and retry once. Refused again, without a source, or without a newer version,
 * the session fails with a lastError that says "client version refused". Other sessions are not
 * touched. Runs on the session's executor; only the fetch runs elsewhere.
 */
final class VersionRefresh {
  private static final Logger log = LoggerFactory.getLogger(VersionRefresh.class);

  private final Session session;
  private boolean retried;
  private int generation;

  VersionRefresh(Session session) {
    this.session = session;
  }

  /** The session reached ready: a later 405 may refresh again. */
  void onReady() {
    retried = false;
  }

  /** A new start: forget an earlier refusal. */
  void reset() {
    retried = false;
    generation++;
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // the whenCompleteAsync callback handles each outcome
  void onRefused(Disconnect d, WaVersion refused) {
    if (retried) {
      fail(d, "refused again after the refresh to " + refused.format());
      return;
    }
    retried = true;
    WaVersion current = session.host.profile().version();
    if (current.isNewerThan(refused)) {
      log.info("version {} refused; retrying with the host's newer {}", refused, current);
      retry(d);
      return;
    }
    ClientVersionSource source = session.host.config.clientVersionSource();
    if (source == null) {
      fail(d, "version " + refused.format() + ", and no version source is configured");
      return;
    }
    Egress egress;
    try {
      egress = session.resolveEgress();
    } catch (RuntimeException e) {
      fail(d, "version " + refused.format() + "; no egress to refresh it: " + e.getMessage());
      return;
    }
    session.publish(new Disconnected(session.id, session.now(), d.reason(), true));
    session.setStatus(SessionStatus.DISCONNECTED, d.lastError());
    int expected = ++generation;
    CompletableFuture.supplyAsync(
            () -> {
              try {
                return source.fetch(egress);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            Threads.background())
        .whenCompleteAsync(
            (fetched, error) -> {
              if (expected != generation || !session.isRunning()) {
                return;
              }
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                fail(
                    d,
                    "version " + refused.format() + "; the refresh failed: " + cause.getMessage());
              } else if (fetched == null || !fetched.isNewerThan(refused)) {
                fail(d, "version " + refused.format() + ", and no newer version is available");
              } else {
                session.host.offerVersion(fetched);
                log.info("version {} refused; retrying with {}", refused, fetched);
                session.connect();
              }
            },
            session.actor);
  }

  private void retry(Disconnect d) {
    session.publish(new Disconnected(session.id, session.now(), d.reason(), true));
    session.connect();
  }

  private void fail(Disconnect d, String detail) {
    session.giveUp(SessionStatus.FAILED, "client version refused: " + detail, d.reason());
  }
}
