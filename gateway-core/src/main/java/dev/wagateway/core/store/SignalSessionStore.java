package dev.wagateway.core.store;

import java.util.Optional;

/** Serialized Signal session records, by Signal address ({@code user[_agent].device}). */
public interface SignalSessionStore {
  Optional<byte[]> load(String address);

  void store(String address, byte[] record);

  void delete(String address);
}
