package dev.wagateway.core.host;

import dev.wagateway.core.wire.BinaryNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ids and answers of the iqs one connection sends (docs/protocol/transport.md §7.7): ids are {@code
 * <r1>.<r2>-<n>} with two random numbers per connection; an answer ({@code iq} of type result or
 * error with a known id) completes its future. Every request has a deadline. Confined to the
 * session's serial executor; timeouts are posted back to it.
 */
final class IqTracker {
  /** An iq answered with {@code type="error"}. */
  static final class IqErrorException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;

    IqErrorException(int code, String text) {
      super("iq error " + code + (text == null ? "" : " " + text));
      this.code = code;
    }

    int code() {
      return code;
    }
  }

  private final String prefix;
  private final Executor actor;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Pending> pending = new HashMap<>();
  private long counter;
  private Exception closedBy;

  private record Pending(CompletableFuture<BinaryNode> future, ScheduledFuture<?> timer) {}

  IqTracker(int r1, int r2, Executor actor, ScheduledExecutorService scheduler) {
    this.prefix = (r1 & 0xFFFF) + "." + (r2 & 0xFFFF) + "-";
    this.actor = actor;
    this.scheduler = scheduler;
  }

  String nextId() {
    return prefix + (++counter);
  }

  /**
   * Tracks the iq {@code id}; its future completes with the result node, or exceptionally with
   * {@link IqErrorException} or {@link TimeoutException}. Completions run on the actor.
   */
  CompletableFuture<BinaryNode> track(String id, Duration timeout) {
    CompletableFuture<BinaryNode> future = new CompletableFuture<>();
    if (closedBy != null) {
      future.completeExceptionally(closedBy);
      return future;
    }
    ScheduledFuture<?> timer =
        scheduler.schedule(
            () ->
                actor.execute(
                    () -> {
                      Pending p = pending.remove(id);
                      if (p != null) {
                        p.future.completeExceptionally(
                            new TimeoutException("no answer to iq " + id + " within " + timeout));
                      }
                    }),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    pending.put(id, new Pending(future, timer));
    return future;
  }

  /** Completes the request this answer belongs to; false when it answers nothing we sent. */
  boolean complete(BinaryNode iq) {
    String type = iq.attr("type");
    if (!"result".equals(type) && !"error".equals(type)) {
      return false;
    }
    String id = iq.attr("id");
    Pending p = id == null ? null : pending.remove(id);
    if (p == null) {
      return false;
    }
    p.timer.cancel(false);
    if ("error".equals(type)) {
      BinaryNode error = iq.child("error");
      int code = 0;
      String text = null;
      if (error != null) {
        text = error.attr("text");
        try {
          code = Integer.parseInt(error.attr("code"));
        } catch (NumberFormatException e) {
          code = 0;
        }
      }
      p.future.completeExceptionally(new IqErrorException(code, text));
    } else {
      p.future.complete(iq);
    }
    return true;
  }

  /** The connection ended: every waiting request fails, and so does every later one. */
  void failAll(Exception cause) {
    closedBy = cause;
    for (Pending p : pending.values()) {
      p.timer.cancel(false);
      p.future.completeExceptionally(cause);
    }
    pending.clear();
  }

  int pendingCount() {
    return pending.size();
  }
}
