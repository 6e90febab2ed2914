package dev.wagateway.core.internal.noise;

import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * The Noise symmetric state during the WhatsApp XX handshake (docs/protocol/transport.md §3.2-3.3):
 * running hash {@code h}, chaining key {@code ck}, cipher key {@code k} and ONE nonce counter
 * {@code n} shared by both directions until {@link #split()}. Used by the client ({@link
 * NoiseHandshake}) and by the simulator's responder. Not thread-safe: one handshake runs on one
 * thread.
 */
public final class SymmetricState {
  /** {@code Noise_XX_25519_AESGCM_SHA256} padded with four NUL bytes to exactly 32 bytes. */
  private static final byte[] PROTOCOL_NAME =
      "Noise_XX_25519_AESGCM_SHA256\0\0\0\0".getBytes(StandardCharsets.US_ASCII);

  private byte[] hash;
  private byte[] chainingKey;
  private byte[] cipherKey;
  private long nonce;

  /** Initialises {@code h = ck = k = name} and mixes {@code prologue} into the hash. */
  public SymmetricState(byte[] prologue) {
    hash = PROTOCOL_NAME.clone();
    chainingKey = PROTOCOL_NAME.clone();
    cipherKey = PROTOCOL_NAME.clone();
    mixHash(prologue);
  }

  /** The 32-byte protocol name, a copy. */
  public static byte[] protocolName() {
    return PROTOCOL_NAME.clone();
  }

  /** {@code h = SHA-256(h || data)}. */
  public void mixHash(byte[] data) {
    MessageDigest sha = sha256();
    sha.update(hash);
    sha.update(data);
    hash = sha.digest();
  }

  /** {@code (ck, k) = HKDF(salt = ck, ikm, info = "", 64)}; the nonce restarts at 0. */
  public void mixKey(byte[] inputKeyMaterial) {
    byte[] out = Hkdf.derive(inputKeyMaterial, chainingKey, new byte[0], 64);
    chainingKey = Arrays.copyOfRange(out, 0, 32);
    cipherKey = Arrays.copyOfRange(out, 32, 64);
    nonce = 0;
  }

  /** AES-GCM with {@code k}, IV({@code n}), AAD {@code h}; then mixes the ciphertext in. */
  public byte[] encryptAndHash(byte[] plaintext) {
    byte[] ciphertext = Aead.seal(cipherKey, nextNonce(), hash, plaintext);
    mixHash(ciphertext);
    return ciphertext;
  }

  /**
   * Opens {@code ciphertext} with {@code k}, IV({@code n}), AAD {@code h}; on success mixes the
   * ciphertext in. The nonce advances either way.
   *
   * @throws WireException code {@code decrypt_failed} when the tag does not verify
   */
  public byte[] decryptAndHash(byte[] ciphertext) throws WireException {
    long counter = nextNonce();
    byte[] plaintext;
    try {
      plaintext = Aead.open(cipherKey, counter, hash, ciphertext);
    } catch (AEADBadTagException e) {
      throw new WireException("decrypt_failed", "handshake ciphertext did not authenticate", e);
    }
    mixHash(ciphertext);
    return plaintext;
  }

  /**
   * The transport keys: {@code HKDF(salt = ck, ikm = empty, info = "", 64)}; the first 32 bytes are
   * the client's (initiator's) write key, the last 32 its read key.
   */
  public NoiseCipher.Keys split() {
    byte[] out = Hkdf.derive(new byte[0], chainingKey, new byte[0], 64);
    return new NoiseCipher.Keys(Arrays.copyOfRange(out, 0, 32), Arrays.copyOfRange(out, 32, 64));
  }

  /** The running handshake hash {@code h}, a copy. */
  public byte[] handshakeHash() {
    return hash.clone();
  }

  /** The chaining key {@code ck}, a copy. */
  public byte[] chainingKey() {
    return chainingKey.clone();
  }

  /** The current cipher key {@code k}, a copy. */
  public byte[] cipherKey() {
    return cipherKey.clone();
  }

  /** The nonce counter {@code n} the next encrypt or decrypt will use. */
  public long nonce() {
    return nonce;
  }

  private long nextNonce() {
    if (nonce > Aead.MAX_COUNTER) {
      throw new IllegalStateException("handshake nonce exhausted");
    }
    return nonce++;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
