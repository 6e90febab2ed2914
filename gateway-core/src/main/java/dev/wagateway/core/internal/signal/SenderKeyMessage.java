package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.ErrorCode.INVALID_MESSAGE;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.SignalWireProtos;
import java.security.SecureRandom;
import java.util.Arrays;

/** An "skmsg": {@code 0x33 ‖ SenderKeyMessage protobuf ‖ XEdDSA signature(64)}. */
final class SenderKeyMessage {
  static final int SIGNATURE_LENGTH = 64;

  private final int keyId;
  private final int iteration;
  private final byte[] ciphertext;
  private final byte[] serialized;

  private SenderKeyMessage(int keyId, int iteration, byte[] ciphertext, byte[] serialized) {
    this.keyId = keyId;
    this.iteration = iteration;
    this.ciphertext = ciphertext;
    this.serialized = serialized;
  }

  static SenderKeyMessage create(
      int keyId, int iteration, byte[] ciphertext, byte[] signingPrivate, SecureRandom random) {
    byte[] body =
        SignalWireProtos.SenderKeyMessage.newBuilder()
            .setId(keyId)
            .setIteration(iteration)
            .setCiphertext(ByteString.copyFrom(ciphertext))
            .build()
            .toByteArray();
    byte[] signed = new byte[1 + body.length];
    signed[0] = SignalMessage.VERSION_BYTE;
    System.arraycopy(body, 0, signed, 1, body.length);
    byte[] signature = Curve.sign(signingPrivate, signed, random);
    byte[] serialized = Arrays.copyOf(signed, signed.length + SIGNATURE_LENGTH);
    System.arraycopy(signature, 0, serialized, signed.length, SIGNATURE_LENGTH);
    return new SenderKeyMessage(keyId, iteration, ciphertext.clone(), serialized);
  }

  static SenderKeyMessage parse(byte[] serialized) {
    if (serialized == null || serialized.length < 1 + SIGNATURE_LENGTH + 1) {
      throw new CryptoException(INVALID_MESSAGE, "SenderKeyMessage too short");
    }
    SignalMessage.checkVersion(serialized[0]);
    SignalWireProtos.SenderKeyMessage proto;
    try {
      proto =
          SignalWireProtos.SenderKeyMessage.parseFrom(
              Arrays.copyOfRange(serialized, 1, serialized.length - SIGNATURE_LENGTH));
    } catch (InvalidProtocolBufferException e) {
      throw new CryptoException(INVALID_MESSAGE, "SenderKeyMessage protobuf is malformed", e);
    }
    if (!proto.hasId() || !proto.hasIteration() || !proto.hasCiphertext()) {
      throw new CryptoException(INVALID_MESSAGE, "SenderKeyMessage lacks a required field");
    }
    return new SenderKeyMessage(
        proto.getId(),
        proto.getIteration(),
        proto.getCiphertext().toByteArray(),
        serialized.clone());
  }

  boolean verifySignature(byte[] signingPublic) {
    byte[] signed = Arrays.copyOf(serialized, serialized.length - SIGNATURE_LENGTH);
    byte[] signature =
        Arrays.copyOfRange(serialized, serialized.length - SIGNATURE_LENGTH, serialized.length);
    return Curve.verify(signingPublic, signed, signature);
  }

  int keyId() {
    return keyId;
  }

  long iteration() {
    return Integer.toUnsignedLong(iteration);
  }

  byte[] ciphertext() {
    return ciphertext.clone();
  }

  byte[] serialize() {
    return serialized.clone();
  }
}
