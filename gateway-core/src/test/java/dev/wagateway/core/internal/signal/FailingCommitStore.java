package dev.wagateway.core.internal.signal;

import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.SessionMetaStore;

/**
 * Wraps a store so the next transaction's commit can be made to fail: the work runs, then the
 * transaction throws (and so rolls back) as a failed commit would.
 */
final class FailingCommitStore implements GatewayStore {
  private final GatewayStore delegate;
  private volatile boolean failNextCommit;

  FailingCommitStore(GatewayStore delegate) {
    this.delegate = delegate;
  }

  void failNextCommit() {
    failNextCommit = true;
  }

  @Override
  public DeviceStore device(String sessionId) {
    return delegate.device(sessionId);
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

  @Override
  public void deleteDevice(String sessionId) {
    delegate.deleteDevice(sessionId);
  }

  @Override
  public SessionMetaStore sessionMeta() {
    return delegate.sessionMeta();
  }

  @Override
  public void deleteSession(String sessionId) {
    delegate.deleteSession(sessionId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
