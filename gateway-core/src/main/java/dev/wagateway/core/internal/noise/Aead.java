package dev.wagateway.core.internal.noise;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM as the WhatsApp Noise transport uses it: 12-byte IV of 8 zero bytes followed by the
 * counter as uint32 big-endian, 16-byte tag appended to the ciphertext.
 */
final class Aead {
  static final int TAG_LENGTH = 16;
  static final long MAX_COUNTER = 0xFFFF_FFFFL;

  private Aead() {}

  static byte[] iv(long counter) {
    if (counter < 0 || counter > MAX_COUNTER) {
      throw new IllegalArgumentException("nonce counter out of uint32 range");
    }
    byte[] iv = new byte[12];
    iv[8] = (byte) (counter >>> 24);
    iv[9] = (byte) (counter >>> 16);
    iv[10] = (byte) (counter >>> 8);
    iv[11] = (byte) counter;
    return iv;
  }

  static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding unavailable", e);
    }
  }

  static SecretKeySpec key(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("AES-256-GCM key must be 32 bytes");
    }
    return new SecretKeySpec(key, "AES");
  }

  /** Encrypts with a fresh {@link Cipher}. {@code aad} may be null or empty. */
  static byte[] seal(byte[] key, long counter, byte[] aad, byte[] plaintext) {
    return seal(newCipher(), key(key), counter, aad, plaintext);
  }

  /** Decrypts with a fresh {@link Cipher}; a wrong tag throws {@link AEADBadTagException}. */
  static byte[] open(byte[] key, long counter, byte[] aad, byte[] ciphertext)
      throws AEADBadTagException {
    return open(newCipher(), key(key), counter, aad, ciphertext);
  }

  static byte[] seal(Cipher cipher, SecretKeySpec key, long counter, byte[] aad, byte[] plaintext) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv(counter)));
      if (aad != null && aad.length > 0) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  static byte[] open(Cipher cipher, SecretKeySpec key, long counter, byte[] aad, byte[] ciphertext)
      throws AEADBadTagException {
    if (ciphertext.length < TAG_LENGTH) {
      throw new AEADBadTagException("ciphertext shorter than the GCM tag");
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv(counter)));
      if (aad != null && aad.length > 0) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }
}
