package dev.wagateway.core.internal.pairing;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.store.KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The cryptography of phone-number pairing (docs/protocol/pairing.md §4.2, §4.4, §4.6).
 *
 * <ul>
 *   <li>Stage 1 ({@code companion_hello}): the companion's ephemeral public key is wrapped under a
 *       key derived from the code: {@code salt(32) || iv(16) || AES-256-CTR(PBKDF2(code, salt), iv,
 *       pub)}, 80 bytes.
 *   <li>Stage 2/3 ({@code primary_hello} → {@code companion_finish}): the primary's wrapped
 *       ephemeral key is unwrapped the same way; two X25519 agreements feed the key bundle ({@code
 *       salt(32) || nonce(12) || AES-256-GCM(ownIdentity || primaryIdentity || random)}) and the
 *       new ADV secret that replaces the one generated at registration.
 * </ul>
 *
 * <p>Every random value is drawn from the {@link SecureRandom} passed in, in a fixed order, so a
 * deterministic source reproduces a recorded exchange.
 */
public final class PairingCodeCrypto {
  /** PBKDF2-HMAC-SHA256 iterations (2 &lt;&lt; 16). */
  public static final int PBKDF2_ITERATIONS = 131072;

  /** Length of a wrapped ephemeral key: salt, IV, ciphertext. */
  public static final int WRAPPED_EPHEMERAL_LENGTH = 32 + 16 + 32;

  /** Length of the wrapped key bundle: salt, nonce, ciphertext with tag. */
  public static final int WRAPPED_BUNDLE_LENGTH = 32 + 12 + 96 + 16;

  static final byte[] BUNDLE_INFO =
      "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII);
  static final byte[] ADV_SECRET_INFO = "adv_secret".getBytes(StandardCharsets.US_ASCII);

  /** What stage 3 sends and keeps: the wrapped key bundle and the new ADV secret. */
  public record KeyBundle(byte[] wrappedKeyBundle, byte[] advSecret) {
    public KeyBundle {
      wrappedKeyBundle = wrappedKeyBundle.clone();
      advSecret = advSecret.clone();
    }

    @Override
    public byte[] wrappedKeyBundle() {
      return wrappedKeyBundle.clone();
    }

    @Override
    public byte[] advSecret() {
      return advSecret.clone();
    }

    @Override
    public String toString() {
      return "KeyBundle[" + wrappedKeyBundle.length + " bytes]";
    }
  }

  private PairingCodeCrypto() {}

  /** PBKDF2-HMAC-SHA256 of the code's 8 ASCII characters: 131072 iterations, 32 bytes. */
  public static byte[] codeKey(PairingCode code, byte[] salt) {
    if (salt == null || salt.length != 32) {
      throw new IllegalArgumentException("PBKDF2 salt must be 32 bytes");
    }
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
    generator.init(code.value().getBytes(StandardCharsets.US_ASCII), salt, PBKDF2_ITERATIONS);
    return ((KeyParameter) generator.generateDerivedMacParameters(256)).getKey();
  }

  /**
   * Wraps the companion's ephemeral public key for {@code companion_hello}, drawing the salt (32
   * bytes) and then the IV (16 bytes) from {@code random}.
   */
  public static byte[] wrapEphemeral(
      PairingCode code, byte[] ephemeralPublicKey, SecureRandom random) {
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    byte[] iv = new byte[16];
    random.nextBytes(iv);
    return wrapEphemeral(code, ephemeralPublicKey, salt, iv);
  }

  /** {@code salt || iv || AES-256-CTR(codeKey(code, salt), iv, ephemeralPublicKey)}. */
  static byte[] wrapEphemeral(PairingCode code, byte[] ephemeralPublicKey, byte[] salt, byte[] iv) {
    if (ephemeralPublicKey == null || ephemeralPublicKey.length != 32) {
      throw new IllegalArgumentException("ephemeral public key must be 32 bytes");
    }
    if (iv.length != 16) {
      throw new IllegalArgumentException("CTR IV must be 16 bytes");
    }
    byte[] ciphertext = ctr(codeKey(code, salt), iv, ephemeralPublicKey);
    return concat(salt, iv, ciphertext);
  }

