package dev.wagateway.core.store;

/**
 * A {@link GatewayStore} that hands every call to another one: tests extend it and override only
 * what they change (e.g. {@link #inTransaction} to simulate a failed commit or a crash).
 */
public abstract class ForwardingGatewayStore implements GatewayStore {
  protected final GatewayStore delegate;

  protected ForwardingGatewayStore(GatewayStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public DeviceStore device(String sessionId) {
    return delegate.device(sessionId);
  }

  @Override
  public <T> T inTransaction(String sessionId, TransactionWork<T> work) {
    return delegate.inTransaction(sessionId, work);
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
