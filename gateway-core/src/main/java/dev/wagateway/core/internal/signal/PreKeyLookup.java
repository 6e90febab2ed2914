package dev.wagateway.core.internal.signal;

import dev.wagateway.core.store.KeyPair;
import java.util.Optional;

/** Our own prekeys, looked up by id while answering a pkmsg. */
interface PreKeyLookup {
  Optional<KeyPair> signedPreKey(int id);

  Optional<KeyPair> oneTimePreKey(int id);
}
