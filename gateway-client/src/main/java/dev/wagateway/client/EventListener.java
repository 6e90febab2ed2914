package dev.wagateway.client;

import dev.wagateway.client.model.Event;

/**
 * Receives an event subscription's events, on the subscription's own thread, in stream order.
 * Exceptions thrown by {@link #onEvent} are reported to {@link #onError} and do not stop the
 * stream.
 */
@FunctionalInterface
public interface EventListener {
  /** A typed event; switch on it with pattern matching over the sealed {@link Event}. */
  void onEvent(Event event);

  /** The stream is open (called on every successful (re)connect). */
  default void onOpen() {}

  /**
   * An error answer or a broken connection; {@code willRetry} is false when the subscription ends.
   */
  default void onError(WagatewayException error, boolean willRetry) {}

  /** An event whose {@code type} this SDK version does not know, or whose data does not parse. */
  default void onUnknownEvent(String eventType, String data) {}

  /** The subscription ended (closed by the caller or by a non-retryable error). Called once. */
  default void onClosed() {}
}
