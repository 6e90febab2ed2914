package dev.wagateway.core.internal.signal;

import java.util.Arrays;

/** The per-message keys of a 1:1 chain: AES-256 key, HMAC key, CBC IV, and their counter. */
record MessageKeys(byte[] cipherKey, byte[] macKey, byte[] iv, int counter) {
  MessageKeys {
    if (cipherKey.length != 32 || macKey.length != 32 || iv.length != 16) {
      throw new IllegalArgumentException("bad message key sizes");
    }
    cipherKey = cipherKey.clone();
    macKey = macKey.clone();
    iv = iv.clone();
  }

  @Override
  public byte[] cipherKey() {
    return cipherKey.clone();
  }

  @Override
  public byte[] macKey() {
    return macKey.clone();
  }

  @Override
  public byte[] iv() {
    return iv.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageKeys other
        && counter == other.counter
        && Arrays.equals(cipherKey, other.cipherKey)
        && Arrays.equals(macKey, other.macKey)
        && Arrays.equals(iv, other.iv);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(cipherKey) + counter;
  }

  @Override
  public String toString() {
    return "MessageKeys[counter=" + counter + "]";
  }
}
