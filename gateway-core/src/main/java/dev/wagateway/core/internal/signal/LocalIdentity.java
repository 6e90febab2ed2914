package dev.wagateway.core.internal.signal;

import dev.wagateway.core.store.KeyPair;
import java.util.Objects;

/** Our side of a session: identity key pair and registration id. */
record LocalIdentity(KeyPair identityKey, int registrationId) {
  LocalIdentity {
    Objects.requireNonNull(identityKey, "identityKey");
  }

  byte[] publicKey33() {
    return Keys.prefixed(identityKey.publicKey());
  }
}
