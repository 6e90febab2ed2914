package dev.wagateway.core.internal.signal;

import dev.wagateway.core.internal.crypto.Hkdf;
import java.util.Arrays;

/** A symmetric-ratchet chain key at an index (the index of the next message key it yields). */
record ChainKey(byte[] key, int index) {
  ChainKey {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("chain key must be 32 bytes");
    }
    if (index < 0) {
      throw new IllegalArgumentException("chain index must not be negative");
    }
    key = key.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  ChainKey next() {
    return new ChainKey(SignalCrypto.nextChainKey(key), index + 1);
  }

  /** The 1:1 message keys at this index: cipherKey ‖ macKey ‖ iv from "WhisperMessageKeys". */
  MessageKeys messageKeys() {
    byte[] derived =
        Hkdf.derive(SignalCrypto.messageKeySeed(key), null, SignalCrypto.INFO_MESSAGE_KEYS, 80);
    return new MessageKeys(
        Arrays.copyOfRange(derived, 0, 32),
        Arrays.copyOfRange(derived, 32, 64),
        Arrays.copyOfRange(derived, 64, 80),
        index);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainKey other && index == other.index && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + index;
  }

  @Override
  public String toString() {
    return "ChainKey[index=" + index + "]";
  }
}
