package dev.wagateway.core.internal.crypto;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.store.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.whispersystems.curve25519.Curve25519;
import org.whispersystems.curve25519.SecureRandomProvider;

/**
 * Curve25519 as WhatsApp and Signal use it: X25519 key agreement (BouncyCastle's RFC 7748 code) and
 * XEdDSA "curve25519" signatures over Montgomery keys: made by curve25519-java, verified with
 * BouncyCastle's Ed25519 (about twice as fast as curve25519-java's verification).
 *
 * <p>Randomness is injected: key generation draws 32 bytes from the given {@link SecureRandom} and
 * clamps them, so a deterministic source reproduces the interop vectors.
 */
public final class Curve {
  /** Signal's key-type prefix in front of a 32-byte public key. */
  public static final byte DJB_TYPE = 0x05;

  private Curve() {}

  /** Generates a key pair from 32 bytes of {@code random}, clamped. */
  public static KeyPair generateKeyPair(SecureRandom random) {
    byte[] priv = new byte[32];
    random.nextBytes(priv);
    return keyPairFromPrivate(priv);
  }

  /** Clamps {@code privateKey} (a copy) and derives its public key. */
  public static KeyPair keyPairFromPrivate(byte[] privateKey) {
    if (privateKey.length != 32) {
      throw new IllegalArgumentException("private key must be 32 bytes");
    }
    byte[] priv = privateKey.clone();
    priv[0] &= (byte) 248;
    priv[31] &= 127;
    priv[31] |= 64;
    byte[] pub = new byte[32];
    X25519.scalarMultBase(priv, 0, pub, 0);
    return new KeyPair(pub, priv);
  }

  /** X25519 shared secret. Rejects an all-zero result (a low-order public key). */
  public static byte[] agree(byte[] publicKey, byte[] privateKey) {
    byte[] pub = stripPrefix(publicKey);
    byte[] out = new byte[32];
    boolean ok = X25519.calculateAgreement(privateKey, 0, pub, 0, out, 0);
    if (!ok) {
      throw new CryptoException(
          ErrorCode.BAD_PUBLIC_KEY, "key agreement produced the all-zero secret");
    }
    return out;
  }

  /** XEdDSA signature of {@code message} (64 bytes), using 64 bytes drawn from {@code random}. */
  public static byte[] sign(byte[] privateKey, byte[] message, SecureRandom random) {
    return curve(random).calculateSignature(privateKey, message);
  }

  /** XEdDSA signature with fresh system randomness. */
  public static byte[] sign(byte[] privateKey, byte[] message) {
    return sign(privateKey, message, new SecureRandom());
  }

  /**
   * Verifies an XEdDSA signature. Accepts a 32-byte key or a 33-byte key with the 0x05 prefix. Any
   * signature that is not exactly 64 bytes is rejected.
   *
   * <p>The signature is the one Signal's {@code curve25519_sign} makes: an Ed25519 signature by the
   * Edwards form of the key, whose x sign bit rides in the top bit of the signature (a valid {@code
   * s} is below 2^253, so that bit is free). So the Montgomery {@code u} becomes the Edwards {@code
   * y = (u - 1) / (u + 1)}, that sign bit moves into the encoded key, and an ordinary Ed25519
   * verification follows. Where curve25519-java accepted an {@code s} at or above the group order
   * (a malleated copy of a valid signature), this one refuses it, as libsignal does today.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (signature == null || signature.length != 64 || publicKey == null || message == null) {
      return false;
    }
    byte[] pub;
    try {
      pub = stripPrefix(publicKey);
    } catch (CryptoException e) {
      return false;
    }
    byte[] edwardsKey = edwardsY(pub);
    edwardsKey[31] |= (byte) (signature[63] & 0x80);
    byte[] ed25519Signature = signature.clone();
    ed25519Signature[63] &= 0x7F;
    return Ed25519.verify(ed25519Signature, 0, edwardsKey, 0, message, 0, message.length);
  }

  /** The encoded Edwards y (sign bit clear) of the Montgomery u in {@code montgomery}. */
  private static byte[] edwardsY(byte[] montgomery) {
    int[] u = X25519Field.create();
    X25519Field.decode(montgomery, 0, u); // bit 255 ignored, as in X25519
    int[] one = X25519Field.create();
    X25519Field.one(one);
    int[] numerator = X25519Field.create();
    int[] denominator = X25519Field.create();
    X25519Field.sub(u, one, numerator);
    X25519Field.add(u, one, denominator);
    X25519Field.inv(denominator, denominator); // u = -1 gives 0, as curve25519-java's inversion
    int[] y = X25519Field.create();
    X25519Field.mul(numerator, denominator, y);
    X25519Field.normalize(y);
    byte[] out = new byte[32];
    X25519Field.encode(y, out, 0);
    return out;
  }

  /** The 33-byte Signal form: 0x05 followed by the 32-byte key. */
  public static byte[] withPrefix(byte[] publicKey) {
    if (publicKey.length == 33 && publicKey[0] == DJB_TYPE) {
      return publicKey.clone();
    }
    if (publicKey.length != 32) {
      throw new CryptoException(ErrorCode.BAD_PUBLIC_KEY, "public key must be 32 bytes");
    }
    byte[] out = new byte[33];
    out[0] = DJB_TYPE;
    System.arraycopy(publicKey, 0, out, 1, 32);
    return out;
  }

  /** The 32-byte key, from either the 32-byte form or the prefixed 33-byte form. */
  public static byte[] stripPrefix(byte[] publicKey) {
    if (publicKey.length == 32) {
      return publicKey.clone();
    }
    if (publicKey.length == 33 && publicKey[0] == DJB_TYPE) {
      return Arrays.copyOfRange(publicKey, 1, 33);
    }
    throw new CryptoException(
        ErrorCode.BAD_PUBLIC_KEY, "public key must be 32 bytes, or 33 with the 0x05 prefix");
  }

  private static Curve25519 curve(SecureRandom random) {
    SecureRandom source = random != null ? random : new SecureRandom();
    return Curve25519.getInstance(
        Curve25519.JAVA,
        new SecureRandomProvider() {
          @Override
          public void nextBytes(byte[] output) {
            source.nextBytes(output);
          }

          @Override
          public int nextInt(int maxValue) {
            return source.nextInt(maxValue);
          }
        });
  }
}
