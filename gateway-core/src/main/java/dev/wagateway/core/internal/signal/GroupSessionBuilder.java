package dev.wagateway.core.internal.signal;

import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/** Creates our own sender key and processes the peers' SenderKeyDistributionMessages. */
final class GroupSessionBuilder {
  private GroupSessionBuilder() {}

  /**
   * Creates our sender key if the record has none (drawing, in order, 4 bytes for a 31-bit key id,
   * 32 bytes of chain key and a signing key pair), then describes the newest state.
   */
  static SenderKeyDistributionMessage create(SenderKeyRecord record, SecureRandom random) {
    if (record.isEmpty()) {
      byte[] idBytes = new byte[4];
      random.nextBytes(idBytes);
      int keyId = ByteBuffer.wrap(idBytes).getInt() & 0x7FFFFFFF;
      byte[] chainKey = new byte[32];
      random.nextBytes(chainKey);
      KeyPair signing = Curve.generateKeyPair(random);
      record.addState(
          new SenderKeyState(keyId, 0, chainKey, signing.publicKey(), signing.privateKey()));
    }
    SenderKeyState state = record.newestState();
    return new SenderKeyDistributionMessage(
        state.keyId, state.iteration, state.chainKey, state.signingPublic);
  }

  /** Adds the sender's chain described by {@code message} to the record. */
  static void process(SenderKeyRecord record, SenderKeyDistributionMessage message) {
    record.addState(
        new SenderKeyState(
            message.keyId(), message.iteration(), message.chainKey(), message.signingKey(), null));
  }
}
