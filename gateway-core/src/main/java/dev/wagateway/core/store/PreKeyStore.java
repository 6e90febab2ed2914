package dev.wagateway.core.store;

import java.util.List;
import java.util.Objects;
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

  /**
   * A one-time prekey. Ids are 24-bit: 1..{@link #MAX_ID} (sent as 3 bytes big-endian). {@link
   * #toString()} prints the id only.
   */
  record PreKey(int id, KeyPair keyPair) {
    /** The largest prekey id (the wire carries 3 bytes). */
    public static final int MAX_ID = 0xFFFFFF;

    public PreKey {
      if (id < 1 || id > MAX_ID) {
        throw new IllegalArgumentException("prekey id out of range 1..16777215");
      }
      Objects.requireNonNull(keyPair, "keyPair");
    }

    /** The id after {@code id}, wrapping from {@link #MAX_ID} back to 1. */
    public static int nextId(int id) {
      return id >= MAX_ID || id < 1 ? 1 : id + 1;
    }

    @Override
    public String toString() {
      return "PreKey[id=" + id + "]";
    }
  }
}