  /**
   * Unwraps an ephemeral public key wrapped by {@link #wrapEphemeral} (the primary's, from {@code
   * primary_hello}). Bytes after the first 80 are ignored.
   *
   * @throws CryptoException {@code bad_wrapped_key} if fewer than 80 bytes are given
   */
  public static byte[] unwrapEphemeral(PairingCode code, byte[] wrapped) {
    if (wrapped == null || wrapped.length < WRAPPED_EPHEMERAL_LENGTH) {
      throw new CryptoException(
          ErrorCode.BAD_WRAPPED_KEY, "wrapped ephemeral key must be at least 80 bytes");
    }
    byte[] salt = Arrays.copyOfRange(wrapped, 0, 32);
    byte[] iv = Arrays.copyOfRange(wrapped, 32, 48);
    byte[] ciphertext = Arrays.copyOfRange(wrapped, 48, 80);
    return ctr(codeKey(code, salt), iv, ciphertext);
  }

  /**
   * Stage 3: builds the key bundle for {@code companion_finish} and derives the new ADV secret.
   * Draws, in this order, the 32-byte ADV random, the 32-byte bundle salt and the 12-byte bundle
   * nonce from {@code random}.
   *
   * @param companionEphemeral the key pair whose public key went into {@code companion_hello}
   * @param identity the companion's Signal identity key pair
   * @param wrappedPrimaryEphemeral {@code link_code_pairing_wrapped_primary_ephemeral_pub}
   * @param primaryIdentityPublicKey {@code primary_identity_pub} (32 bytes)
   * @throws CryptoException if a key is malformed or an agreement is degenerate
   */
  public static KeyBundle companionFinish(
      PairingCode code,
      KeyPair companionEphemeral,
      KeyPair identity,
      byte[] wrappedPrimaryEphemeral,
      byte[] primaryIdentityPublicKey,
      SecureRandom random) {
    byte[] advRandom = new byte[32];
    random.nextBytes(advRandom);
    byte[] bundleSalt = new byte[32];
    random.nextBytes(bundleSalt);
    byte[] bundleNonce = new byte[12];
    random.nextBytes(bundleNonce);
    return companionFinish(
        code,
        companionEphemeral,
        identity,
        wrappedPrimaryEphemeral,
        primaryIdentityPublicKey,
        advRandom,
        bundleSalt,
        bundleNonce);
  }

  static KeyBundle companionFinish(
      PairingCode code,
      KeyPair companionEphemeral,
      KeyPair identity,
      byte[] wrappedPrimaryEphemeral,
      byte[] primaryIdentityPublicKey,
      byte[] advRandom,
      byte[] bundleSalt,
      byte[] bundleNonce) {
    if (primaryIdentityPublicKey == null || primaryIdentityPublicKey.length != 32) {
      throw new CryptoException(ErrorCode.BAD_PUBLIC_KEY, "primary identity key must be 32 bytes");
    }
    byte[] primaryEphemeral = unwrapEphemeral(code, wrappedPrimaryEphemeral);
    byte[] ephemeralShared = Curve.agree(primaryEphemeral, companionEphemeral.privateKey());
    byte[] bundleKey = bundleKey(ephemeralShared, bundleSalt);
    byte[] plaintext = concat(identity.publicKey(), primaryIdentityPublicKey, advRandom);
    byte[] ciphertext = gcmEncrypt(bundleKey, bundleNonce, plaintext);
    byte[] identityShared = Curve.agree(primaryIdentityPublicKey, identity.privateKey());
    byte[] advSecret = advSecret(ephemeralShared, identityShared, advRandom);
    return new KeyBundle(concat(bundleSalt, bundleNonce, ciphertext), advSecret);
  }

  /**
   * What the primary learns from {@code companion_finish}: the companion's identity key (from the
   * decrypted bundle) and the ADV secret both sides now share.
   */
  public record OpenedBundle(byte[] companionIdentityPublicKey, byte[] advSecret) {
    public OpenedBundle {
      companionIdentityPublicKey = companionIdentityPublicKey.clone();
      advSecret = advSecret.clone();
    }

    @Override
    public byte[] companionIdentityPublicKey() {
      return companionIdentityPublicKey.clone();
    }

    @Override
    public byte[] advSecret() {
      return advSecret.clone();
    }

