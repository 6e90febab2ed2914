package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.ErrorCode.BAD_SIGNATURE;
import static dev.wagateway.core.ErrorCode.DUPLICATE_MESSAGE;
import static dev.wagateway.core.ErrorCode.NO_SENDER_KEY;
import static dev.wagateway.core.ErrorCode.TOO_MANY_SKIPPED;

import dev.wagateway.core.GatewayException.CryptoException;
import java.security.SecureRandom;

/**
 * Sender-key (group) encryption. We send consecutive iterations; on receive, gaps are accepted
 * (Baileys sends 0, 2, 4, …) up to {@link SenderKeyState#MAX_FORWARD_JUMP} ahead, and the keys of
 * skipped iterations are kept for late messages.
 */
final class GroupCipher {
  private GroupCipher() {}

  /** Encrypts with our newest sender-key state and advances it; signs with {@code random}. */
  static byte[] encrypt(SenderKeyRecord record, byte[] plaintext, SecureRandom random) {
    SenderKeyState state = record.newestState();
    if (state == null || state.signingPrivate == null) {
      throw new CryptoException(NO_SENDER_KEY, "no own sender key to encrypt with");
    }
    byte[][] key = SenderKeyState.messageKey(state.currentSeed());
    byte[] ciphertext = SignalCrypto.aesCbcEncrypt(key[1], key[0], plaintext);
    SenderKeyMessage message =
        SenderKeyMessage.create(
            state.keyId, state.iteration, ciphertext, state.signingPrivate, random);
    state.advance();
    return message.serialize();
  }

  /** Decrypts an skmsg; the record changes only on success. */
  static byte[] decrypt(SenderKeyRecord record, byte[] serialized) {
    SenderKeyMessage message = SenderKeyMessage.parse(serialized);
    SenderKeyState stored = record.state(message.keyId());
    if (stored == null) {
      throw new CryptoException(
          NO_SENDER_KEY, "no sender key with id " + Integer.toUnsignedString(message.keyId()));
    }
    if (!message.verifySignature(stored.signingPublic)) {
      throw new CryptoException(BAD_SIGNATURE, "sender key message signature does not verify");
    }
    SenderKeyState state = stored.copy();
    byte[] seed = seedFor(state, message.iteration());
    byte[][] key = SenderKeyState.messageKey(seed);
    byte[] plaintext = SignalCrypto.aesCbcDecrypt(key[1], key[0], message.ciphertext());
    state.trimSkipped();
    record.replace(state);
    return plaintext;
  }

  private static byte[] seedFor(SenderKeyState state, long iteration) {
    long current = Integer.toUnsignedLong(state.iteration);
    if (iteration < current) {
      byte[] stored = state.skipped.remove((int) iteration);
      if (stored == null) {
        throw new CryptoException(
            DUPLICATE_MESSAGE,
            "sender key iteration " + iteration + " was already used or evicted");
      }
      return stored;
    }
    if (iteration - current > SenderKeyState.MAX_FORWARD_JUMP) {
      throw new CryptoException(
          TOO_MANY_SKIPPED,
          "sender key iteration "
              + iteration
              + " is more than "
              + SenderKeyState.MAX_FORWARD_JUMP
              + " ahead of the chain");
    }
    for (long i = current; i < iteration; i++) {
      state.skipped.put(state.iteration, state.currentSeed());
      state.advance();
    }
    byte[] seed = state.currentSeed();
    state.advance();
    return seed;
  }
}
