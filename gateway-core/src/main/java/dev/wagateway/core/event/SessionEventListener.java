package dev.wagateway.core.event;

/**
 * Receives session events. Each listener gets its own bounded queue and is called one event at a
 * time, in order, never on a connection's thread: a slow listener only delays (and, when its queue
 * is full, loses) its own events.
 */
@FunctionalInterface
public interface SessionEventListener {
  void onEvent(SessionEvent event);
}
