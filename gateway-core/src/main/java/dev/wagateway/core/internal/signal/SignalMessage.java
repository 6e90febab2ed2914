package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.ErrorCode.INVALID_MESSAGE;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.proto.SignalWireProtos;
import java.util.Arrays;

/**
 * A "msg": {@code 0x33 ‖ SignalMessage protobuf ‖ MAC(8)}, the MAC being the first 8 bytes of
 * HMAC-SHA256(macKey, senderIdentity33 ‖ receiverIdentity33 ‖ 0x33 ‖ protobuf).
 */
final class SignalMessage {
  static final int CURRENT_VERSION = 3;
  static final byte VERSION_BYTE = (byte) ((CURRENT_VERSION << 4) | CURRENT_VERSION);
  static final int MAC_LENGTH = 8;

  private final byte[] ratchetKey;
  private final int counter;
  private final int previousCounter;
  private final byte[] ciphertext;
  private final byte[] serialized;

  private SignalMessage(
      byte[] ratchetKey, int counter, int previousCounter, byte[] ciphertext, byte[] serialized) {
    this.ratchetKey = ratchetKey;
    this.counter = counter;
    this.previousCounter = previousCounter;
    this.ciphertext = ciphertext;
    this.serialized = serialized;
  }

  /** Builds and MACs a message written by {@code senderIdentity} for {@code receiverIdentity}. */
  static SignalMessage create(
      byte[] macKey,
      byte[] senderIdentity,
      byte[] receiverIdentity,
      byte[] ratchetKey,
      int counter,
      int previousCounter,
      byte[] ciphertext) {
    byte[] body =
        SignalWireProtos.SignalMessage.newBuilder()
            .setRatchetKey(ByteString.copyFrom(ratchetKey))
            .setCounter(counter)
            .setPreviousCounter(previousCounter)
            .setCiphertext(ByteString.copyFrom(ciphertext))
            .build()
            .toByteArray();
    byte[] versioned = new byte[1 + body.length];
    versioned[0] = VERSION_BYTE;
    System.arraycopy(body, 0, versioned, 1, body.length);
    byte[] mac = mac(macKey, senderIdentity, receiverIdentity, versioned);
    byte[] serialized = Arrays.copyOf(versioned, versioned.length + MAC_LENGTH);
    System.arraycopy(mac, 0, serialized, versioned.length, MAC_LENGTH);
    return new SignalMessage(ratchetKey.clone(), counter, previousCounter, ciphertext, serialized);
  }

  static SignalMessage parse(byte[] serialized) {
    if (serialized == null || serialized.length < 1 + MAC_LENGTH + 1) {
      throw new CryptoException(INVALID_MESSAGE, "SignalMessage too short");
    }
    checkVersion(serialized[0]);
    SignalWireProtos.SignalMessage proto;
    try {
      proto =
          SignalWireProtos.SignalMessage.parseFrom(
              Arrays.copyOfRange(serialized, 1, serialized.length - MAC_LENGTH));
    } catch (InvalidProtocolBufferException e) {
      throw new CryptoException(INVALID_MESSAGE, "SignalMessage protobuf is malformed", e);
    }
    if (!proto.hasRatchetKey() || !proto.hasCounter() || !proto.hasCiphertext()) {
      throw new CryptoException(INVALID_MESSAGE, "SignalMessage lacks a required field");
    }
    byte[] ratchetKey = proto.getRatchetKey().toByteArray();
    checkPublicKey(ratchetKey, "ratchet key");
    return new SignalMessage(
        ratchetKey,
        proto.getCounter(),
        proto.getPreviousCounter(),
        proto.getCiphertext().toByteArray(),
        serialized.clone());
  }

  /** Checks the version byte: the high nibble (message version) and low nibble must be 3. */
  static void checkVersion(byte versionByte) {
    int current = (versionByte & 0xFF) >>> 4;
    int min = versionByte & 0x0F;
    if (current != CURRENT_VERSION || min > CURRENT_VERSION) {
      throw new CryptoException(
          INVALID_MESSAGE, "unsupported Signal message version " + current + "." + min);
    }
  }

  /** Wire keys are the 33-byte DJB form: 0x05 followed by 32 bytes. */
  static void checkPublicKey(byte[] key, String what) {
    if (key.length != 33 || key[0] != 0x05) {
      throw new CryptoException(INVALID_MESSAGE, what + " is not a 33-byte 0x05 key");
    }
  }

  boolean verifyMac(byte[] senderIdentity, byte[] receiverIdentity, byte[] macKey) {
    byte[] versioned = Arrays.copyOf(serialized, serialized.length - MAC_LENGTH);
    byte[] expected = mac(macKey, senderIdentity, receiverIdentity, versioned);
    byte[] actual =
        Arrays.copyOfRange(serialized, serialized.length - MAC_LENGTH, serialized.length);
    return SignalCrypto.equal(expected, actual);
  }

  private static byte[] mac(
      byte[] macKey, byte[] senderIdentity, byte[] receiverIdentity, byte[] versioned) {
    byte[] full = SignalCrypto.hmacSha256(macKey, senderIdentity, receiverIdentity, versioned);
    return Arrays.copyOf(full, MAC_LENGTH);
  }

  byte[] ratchetKey() {
    return ratchetKey.clone();
  }

  /** The counter as an unsigned 32-bit value. */
  long counter() {
    return Integer.toUnsignedLong(counter);
  }

  long previousCounter() {
    return Integer.toUnsignedLong(previousCounter);
  }

  byte[] ciphertext() {
    return ciphertext.clone();
  }

  byte[] serialize() {
    return serialized.clone();
  }
}
