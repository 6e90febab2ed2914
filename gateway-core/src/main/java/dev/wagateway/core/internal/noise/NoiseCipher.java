package dev.wagateway.core.internal.noise;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.wire.WireException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The transport cipher after the Noise split (docs/protocol/transport.md §3.7): AES-256-GCM, one
 * key and one uint32 counter per direction, both counters from 0, IV = 8 zero bytes ‖ counter BE,
 * empty AAD.
 *
 * <p>Thread-safe: {@link #encrypt} and {@link #decrypt} each hold their own direction's lock, so a
 * writer and a reader never wait for each other while counter order always equals call order within
 * a direction. The caller must put frames on the wire in the order {@code encrypt} returned them
 * (hold a send lock around encrypt + write).
 */
public final class NoiseCipher {
  private final Direction writer;
  private final Direction reader;

  private NoiseCipher(byte[] writeKey, byte[] readKey) {
    this.writer = new Direction(writeKey);
    this.reader = new Direction(readKey);
  }

  /** The client's cipher: writes with the client write key, reads with the client read key. */
  public static NoiseCipher forInitiator(Keys keys) {
    return new NoiseCipher(keys.clientWrite(), keys.clientRead());
  }

  /** The server's cipher: the same two keys swapped. */
  public static NoiseCipher forResponder(Keys keys) {
    return new NoiseCipher(keys.clientRead(), keys.clientWrite());
  }

  /** Encrypts one outgoing frame payload with the write key and the next write counter. */
  public byte[] encrypt(byte[] plaintext) {
    synchronized (writer) {
      long counter = writer.next();
      if (counter < 0) {
        throw new CryptoException(ErrorCode.NONCE_EXHAUSTED, "transport write counter exhausted");
      }
      return Aead.seal(writer.cipher, writer.key, counter, null, plaintext);
    }
  }

  /**
   * Decrypts one incoming frame payload with the read key and the next read counter. The counter
   * advances even when the tag does not verify, as both reference clients do.
   *
   * @throws WireException code {@code decrypt_failed} when the frame does not authenticate
   */
  public byte[] decrypt(byte[] ciphertext) throws WireException {
    synchronized (reader) {
      long counter = reader.next();
      if (counter < 0) {
        throw new WireException("decrypt_failed", "transport read counter exhausted");
      }
      try {
        return Aead.open(reader.cipher, reader.key, counter, null, ciphertext);
      } catch (AEADBadTagException e) {
        throw new WireException(
            "decrypt_failed", "transport frame " + counter + " did not authenticate", e);
      }
    }
  }

  /** The output of the Noise split, named from the client's (initiator's) side. */
  public record Keys(byte[] clientWrite, byte[] clientRead) {
    public Keys {
      if (clientWrite == null || clientWrite.length != 32) {
        throw new IllegalArgumentException("client write key must be 32 bytes");
      }
      if (clientRead == null || clientRead.length != 32) {
        throw new IllegalArgumentException("client read key must be 32 bytes");
      }
      clientWrite = clientWrite.clone();
      clientRead = clientRead.clone();
    }

    @Override
    public byte[] clientWrite() {
      return clientWrite.clone();
    }

    @Override
    public byte[] clientRead() {
      return clientRead.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Keys other
          && MessageDigest.isEqual(clientWrite, other.clientWrite)
          && MessageDigest.isEqual(clientRead, other.clientRead);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(clientWrite);
    }

    @Override
    public String toString() {
      return "Keys[…]";
    }
  }

  /** One direction's key, cipher instance and counter; guarded by its own monitor. */
  private static final class Direction {
    private final SecretKeySpec key;
    private final Cipher cipher = Aead.newCipher();
    private long counter;

    Direction(byte[] key) {
      this.key = Aead.key(key);
    }

    /** The counter to use now, or -1 once all 2^32 values are spent. */
    long next() {
      if (counter > Aead.MAX_COUNTER) {
        return -1;
      }
      return counter++;
    }
  }
}
