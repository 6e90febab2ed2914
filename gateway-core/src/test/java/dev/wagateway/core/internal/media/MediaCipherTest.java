package dev.wagateway.core.internal.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaCipherTest {
  private static final byte[] MEDIA_KEY = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      MEDIA_KEY[i] = (byte) (i * 7 + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(MediaType.class)
  void keyExpansionMatchesAnIndependentHkdf(MediaType type) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(MEDIA_KEY, null, type.info().getBytes(StandardCharsets.US_ASCII)));
    byte[] expected = new byte[112];
    hkdf.generateBytes(expected, 0, 112);
    MediaKeys keys = MediaKeys.expand(MEDIA_KEY, type);
    assertArrayEquals(Arrays.copyOfRange(expected, 0, 16), keys.iv());
    assertArrayEquals(Arrays.copyOfRange(expected, 16, 48), keys.cipherKey());
    assertArrayEquals(Arrays.copyOfRange(expected, 48, 80), keys.macKey());
    assertArrayEquals(Arrays.copyOfRange(expected, 80, 112), keys.refKey());
  }

  @Test
  void infoStringsAndUploadPathsFollowTheDossier() {
    assertEquals("WhatsApp Image Keys", MediaType.IMAGE.info());
    assertEquals("WhatsApp Image Keys", MediaType.STICKER.info());
    assertEquals("WhatsApp Video Keys", MediaType.VIDEO.info());
    assertEquals("WhatsApp Audio Keys", MediaType.AUDIO.info());
    assertEquals("WhatsApp Document Keys", MediaType.DOCUMENT.info());
    assertEquals("WhatsApp History Keys", MediaType.HISTORY.info());
    assertEquals("image", MediaType.STICKER.mmsType());
    assertEquals("md-msg-hist", MediaType.HISTORY.mmsType());
    assertEquals("md-app-state", MediaType.APP_STATE.mmsType());
  }

  private static byte[] plaintext(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 65535, 65536, 65537, 300_001})
  void layoutIsCbcThenTruncatedHmacAndRoundTrips(int size) throws Exception {
    byte[] plain = plaintext(size);
    MediaKeys keys = MediaKeys.expand(MEDIA_KEY, MediaType.DOCUMENT);
    ByteArrayOutputStream blobOut = new ByteArrayOutputStream();
    MediaCipher.EncryptedMedia info =
        MediaCipher.encrypt(new ByteArrayInputStream(plain), blobOut, keys);
    byte[] blob = blobOut.toByteArray();

    // The layout, computed in one shot with the JDK.
    Cipher cbc = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cbc.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(keys.cipherKey(), "AES"),
        new IvParameterSpec(keys.iv()));
    byte[] ciphertext = cbc.doFinal(plain);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
    mac.update(keys.iv());
    byte[] tag = Arrays.copyOf(mac.doFinal(ciphertext), 10);
    byte[] expectedBlob = Arrays.copyOf(ciphertext, ciphertext.length + 10);
    System.arraycopy(tag, 0, expectedBlob, ciphertext.length, 10);
    assertArrayEquals(expectedBlob, blob);
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(plain), info.fileSha256());
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(blob), info.fileEncSha256());
    assertEquals(size, info.fileLength());
    assertEquals(blob.length, info.blobLength());

    MediaCipher.verify(new ByteArrayInputStream(blob), blob.length, keys, info.fileEncSha256());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n =
        MediaCipher.decrypt(
            new ByteArrayInputStream(blob), blob.length, keys, info.fileSha256(), out);
    assertEquals(size, n);
    assertArrayEquals(plain, out.toByteArray());
  }

  @Test
  void tamperedBlobsAreRejectedWithTypedErrors() throws Exception {
    byte[] plain = plaintext(1000);
    MediaKeys keys = MediaKeys.expand(MEDIA_KEY, MediaType.IMAGE);
    ByteArrayOutputStream blobOut = new ByteArrayOutputStream();
    MediaCipher.EncryptedMedia info =
        MediaCipher.encrypt(new ByteArrayInputStream(plain), blobOut, keys);
    byte[] blob = blobOut.toByteArray();

    byte[] flipped = blob.clone();
    flipped[100] ^= 0x40;
    CryptoException hash =
        assertThrows(
            CryptoException.class,
            () ->
                MediaCipher.verify(
                    new ByteArrayInputStream(flipped), flipped.length, keys, info.fileEncSha256()));
    assertEquals(ErrorCode.MEDIA_HASH_MISMATCH, hash.errorCode());

    // The same change with a matching blob hash (as a forger controlling the message could give):
    // the MAC still catches it.
    byte[] forgedHash = MessageDigest.getInstance("SHA-256").digest(flipped);
    CryptoException mac =
        assertThrows(
            CryptoException.class,
            () ->
                MediaCipher.verify(
                    new ByteArrayInputStream(flipped), flipped.length, keys, forgedHash));
    assertEquals(ErrorCode.MEDIA_MAC_MISMATCH, mac.errorCode());

    // A different key (wrong media type) fails the MAC too.
    CryptoException wrongKey =
        assertThrows(
            CryptoException.class,
            () ->
                MediaCipher.verify(
                    new ByteArrayInputStream(blob),
                    blob.length,
                    MediaKeys.expand(MEDIA_KEY, MediaType.VIDEO),
                    info.fileEncSha256()));
    assertEquals(ErrorCode.MEDIA_MAC_MISMATCH, wrongKey.errorCode());

    byte[] wrongPlainHash = info.fileSha256();
    wrongPlainHash[0] ^= 1;
    CryptoException plainHash =
        assertThrows(
            CryptoException.class,
            () ->
                MediaCipher.decrypt(
                    new ByteArrayInputStream(blob),
                    blob.length,
                    keys,
                    wrongPlainHash,
                    new ByteArrayOutputStream()));
    assertEquals(ErrorCode.MEDIA_HASH_MISMATCH, plainHash.errorCode());

    CryptoException shortBlob =
        assertThrows(
            CryptoException.class,
            () -> MediaCipher.verify(new ByteArrayInputStream(new byte[10]), 10, keys, null));
    assertEquals(ErrorCode.MEDIA_TRUNCATED, shortBlob.errorCode());

    byte[] cut = Arrays.copyOf(blob, blob.length - 3);
    CryptoException truncated =
        assertThrows(
            CryptoException.class,
            () ->
                MediaCipher.verify(
                    new ByteArrayInputStream(cut), blob.length, keys, info.fileEncSha256()));
    assertEquals(ErrorCode.MEDIA_TRUNCATED, truncated.errorCode());
  }
}
