package dev.wagateway.core.internal.media;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The media encryption layout (docs/protocol/messaging.md §5.2): blob =
 * AES-256-CBC-PKCS7(cipherKey, iv, plaintext) ‖ first 10 bytes of HMAC-SHA256(macKey, iv ‖
 * ciphertext). Everything streams in fixed chunks, so memory stays bounded whatever the file size.
 */
final class MediaCipher {
  /** Length of the truncated MAC at the end of a blob. */
  public static final int MAC_LENGTH = 10;

  private static final int CHUNK = 64 * 1024;

  private MediaCipher() {}

  /**
   * Encrypts {@code plaintext} into {@code blob} and reports the hashes for the message.
   *
   * @throws IOException when reading or writing fails
   */
  public static EncryptedMedia encrypt(InputStream plaintext, OutputStream blob, MediaKeys keys)
      throws IOException {
    Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys);
    Mac mac = mac(keys);
    MessageDigest plainHash = sha256();
    MessageDigest blobHash = sha256();
    byte[] buf = new byte[CHUNK];
    long plainLength = 0;
    long blobLength = 0;
    int n;
    while ((n = plaintext.read(buf)) != -1) {
      plainHash.update(buf, 0, n);
      plainLength += n;
      byte[] out = cipher.update(buf, 0, n);
      if (out != null && out.length > 0) {
        mac.update(out);
        blobHash.update(out);
        blob.write(out);
        blobLength += out.length;
      }
    }
    byte[] last;
    try {
      last = cipher.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC encryption failed", e);
    }
    mac.update(last);
    blobHash.update(last);
    blob.write(last);
    byte[] tag = Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
    blobHash.update(tag);
    blob.write(tag);
    blobLength += last.length + MAC_LENGTH;
    return new EncryptedMedia(plainHash.digest(), blobHash.digest(), plainLength, blobLength);
  }

  /**
   * Checks a downloaded blob before anything is decrypted: its length, SHA-256 against {@code
   * fileEncSha256}, and the MAC. Reads the stream to its end.
   *
   * @throws CryptoException {@code media_truncated}, {@code media_hash_mismatch}, {@code
   *     media_mac_mismatch}
   */
  public static void verify(InputStream blob, long blobLength, MediaKeys keys, byte[] fileEncSha256)
      throws IOException {
    if (blobLength <= MAC_LENGTH) {
      throw new CryptoException(ErrorCode.MEDIA_TRUNCATED, "media blob is too short");
    }
    Mac mac = mac(keys);
    MessageDigest blobHash = sha256();
    long ciphertextLength = blobLength - MAC_LENGTH;
    byte[] buf = new byte[CHUNK];
    long read = 0;
    byte[] tag = new byte[MAC_LENGTH];
    int n;
    while ((n = blob.read(buf)) != -1) {
      blobHash.update(buf, 0, n);
      long tagFrom = Math.max(read, ciphertextLength);
      long tagTo = Math.min(read + n, blobLength);
      if (tagFrom < tagTo) {
        System.arraycopy(
            buf,
            (int) (tagFrom - read),
            tag,
            (int) (tagFrom - ciphertextLength),
            (int) (tagTo - tagFrom));
      }
      long macPart = Math.max(0, Math.min(n, ciphertextLength - read));
      mac.update(buf, 0, (int) macPart);
      read += n;
    }
    if (read != blobLength) {
      throw new CryptoException(
          ErrorCode.MEDIA_TRUNCATED, "media blob length changed while reading");
    }
    if (fileEncSha256 != null && !MessageDigest.isEqual(blobHash.digest(), fileEncSha256)) {
      throw new CryptoException(ErrorCode.MEDIA_HASH_MISMATCH, "media blob SHA-256 does not match");
    }
    if (!MessageDigest.isEqual(Arrays.copyOf(mac.doFinal(), MAC_LENGTH), tag)) {
      throw new CryptoException(ErrorCode.MEDIA_MAC_MISMATCH, "media blob MAC does not match");
    }
  }

  /**
   * Decrypts a blob that {@link #verify} accepted into {@code plaintext}, then checks the
   * plaintext's SHA-256 against {@code fileSha256}. On a failure the output holds garbage and must
   * be discarded.
   *
   * @return the plaintext length
   * @throws CryptoException {@code media_decrypt_failed}, {@code media_hash_mismatch}
   */
  public static long decrypt(
      InputStream blob, long blobLength, MediaKeys keys, byte[] fileSha256, OutputStream plaintext)
      throws IOException {
    if (blobLength <= MAC_LENGTH) {
      throw new CryptoException(ErrorCode.MEDIA_TRUNCATED, "media blob is too short");
    }
    Cipher cipher = cipher(Cipher.DECRYPT_MODE, keys);
    MessageDigest plainHash = sha256();
    long remaining = blobLength - MAC_LENGTH;
    byte[] buf = new byte[CHUNK];
    long written = 0;
    while (remaining > 0) {
      int n = blob.read(buf, 0, (int) Math.min(buf.length, remaining));
      if (n == -1) {
        throw new CryptoException(ErrorCode.MEDIA_TRUNCATED, "media blob ended early");
      }
      remaining -= n;
      byte[] out = cipher.update(buf, 0, n);
      if (out != null && out.length > 0) {
        plainHash.update(out);
        plaintext.write(out);
        written += out.length;
      }
    }
    byte[] last;
    try {
      last = cipher.doFinal();
    } catch (BadPaddingException | IllegalBlockSizeException e) {
      throw new CryptoException(ErrorCode.MEDIA_DECRYPT_FAILED, "media blob does not decrypt", e);
    }
    plainHash.update(last);
    plaintext.write(last);
    written += last.length;
    if (fileSha256 != null && !MessageDigest.isEqual(plainHash.digest(), fileSha256)) {
      throw new CryptoException(
          ErrorCode.MEDIA_HASH_MISMATCH, "media plaintext SHA-256 does not match");
    }
    return written;
  }

  private static Cipher cipher(int mode, MediaKeys keys) {
    try {
      Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
      c.init(mode, new SecretKeySpec(keys.cipherKey(), "AES"), new IvParameterSpec(keys.iv()));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC unavailable", e);
    }
  }

  private static Mac mac(MediaKeys keys) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
      m.update(keys.iv());
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * The facts an encrypted upload contributes to its message.
   *
   * @param fileSha256 SHA-256 of the plaintext
   * @param fileEncSha256 SHA-256 of the blob (ciphertext ‖ MAC)
   * @param fileLength plaintext length
   * @param blobLength blob length
   */
  public record EncryptedMedia(
      byte[] fileSha256, byte[] fileEncSha256, long fileLength, long blobLength) {
    public EncryptedMedia {
      fileSha256 = fileSha256.clone();
      fileEncSha256 = fileEncSha256.clone();
    }

    @Override
    public byte[] fileSha256() {
      return fileSha256.clone();
    }

    @Override
    public byte[] fileEncSha256() {
      return fileEncSha256.clone();
    }
  }
}
