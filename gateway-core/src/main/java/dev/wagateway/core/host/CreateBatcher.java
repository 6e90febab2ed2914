package dev.wagateway.core.host;

import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.StoredSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Stores new sessions (metadata row and credentials) with group commit: creates that arrive while a
 * commit is running are written together in the next transaction, so a burst of N creates costs a
 * few synchronous commits instead of N. If a batch fails (e.g. a duplicate id), each of its
 * sessions is retried alone so one bad row fails only its own create.
 */
final class CreateBatcher {
  private record Pending(
      StoredSession row, DeviceCredentials credentials, CompletableFuture<Void> done) {}

  private final GatewayStore store;
  private final Executor writer = Threads.serial();
  private final List<Pending> queue = new ArrayList<>();
  private boolean scheduled;

  CreateBatcher(GatewayStore store) {
    this.store = store;
  }

  /** Stores the row and the credentials in one transaction (possibly with other sessions'). */
  CompletableFuture<Void> store(StoredSession row, DeviceCredentials credentials) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (queue) {
      queue.add(new Pending(row, credentials, done));
      if (scheduled) {
        return done;
      }
      scheduled = true;
    }
    writer.execute(this::drain);
    return done;
  }

  private void drain() {
    List<Pending> batch;
    synchronized (queue) {
      batch = new ArrayList<>(queue);
      queue.clear();
      scheduled = false;
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      write(batch);
      batch.forEach(p -> p.done.complete(null));
    } catch (RuntimeException batchFailure) {
      for (Pending p : batch) {
        try {
          write(List.of(p));
          p.done.complete(null);
        } catch (RuntimeException e) {
          p.done.completeExceptionally(e);
        }
      }
    }
  }

  private void write(List<Pending> batch) {
    store.inTransaction(
        batch.get(0).row.id(),
        tx -> {
          for (Pending p : batch) {
            store.sessionMeta().create(p.row);
            store.device(p.row.id()).credentials().save(p.credentials);
          }
          return null;
        });
  }
}
