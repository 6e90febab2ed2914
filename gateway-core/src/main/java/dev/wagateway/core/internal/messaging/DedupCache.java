package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers the last {@code capacity} messages handled, keyed by (chat, sender, id), so that a
 * stanza the server delivers again (e.g. after a reconnect) is recognised and emitted only once.
 * Bounded: the least recently seen entry is evicted first. Thread-safe.
 */
public final class DedupCache {
  private final int capacity;
  private final Map<String, Boolean> entries;

  public DedupCache(int capacity) {
    if (capacity < 1) {
      throw new ValidationException("dedup capacity must be positive");
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DedupCache.this.capacity;
          }
        };
  }

  /** Whether the message was already remembered. */
  public synchronized boolean contains(String chat, String sender, String id) {
    return entries.get(key(chat, sender, id)) != null;
  }

  /** Remembers the message; returns true if it was not remembered before. */
  public synchronized boolean add(String chat, String sender, String id) {
    return entries.put(key(chat, sender, id), Boolean.TRUE) == null;
  }

  /** Forgets the message (e.g. when handling it failed and a redelivery must be processed). */
  public synchronized void remove(String chat, String sender, String id) {
    entries.remove(key(chat, sender, id));
  }

  public synchronized int size() {
    return entries.size();
  }

  public int capacity() {
    return capacity;
  }

  private static String key(String chat, String sender, String id) {
    return Objects.requireNonNull(chat, "chat")
        + '\u0000'
        + Objects.requireNonNull(sender, "sender")
        + '\u0000'
        + Objects.requireNonNull(id, "id");
  }
}
