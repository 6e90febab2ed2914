package dev.wagateway.core.store;

import java.util.Optional;

/** Remote identity keys we have seen, by Signal address ({@code user[_agent].device}). */
public interface IdentityStore {
  Optional<byte[]> get(String address);

  void put(String address, byte[] identityKey);

  void remove(String address);
}