    @Override
    public String toString() {
      return "OpenedBundle[]";
    }
  }

  /**
   * The primary's side of stage 3 (docs/protocol/pairing.md §4.4 read from the phone): decrypts the
   * companion's wrapped key bundle with the ephemeral agreement, checks that it names this
   * primary's identity key, and derives the same ADV secret the companion derived.
   *
   * @param primaryEphemeral the key pair whose public key went (wrapped) into {@code primary_hello}
   * @param primaryIdentity the primary's account identity key pair
   * @param companionEphemeralPublicKey the companion's ephemeral key, unwrapped with the code
   * @param wrappedKeyBundle {@code link_code_pairing_wrapped_key_bundle} (156 bytes)
   * @throws CryptoException {@code bad_key_bundle} when the bundle has the wrong size, does not
   *     decrypt (a wrong code gives a different ephemeral key, so the agreement differs), or names
   *     another primary
   */
  public static OpenedBundle openKeyBundle(
      KeyPair primaryEphemeral,
      KeyPair primaryIdentity,
      byte[] companionEphemeralPublicKey,
      byte[] wrappedKeyBundle) {
    if (wrappedKeyBundle == null || wrappedKeyBundle.length != WRAPPED_BUNDLE_LENGTH) {
      throw new CryptoException(ErrorCode.BAD_KEY_BUNDLE, "wrapped key bundle must be 156 bytes");
    }
    byte[] bundleSalt = Arrays.copyOfRange(wrappedKeyBundle, 0, 32);
    byte[] nonce = Arrays.copyOfRange(wrappedKeyBundle, 32, 44);
    byte[] ciphertext = Arrays.copyOfRange(wrappedKeyBundle, 44, wrappedKeyBundle.length);
    byte[] ephemeralShared =
        Curve.agree(companionEphemeralPublicKey, primaryEphemeral.privateKey());
    byte[] plaintext = gcmDecrypt(bundleKey(ephemeralShared, bundleSalt), nonce, ciphertext);
    byte[] companionIdentity = Arrays.copyOfRange(plaintext, 0, 32);
    byte[] namedPrimary = Arrays.copyOfRange(plaintext, 32, 64);
    byte[] advRandom = Arrays.copyOfRange(plaintext, 64, 96);
    if (!MessageDigest.isEqual(namedPrimary, primaryIdentity.publicKey())) {
      throw new CryptoException(
          ErrorCode.BAD_KEY_BUNDLE, "key bundle names another primary identity");
    }
    byte[] identityShared = Curve.agree(companionIdentity, primaryIdentity.privateKey());
    return new OpenedBundle(
        companionIdentity, advSecret(ephemeralShared, identityShared, advRandom));
  }

  /** HKDF-SHA256(ephemeral shared secret, salt, "link_code_pairing_key_bundle_encryption_key"). */
  static byte[] bundleKey(byte[] ephemeralShared, byte[] bundleSalt) {
    if (bundleSalt.length != 32) {
      throw new IllegalArgumentException("bundle salt must be 32 bytes");
    }
    return Hkdf.derive(ephemeralShared, bundleSalt, BUNDLE_INFO, 32);
  }

  /** HKDF-SHA256(ephemeral shared || identity shared || random, no salt, "adv_secret"). */
  static byte[] advSecret(byte[] ephemeralShared, byte[] identityShared, byte[] advRandom) {
    if (advRandom.length != 32) {
      throw new IllegalArgumentException("ADV random must be 32 bytes");
    }
    return Hkdf.derive(
        concat(ephemeralShared, identityShared, advRandom), null, ADV_SECRET_INFO, 32);
  }

  private static byte[] ctr(byte[] key, byte[] iv, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR unavailable", e);
    }
  }

  private static byte[] gcmEncrypt(byte[] key, byte[] nonce, byte[] plaintext) {
    if (nonce.length != 12) {
      throw new IllegalArgumentException("GCM nonce must be 12 bytes");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM unavailable", e);
    }
  }

  private static byte[] gcmDecrypt(byte[] key, byte[] nonce, byte[] ciphertext) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      return cipher.doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw new CryptoException(ErrorCode.BAD_KEY_BUNDLE, "key bundle does not decrypt");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM unavailable", e);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
