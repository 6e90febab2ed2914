package dev.wagateway.core.internal.signal;

import com.google.protobuf.ByteString;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.internal.proto.SignalStorageProtos.SenderKeyStateStructure;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * One sender-key chain of a group sender: key id, chain key at an iteration, the signing key (with
 * its private half when the chain is ours) and skipped message-key seeds by iteration.
 */
final class SenderKeyState {
  /** Skipped message keys kept per state (libsignal: 2000); the oldest is evicted. */
  static final int MAX_MESSAGE_KEYS = 2000;

  /** How far ahead of the chain a message's iteration may be. */
  static final int MAX_FORWARD_JUMP = 2000;

  final int keyId;
  int iteration;
  byte[] chainKey;
  final byte[] signingPublic;
  final byte[] signingPrivate;

  /** Skipped message-key seeds, in iteration order. */
  final LinkedHashMap<Integer, byte[]> skipped = new LinkedHashMap<>();

  SenderKeyState(
      int keyId, int iteration, byte[] chainKey, byte[] signingPublic, byte[] signingPrivate) {
    if (chainKey == null || chainKey.length != 32) {
      throw new IllegalArgumentException("sender chain key must be 32 bytes");
    }
    this.keyId = keyId;
    this.iteration = iteration;
    this.chainKey = chainKey.clone();
    this.signingPublic = Keys.prefixed(signingPublic);
    this.signingPrivate = signingPrivate == null ? null : signingPrivate.clone();
  }

  /** Moves the chain one iteration on. */
  void advance() {
    chainKey = SignalCrypto.nextChainKey(chainKey);
    iteration++;
  }

  /** The message-key seed at the current iteration: HMAC-SHA256(chainKey, 0x01). */
  byte[] currentSeed() {
    return SignalCrypto.messageKeySeed(chainKey);
  }

  void trimSkipped() {
    Iterator<Integer> it = skipped.keySet().iterator();
    int excess = skipped.size() - MAX_MESSAGE_KEYS;
    while (excess-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** HKDF(seed, zero salt, "WhisperGroup", 48) → iv (16) ‖ cipherKey (32). */
  static byte[][] messageKey(byte[] seed) {
    byte[] derived = Hkdf.derive(seed, null, SignalCrypto.INFO_GROUP, 48);
    return new byte[][] {Arrays.copyOfRange(derived, 0, 16), Arrays.copyOfRange(derived, 16, 48)};
  }

  SenderKeyState copy() {
    return fromProto(toProto());
  }

  SenderKeyStateStructure toProto() {
    SenderKeyStateStructure.SenderSigningKey.Builder signing =
        SenderKeyStateStructure.SenderSigningKey.newBuilder()
            .setPublic(ByteString.copyFrom(signingPublic));
    if (signingPrivate != null) {
      signing.setPrivate(ByteString.copyFrom(signingPrivate));
    }
    SenderKeyStateStructure.Builder b =
        SenderKeyStateStructure.newBuilder()
            .setSenderKeyId(keyId)
            .setSenderChainKey(
                SenderKeyStateStructure.SenderChainKey.newBuilder()
                    .setIteration(iteration)
                    .setSeed(ByteString.copyFrom(chainKey)))
            .setSenderSigningKey(signing);
    skipped.forEach(
        (it, seed) ->
            b.addSenderMessageKeys(
                SenderKeyStateStructure.SenderMessageKey.newBuilder()
                    .setIteration(it)
                    .setSeed(ByteString.copyFrom(seed))));
    return b.build();
  }

  static SenderKeyState fromProto(SenderKeyStateStructure p) {
    if (!p.hasSenderChainKey() || !p.hasSenderSigningKey()) {
      throw new IllegalArgumentException("sender key state lacks a required field");
    }
    SenderKeyStateStructure.SenderSigningKey signing = p.getSenderSigningKey();
    SenderKeyState s =
        new SenderKeyState(
            p.getSenderKeyId(),
            p.getSenderChainKey().getIteration(),
            p.getSenderChainKey().getSeed().toByteArray(),
            signing.getPublic().toByteArray(),
            signing.hasPrivate() ? signing.getPrivate().toByteArray() : null);
    for (SenderKeyStateStructure.SenderMessageKey k : p.getSenderMessageKeysList()) {
      s.skipped.put(k.getIteration(), k.getSeed().toByteArray());
    }
    return s;
  }
}
