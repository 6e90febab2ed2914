package dev.wagateway.core.store;

import java.util.Arrays;

/**
 * An X25519 key pair: a 32-byte public key (no 0x05 type prefix) and a 32-byte clamped private key.
 * {@link #toString()} never prints key material.
 */
public record KeyPair(byte[] publicKey, byte[] privateKey) {
  public KeyPair {
    if (publicKey == null || publicKey.length != 32) {
      throw new IllegalArgumentException("public key must be 32 bytes");
    }
    if (privateKey == null || privateKey.length != 32) {
      throw new IllegalArgumentException("private key must be 32 bytes");
    }
    publicKey = publicKey.clone();
    privateKey = privateKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] privateKey() {
    return privateKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPair other
        && Arrays.equals(publicKey, other.publicKey)
        && Arrays.equals(privateKey, other.privateKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "KeyPair[public=" + java.util.HexFormat.of().formatHex(publicKey, 0, 4) + "…]";
  }
}
