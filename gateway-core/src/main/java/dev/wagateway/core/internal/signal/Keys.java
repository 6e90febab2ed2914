package dev.wagateway.core.internal.signal;

import dev.wagateway.core.internal.crypto.Curve;

/** Conversions between the 32-byte raw and 33-byte 0x05-prefixed public key forms. */
final class Keys {
  private Keys() {}

  static byte[] prefixed(byte[] publicKey) {
    return Curve.withPrefix(publicKey);
  }

  static byte[] unprefixed(byte[] publicKey) {
    return Curve.stripPrefix(publicKey);
  }
}
