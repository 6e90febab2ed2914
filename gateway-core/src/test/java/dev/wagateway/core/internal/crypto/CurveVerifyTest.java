package dev.wagateway.core.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.store.KeyPair;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.whispersystems.curve25519.Curve25519;

/**
 * {@link Curve#verify} (BouncyCastle's Ed25519 over the Edwards form of the key) gives the answer
 * of curve25519-java's own verification, which it replaced, for valid and tampered signatures.
 */
class CurveVerifyTest {
  private static final BigInteger GROUP_ORDER =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private final SecureRandom random = new SecureRandom(new byte[] {42});
  private final Curve25519 reference = Curve25519.getInstance(Curve25519.JAVA);

  @Test
  void agreesWithCurve25519JavaOnValidAndTamperedSignatures() {
    int valid = 0;
    int tampered = 0;
    for (int i = 0; i < 400; i++) {
      KeyPair key = Curve.generateKeyPair(random);
      byte[] message = new byte[random.nextInt(200)];
      random.nextBytes(message);
      byte[] signature = Curve.sign(key.privateKey(), message, random);
      assertTrue(Curve.verify(key.publicKey(), message, signature), "valid signature " + i);
      assertTrue(reference.verifySignature(key.publicKey(), message, signature));
      assertTrue(Curve.verify(Curve.withPrefix(key.publicKey()), message, signature));
      valid++;

      byte[] badSignature = signature.clone();
      badSignature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
      assertEquals(
          reference.verifySignature(key.publicKey(), message, badSignature),
          Curve.verify(key.publicKey(), message, badSignature),
          "flipped signature bit, case " + i);
      assertFalse(Curve.verify(key.publicKey(), message, badSignature));
      if (message.length > 0) {
        byte[] badMessage = message.clone();
        badMessage[random.nextInt(message.length)] ^= 1;
        assertFalse(Curve.verify(key.publicKey(), badMessage, signature));
        assertFalse(reference.verifySignature(key.publicKey(), badMessage, signature));
      }
      byte[] otherKey = Curve.generateKeyPair(random).publicKey();
      assertFalse(Curve.verify(otherKey, message, signature));
      assertFalse(reference.verifySignature(otherKey, message, signature));
      tampered++;
    }
    assertEquals(400, valid);
    assertEquals(400, tampered);
  }

  @Test
  void theKeysTopBitIsIgnoredAsInX25519() {
    KeyPair key = Curve.generateKeyPair(random);
    byte[] message = "details".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] signature = Curve.sign(key.privateKey(), message, random);
    byte[] highBit = key.publicKey();
    highBit[31] |= (byte) 0x80;
    assertEquals(
        reference.verifySignature(highBit, message, signature),
        Curve.verify(highBit, message, signature));
    assertTrue(Curve.verify(highBit, message, signature));
  }

  @Test
  void malformedInputIsRejectedNotThrown() {
    KeyPair key = Curve.generateKeyPair(random);
    byte[] message = {1, 2, 3};
    byte[] signature = Curve.sign(key.privateKey(), message, random);
    assertFalse(Curve.verify(key.publicKey(), message, Arrays.copyOf(signature, 63)));
    assertFalse(Curve.verify(key.publicKey(), message, Arrays.copyOf(signature, 65)));
    assertFalse(Curve.verify(Arrays.copyOf(key.publicKey(), 31), message, signature));
    assertFalse(Curve.verify(null, message, signature));
    assertFalse(Curve.verify(key.publicKey(), null, signature));
    assertFalse(Curve.verify(key.publicKey(), message, null));
    assertFalse(Curve.verify(key.publicKey(), message, new byte[64]));
  }

  /**
   * s + L (the group order) satisfies the same equation; curve25519-java accepted that malleated
   * copy, BouncyCastle (and libsignal) require s below L.
   */
  @Test
  void aMalleatedScalarIsRefused() {
    KeyPair key = Curve.generateKeyPair(random);
    byte[] message = {9, 8, 7};
    for (int i = 0; i < 50; i++) {
      byte[] signature = Curve.sign(key.privateKey(), message, random);
      byte[] s = Arrays.copyOfRange(signature, 32, 64);
      int signBit = s[31] & 0x80;
      s[31] &= 0x7F;
      BigInteger malleated = littleEndian(s).add(GROUP_ORDER);
      if (malleated.bitLength() > 253) {
        continue; // would touch the sign bit: not a signature either implementation accepts
      }
      byte[] forged = signature.clone();
      byte[] encoded = toLittleEndian(malleated);
      encoded[31] |= (byte) signBit;
      System.arraycopy(encoded, 0, forged, 32, 32);
      assertTrue(reference.verifySignature(key.publicKey(), message, forged));
      assertFalse(Curve.verify(key.publicKey(), message, forged));
      return;
    }
    throw new AssertionError("no signature with a small enough s in 50 tries");
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] big = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      big[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, big);
  }

  private static byte[] toLittleEndian(BigInteger value) {
    byte[] out = new byte[32];
    byte[] big = value.toByteArray();
    for (int i = 0; i < big.length && i < 33; i++) {
      int index = big.length - 1 - i;
      if (i < 32) {
        out[i] = big[index];
      }
    }
    return out;
  }
}
