package dev.wagateway.core.internal.signal;

import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** A test party for the in-memory layer: identity, prekeys and one record per peer. */
final class Peer {
  final String name;
  final LocalIdentity identity;
  final int signedPreKeyId = 1;
  final KeyPair signedPreKey;
  final byte[] signedPreKeySignature;
  final Map<Integer, KeyPair> oneTimePreKeys = new HashMap<>();
  final Map<String, SessionRecord> records = new HashMap<>();
  final SecureRandom random;
  private int nextPreKeyId = 1;

  Peer(String name, SecureRandom random) {
    this.name = name;
    this.random = random;
    KeyPair identityKey = Curve.generateKeyPair(random);
    this.identity = new LocalIdentity(identityKey, 1 + random.nextInt(16380));
    this.signedPreKey = Curve.generateKeyPair(random);
    this.signedPreKeySignature =
        Curve.sign(identityKey.privateKey(), Curve.withPrefix(signedPreKey.publicKey()), random);
  }

  /** A bundle with a fresh one-time prekey. */
  PreKeyBundle bundle() {
    int id = nextPreKeyId++;
    KeyPair opk = Curve.generateKeyPair(random);
    oneTimePreKeys.put(id, opk);
    return new PreKeyBundle(
        identity.registrationId(),
        identity.identityKey().publicKey(),
        signedPreKeyId,
        signedPreKey.publicKey(),
        signedPreKeySignature,
        OptionalInt.of(id),
        opk.publicKey());
  }

  SessionRecord record(Peer other) {
    return records.computeIfAbsent(other.name, k -> new SessionRecord());
  }

  void startSessionWith(Peer other) {
    SessionBuilder.processBundle(record(other), other.bundle(), identity, random);
  }

  EncryptResult encrypt(Peer to, String text) {
    return SessionCipher.encrypt(
        record(to), text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  String decrypt(Peer from, EncryptResult message) {
    byte[] plaintext;
    if (message.preKeyMessage()) {
      SessionCipher.PreKeyDecryptResult r =
          SessionCipher.decryptPreKey(
              record(from),
              PreKeySignalMessage.parse(message.ciphertext()),
              identity,
              lookup(),
              random);
      r.usedPreKeyId().ifPresent(oneTimePreKeys::remove);
      plaintext = r.plaintext();
    } else {
      plaintext =
          SessionCipher.decrypt(record(from), SignalMessage.parse(message.ciphertext()), random);
    }
    return new String(plaintext, java.nio.charset.StandardCharsets.UTF_8);
  }

  PreKeyLookup lookup() {
    return new PreKeyLookup() {
      @Override
      public Optional<KeyPair> signedPreKey(int id) {
        return id == signedPreKeyId ? Optional.of(signedPreKey) : Optional.empty();
      }

      @Override
      public Optional<KeyPair> oneTimePreKey(int id) {
        return Optional.ofNullable(oneTimePreKeys.get(id));
      }
    };
  }
}
