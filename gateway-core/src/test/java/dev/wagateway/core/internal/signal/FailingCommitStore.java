package dev.wagateway.core.internal.signal;

import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.store.ForwardingGatewayStore;
import dev.wagateway.core.store.GatewayStore;

/**
 * Wraps a store so the next transaction's commit can be made to fail: the work runs, then the
 * transaction throws (and so rolls back) as a failed commit would.
 */
final class FailingCommitStore extends ForwardingGatewayStore {
  private volatile boolean failNextCommit;

  FailingCommitStore(GatewayStore delegate) {
    super(delegate);
  }

  void failNextCommit() {
    failNextCommit = true;
  }

  @Override
  public <T> T inTransaction(String sessionId, TransactionWork<T> work) {
    return delegate.inTransaction(
        sessionId,
        tx -> {
          T result = work.run(tx);
          if (failNextCommit) {
            failNextCommit = false;
            throw new StoreException("simulated commit failure", null);
          }
          return result;
        });
  }
}
