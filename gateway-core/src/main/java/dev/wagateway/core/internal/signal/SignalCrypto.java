package dev.wagateway.core.internal.signal;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.store.KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
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

  // getInstance walks the provider list on every call, which cost as much as the work itself for
  // a 100-byte message; an instance per thread is re-initialised with each key instead.
  private static final ThreadLocal<Cipher> AES_CBC =
      ThreadLocal.withInitial(() -> instance(() -> Cipher.getInstance("AES/CBC/PKCS5Padding")));
  private static final ThreadLocal<Mac> HMAC_SHA256 =
      ThreadLocal.withInitial(() -> instance(() -> Mac.getInstance("HmacSHA256")));

  private SignalCrypto() {}

  /** HMAC-SHA256 of the concatenated {@code parts} under {@code key}. */
  static byte[] hmacSha256(byte[] key, byte[]... parts) {
    Mac mac = HMAC_SHA256.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 rejected its key", e);
    }
    for (byte[] p : parts) {
      mac.update(p);
    }
    return mac.doFinal();
  }

  /** HMAC-SHA256(chainKey, 0x01): the seed of the message key at the chain's index. */
  static byte[] messageKeySeed(byte[] chainKey) {
    return hmacSha256(chainKey, MESSAGE_KEY_SEED);
  }

  /** HMAC-SHA256(chainKey, 0x02): the chain key at the next index. */
  static byte[] nextChainKey(byte[] chainKey) {
    return hmacSha256(chainKey, CHAIN_KEY_SEED);
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
      Cipher cipher = AES_CBC.get();
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/PKCS5Padding unavailable", e);
    }
  }

  static byte[] aesCbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) {
    if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
      throw new CryptoException(
          ErrorCode.INVALID_MESSAGE, "ciphertext length is not a positive multiple of 16");
    }
    try {
      Cipher cipher = AES_CBC.get();
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(ciphertext);
    } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      throw new CryptoException(ErrorCode.INVALID_MESSAGE, "bad PKCS#7 padding", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/PKCS5Padding unavailable", e);
    }
  }

  /** Constant-time comparison. */
  static boolean equal(byte[] a, byte[] b) {
    return a != null && b != null && MessageDigest.isEqual(a, b);
  }

  private static <T> T instance(Factory<T> factory) {
    try {
      return factory.create();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCE algorithm unavailable", e);
    }
  }

  private interface Factory<T> {
    T create() throws GeneralSecurityException;
  }

  /** A new root key and the chain key that came out of the same ratchet step. */
  record RootAndChain(byte[] rootKey, ChainKey chainKey) {}
}
