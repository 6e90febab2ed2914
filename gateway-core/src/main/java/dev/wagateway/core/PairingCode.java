package dev.wagateway.core;

import dev.wagateway.core.GatewayException.ValidationException;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The code the user types on the phone under "Link with phone number": 40 random bits written
 * MSB-first in 5-bit groups over {@value #ALPHABET} (no 0, I, O, U). {@link #toString()} never
 * shows the code.
 *
 * @param code eight characters shown as {@code XXXX-XXXX}
 */
public record PairingCode(String code) {
  /** The 32 symbols of the code, in value order. */
  public static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

  /** Characters in a code, without the hyphen. */
  private static final int LENGTH = 8;

  /** Random bytes behind a code (40 bits). */
  private static final int ENTROPY_BYTES = 5;

  /**
   * Accepts 8 symbols of {@link #ALPHABET}, optionally written {@code XXXX-XXXX}, in any case;
   * {@link #code()} is always the upper-case {@code XXXX-XXXX} form.
   *
   * @throws ValidationException if it is not such a code
   */
  public PairingCode {
    String symbols = symbols(code);
    code = symbols.substring(0, 4) + '-' + symbols.substring(4);
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
    return new PairingCode(text);
  }

  /** The 8 characters without the hyphen: what goes into the key derivation. */
  public String value() {
    return code.substring(0, 4) + code.substring(5);
  }

  @Override
  public String toString() {
    return "PairingCode[****-****]";
  }

  private static String symbols(String text) {
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
    return s;
  }
}
