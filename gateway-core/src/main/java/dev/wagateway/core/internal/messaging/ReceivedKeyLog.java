package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.store.DeviceStore;

/**
 * Remembers who sent each decrypted message (chat, id, sender; never the content), written through
 * {@code tx}, the transaction that stores the Signal state that decrypted it: a message that failed
 * to decrypt leaves no record, and a decrypted one never loses its record.
 */
@FunctionalInterface
public interface ReceivedKeyLog {
  /** Records the key of {@code message}, whose enc decoded to {@code decoded} (with content). */
  void record(DeviceStore tx, InboundMessage message, DecodedMessage decoded);
}
