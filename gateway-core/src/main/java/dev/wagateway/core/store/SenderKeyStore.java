package dev.wagateway.core.store;

import java.util.Optional;

/** Serialized sender-key records, by group and sender address. */
public interface SenderKeyStore {
  Optional<byte[]> load(String groupId, String senderAddress);

  void store(String groupId, String senderAddress, byte[] record);

  void delete(String groupId, String senderAddress);
}
