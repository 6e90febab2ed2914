package dev.wagateway.core.internal.signal;

import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.store.KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The symmetric pieces of Signal v3: KDF chains, AES-256-CBC/PKCS#7 and truncated MACs. */
final class SignalCrypto {
  static final byte[] INFO_TEXT = "WhisperText".getBytes(StandardCharsets.US_ASCII);
  static final byte[] INFO_RATCHET = "WhisperRatchet".getBytes(StandardCharsets.US_ASCII);
  static final byte[] INFO_MESSAGE_KEYS = "WhisperMessageKeys".getBytes(StandardCharsets.US_ASCII);
  static final byte[] INFO_GROUP = "WhisperGroup".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] MESSAGE_KEY_SEED = {0x01};
  private static final byte[] CHAIN_KEY_SEED = {0x02};

  private SignalCrypto() {}

  /** HMAC-SHA256(chainKey, 0x01): the seed of the message key at the chain's index. */
  static byte[] messageKeySeed(byte[] chainKey) {
    return Hkdf.hmacSha256(chainKey, MESSAGE_KEY_SEED);
  }

  /** HMAC-SHA256(chainKey, 0x02): the chain key at the next index. */
  static byte[] nextChainKey(byte[] chainKey) {
    return Hkdf.hmacSha256(chainKey, CHAIN_KEY_SEED);
  }

  /**
   * One DH ratchet step: HKDF(DH(ours, theirs), salt = rootKey, "WhisperRatchet", 64) split into
   * the new root key and a chain key at index 0.
   */
  static RootAndChain createChain(byte[] rootKey, byte[] theirRatchetKey, KeyPair ourRatchetKey) {
    byte[] shared = Curve.agree(theirRatchetKey, ourRatchetKey.privateKey());
    byte[] derived = Hkdf.derive(shared, rootKey, INFO_RATCHET, 64);
    return new RootAndChain(
        Arrays.copyOfRange(derived, 0, 32), new ChainKey(Arrays.copyOfRange(derived, 32, 64), 0));
  }

  static byte[] aesCbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/PKCS5Padding unavailable", e);
    }
  }

  static byte[] aesCbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) {
    if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
      throw new CryptoException(
          SignalErrors.INVALID_MESSAGE, "ciphertext length is not a positive multiple of 16");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(ciphertext);
    } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      throw new CryptoException(SignalErrors.INVALID_MESSAGE, "bad PKCS#7 padding", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/PKCS5Padding unavailable", e);
    }
  }

  /** Constant-time comparison. */
  static boolean equal(byte[] a, byte[] b) {
    return a != null && b != null && MessageDigest.isEqual(a, b);
  }

  /** A new root key and the chain key that came out of the same ratchet step. */
  record RootAndChain(byte[] rootKey, ChainKey chainKey) {}
}
