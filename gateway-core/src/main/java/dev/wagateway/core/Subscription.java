package dev.wagateway.core;

/** A registered event listener; {@link #close()} unregisters it. */
public interface Subscription extends AutoCloseable {
  /** Stops delivery; events already queued for this listener are dropped. Idempotent. */
  @Override
  void close();
}
