package dev.wagateway.core.internal.pairing;

import dev.wagateway.core.GatewayException.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The 8-character code the user types on the phone in phone-number pairing (docs/protocol/pairing.md §4.1): 40
 * random bits written MSB-first in 5-bit groups over {@value #ALPHABET} (no 0, I, O, U). {@link
 * #toString()} never shows the code.
 */
public final class PairingCode {
  /** The 32 symbols of the code, in value order. */
  public static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

  /** Characters in a code. */
  public static final int LENGTH = 8;

  /** Random bytes behind a code (40 bits). */
  public static final int ENTROPY_BYTES = 5;

  private final String value;

  private PairingCode(String value) {
    this.value = value;
  }

  /** A fresh code from 5 bytes of {@code random}. */
  public static PairingCode generate(SecureRandom random) {
    byte[] entropy = new byte[ENTROPY_BYTES];
    random.nextBytes(entropy);
    return fromEntropy(entropy);
  }

  /** The code for exactly 5 bytes: each 5-bit group, most significant first, picks a symbol. */
  public static PairingCode fromEntropy(byte[] entropy) {
    if (entropy == null || entropy.length != ENTROPY_BYTES) {
      throw new IllegalArgumentException("pairing code entropy must be 5 bytes");
    }
    long bits = 0;
    for (byte b : entropy) {
      bits = (bits << 8) | (b & 0xFF);
    }
    char[] out = new char[LENGTH];
    for (int i = LENGTH - 1; i >= 0; i--) {
      out[i] = ALPHABET.charAt((int) (bits & 31));
      bits >>>= 5;
    }
    return new PairingCode(new String(out));
  }

  /**
   * A code given by the caller: 8 symbols of {@link #ALPHABET}, optionally written {@code
   * XXXX-XXXX}; lower case is accepted.
   *
   * @throws ValidationException if it is not such a code
   */
  public static PairingCode parse(String text) {
    if (text == null) {
      throw new ValidationException("pairing code is missing");
    }
    String s = text.strip().toUpperCase(Locale.ROOT);
    if (s.length() == LENGTH + 1 && s.charAt(4) == '-') {
      s = s.substring(0, 4) + s.substring(5);
    }
    if (s.length() != LENGTH) {
      throw new ValidationException("pairing code must be 8 characters (XXXX-XXXX)");
    }
    for (int i = 0; i < LENGTH; i++) {
      if (ALPHABET.indexOf(s.charAt(i)) < 0) {
        throw new ValidationException(
            "pairing code may only use the characters " + ALPHABET + " (no 0, I, O or U)");
      }
    }
    return new PairingCode(s);
  }

  /** The 8 characters without the hyphen: what goes into the key derivation. */
  public String value() {
    return value;
  }

  /** {@code XXXX-XXXX}, as shown to the user. */
  public String display() {
    return value.substring(0, 4) + '-' + value.substring(4);
  }

  /** The ASCII bytes of {@link #value()}, the PBKDF2 password. */
  byte[] passwordBytes() {
    return value.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairingCode other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "PairingCode[****-****]";
  }
}
