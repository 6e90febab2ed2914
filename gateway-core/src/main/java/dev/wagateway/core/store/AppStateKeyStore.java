package dev.wagateway.core.store;

import java.util.Optional;

/** App-state sync keys shared by the primary phone, by key id. */
public interface AppStateKeyStore {
  Optional<byte[]> load(byte[] keyId);

  void store(byte[] keyId, byte[] keyData);
}
