package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.ErrorCode.BAD_MAC;
import static dev.wagateway.core.ErrorCode.DUPLICATE_MESSAGE;
import static dev.wagateway.core.ErrorCode.NO_SESSION;
import static dev.wagateway.core.ErrorCode.TOO_MANY_SKIPPED;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalInt;

/**
 * The double ratchet over a {@link SessionRecord}: encrypt with the current state, decrypt with the
 * current state or, failing that, an archived one (which is then promoted). Every decrypt works on
 * a copy of the state and commits it only on success, so a forged, duplicated or otherwise failing
 * message leaves the record exactly as it was.
 */
final class SessionCipher {
  private SessionCipher() {}

  /** Encrypts with the current state and advances its sending chain. */
  static EncryptResult encrypt(SessionRecord record, byte[] plaintext) {
    if (!record.hasCurrentState()) {
      throw new CryptoException(NO_SESSION, "no session to encrypt with");
    }
    SessionState state = record.currentState();
    ChainKey chain = state.senderChain;
    MessageKeys keys = chain.messageKeys();
    byte[] ciphertext = SignalCrypto.aesCbcEncrypt(keys.cipherKey(), keys.iv(), plaintext);
    SignalMessage message =
        SignalMessage.create(
            keys.macKey(),
            state.localIdentity,
            state.remoteIdentity,
            state.senderRatchetPublic(),
            chain.index(),
            state.previousCounter,
            ciphertext);
    EncryptResult result;
    if (state.pendingPreKey != null) {
      PreKeySignalMessage preKeyMessage =
          PreKeySignalMessage.create(
              state.localRegistrationId,
              state.pendingPreKey.preKeyId(),
              state.pendingPreKey.signedPreKeyId(),
              state.pendingPreKey.baseKey(),
              state.localIdentity,
              message);
      result = new EncryptResult(EncryptResult.PKMSG, preKeyMessage.serialize());
    } else {
      result = new EncryptResult(EncryptResult.MSG, message.serialize());
    }
    state.senderChain = chain.next();
    return result;
  }

  /**
   * Decrypts a pkmsg: builds the responder state unless one for its base key exists, then decrypts
   * the inner message. The record changes only on success.
   */
  static PreKeyDecryptResult decryptPreKey(
      SessionRecord record,
      PreKeySignalMessage message,
      LocalIdentity us,
      PreKeyLookup keys,
      SecureRandom random) {
    SessionRecord working = record.copy();
    SessionBuilder.BuildResult build =
        SessionBuilder.processPreKeyMessage(working, message, us, keys);
    byte[] plaintext;
    if (build.built()) {
      SessionState fresh = working.currentState().copy();
      plaintext = decryptWithState(fresh, message.message(), random);
      working.setCurrentState(fresh);
    } else {
      plaintext = decryptWithRecord(working, message.message(), random);
    }
    record.replaceWith(working);
    return new PreKeyDecryptResult(plaintext, build.usedPreKeyId());
  }

  /** Decrypts a msg with the current state, then each archived state, newest first. */
  static byte[] decrypt(SessionRecord record, SignalMessage message, SecureRandom random) {
    return decryptWithRecord(record, message, random);
  }

  private static byte[] decryptWithRecord(
      SessionRecord record, SignalMessage message, SecureRandom random) {
    CryptoException first = null;
    SessionState current = record.currentState();
    if (current != null) {
      SessionState attempt = current.copy();
      try {
        byte[] plaintext = decryptWithState(attempt, message, random);
        record.setCurrentState(attempt);
        return plaintext;
      } catch (CryptoException e) {
        first = e;
      }
    }
    List<SessionState> archived = record.archivedStates();
    for (int i = 0; i < archived.size(); i++) {
      SessionState attempt = archived.get(i).copy();
      try {
        byte[] plaintext = decryptWithState(attempt, message, random);
        record.promoteArchived(i, attempt);
        return plaintext;
      } catch (CryptoException e) {
        // A state that knows the message's chain (duplicate, too far ahead) says more than a
        // bad MAC from states that do not.
        if (first == null || (first.errorCode() == BAD_MAC && e.errorCode() != BAD_MAC)) {
          first = e;
        }
      }
    }
    if (first == null) {
      throw new CryptoException(NO_SESSION, "no session to decrypt with");
    }
    throw first;
  }

