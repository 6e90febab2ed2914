package dev.wagateway.client;

import java.time.Duration;

/** A running event subscription. Closing it stops reconnecting and cancels the open request. */
public interface EventSubscription extends AutoCloseable {
  /** The id of the last event received (or the id it resumed from); null before the first. */
  String lastEventId();

  boolean isClosed();

  @Override
  void close();

  /** Waits until the subscription's thread has finished; true if it did within {@code timeout}. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;
}
