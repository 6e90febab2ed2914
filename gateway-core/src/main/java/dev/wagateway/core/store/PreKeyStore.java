package dev.wagateway.core.store;

import java.util.List;
import java.util.Optional;

/** One-time prekeys. Ids are 24-bit and grow; the server is told about them in batches. */
public interface PreKeyStore {
  Optional<PreKey> get(int id);

  /** Stores new prekeys (not yet uploaded). */
  void store(List<PreKey> preKeys);

  void remove(int id);

  /** The highest id ever stored, or 0. */
  int maxId();

  /** Prekeys not yet uploaded, lowest id first, at most {@code limit}. */
  List<PreKey> unuploaded(int limit);

  /** Marks every prekey with an id up to and including {@code id} as uploaded. */
  void markUploaded(int id);

  /** How many prekeys are stored and uploaded. */
  int uploadedCount();

  /** A one-time prekey. */
  record PreKey(int id, KeyPair keyPair) {}
}