  /**
   * Decrypts with one state, mutating it. The MAC is checked before anything irreversible; the new
   * sending ratchet key (for a new receiving chain) is drawn only after the MAC verified.
   */
  private static byte[] decryptWithState(
      SessionState state, SignalMessage message, SecureRandom random) {
    if (state.senderChain == null || state.senderRatchet == null) {
      throw new CryptoException(NO_SESSION, "session state is not initialised");
    }
    if (state.version != SignalMessage.CURRENT_VERSION) {
      throw new CryptoException(
          ErrorCode.INVALID_MESSAGE, "session state has version " + state.version);
    }
    byte[] theirRatchetKey = message.ratchetKey();
    SessionState.ReceiverChain chain = state.receiverChain(theirRatchetKey);
    byte[] newRootKey = null;
    if (chain == null) {
      if (message.counter() > SessionState.MAX_FORWARD_JUMP) {
        throw new CryptoException(
            TOO_MANY_SKIPPED,
            "message counter " + message.counter() + " is too far into a new chain");
      }
      SignalCrypto.RootAndChain receiving =
          SignalCrypto.createChain(state.rootKey, theirRatchetKey, state.senderRatchet);
      newRootKey = receiving.rootKey();
      chain = new SessionState.ReceiverChain(theirRatchetKey, receiving.chainKey());
    }
    MessageKeys keys = messageKeys(chain, message.counter());
    if (!message.verifyMac(state.remoteIdentity, state.localIdentity, keys.macKey())) {
      throw new CryptoException(BAD_MAC, "message MAC does not verify");
    }
    byte[] plaintext =
        SignalCrypto.aesCbcDecrypt(keys.cipherKey(), keys.iv(), message.ciphertext());
    if (newRootKey != null) {
      state.rootKey = newRootKey;
      state.addReceiverChain(chain);
      KeyPair ourNewRatchet = Curve.generateKeyPair(random);
      SignalCrypto.RootAndChain sending =
          SignalCrypto.createChain(state.rootKey, theirRatchetKey, ourNewRatchet);
      state.rootKey = sending.rootKey();
      state.previousCounter = Math.max(state.senderChain.index() - 1, 0);
      state.senderRatchet = ourNewRatchet;
      state.senderChain = sending.chainKey();
    }
    state.trimSkippedKeys();
    state.pendingPreKey = null;
    return plaintext;
  }

  /** The keys for {@code counter}: a stored skipped key, or derived by advancing the chain. */
  private static MessageKeys messageKeys(SessionState.ReceiverChain chain, long counter) {
    ChainKey chainKey = chain.chainKey;
    if (counter < chainKey.index()) {
      MessageKeys stored = chain.skipped.remove((int) counter);
      if (stored == null) {
        throw new CryptoException(
            DUPLICATE_MESSAGE, "message key " + counter + " was already used or evicted");
      }
      return stored;
    }
    if (counter - chainKey.index() > SessionState.MAX_FORWARD_JUMP) {
      throw new CryptoException(
          TOO_MANY_SKIPPED,
          "message counter "
              + counter
              + " is more than "
              + SessionState.MAX_FORWARD_JUMP
              + " ahead of its chain");
    }
    while (chainKey.index() < counter) {
      chain.skipped.put(chainKey.index(), chainKey.messageKeys());
      chainKey = chainKey.next();
    }
    chain.chainKey = chainKey.next();
    return chainKey.messageKeys();
  }

  /** The plaintext of a pkmsg and the one-time prekey it consumed (delete it once stored). */
  record PreKeyDecryptResult(byte[] plaintext, OptionalInt usedPreKeyId) {}
}
