package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.ErrorCode.INVALID_MESSAGE;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.proto.SignalWireProtos;
import java.util.Arrays;
import java.util.OptionalInt;

/** A "pkmsg": {@code 0x33 ‖ PreKeySignalMessage protobuf}, wrapping a complete SignalMessage. */
final class PreKeySignalMessage {
  private final int registrationId;
  private final OptionalInt preKeyId;
  private final int signedPreKeyId;
  private final byte[] baseKey;
  private final byte[] identityKey;
  private final SignalMessage message;
  private final byte[] serialized;

  private PreKeySignalMessage(
      int registrationId,
      OptionalInt preKeyId,
      int signedPreKeyId,
      byte[] baseKey,
      byte[] identityKey,
      SignalMessage message,
      byte[] serialized) {
    this.registrationId = registrationId;
    this.preKeyId = preKeyId;
    this.signedPreKeyId = signedPreKeyId;
    this.baseKey = baseKey;
    this.identityKey = identityKey;
    this.message = message;
    this.serialized = serialized;
  }

  static PreKeySignalMessage create(
      int registrationId,
      OptionalInt preKeyId,
      int signedPreKeyId,
      byte[] baseKey,
      byte[] identityKey,
      SignalMessage message) {
    SignalWireProtos.PreKeySignalMessage.Builder builder =
        SignalWireProtos.PreKeySignalMessage.newBuilder()
            .setRegistrationId(registrationId)
            .setSignedPreKeyId(signedPreKeyId)
            .setBaseKey(ByteString.copyFrom(baseKey))
            .setIdentityKey(ByteString.copyFrom(identityKey))
            .setMessage(ByteString.copyFrom(message.serialize()));
    preKeyId.ifPresent(builder::setPreKeyId);
    byte[] body = builder.build().toByteArray();
    byte[] serialized = new byte[1 + body.length];
    serialized[0] = SignalMessage.VERSION_BYTE;
    System.arraycopy(body, 0, serialized, 1, body.length);
    return new PreKeySignalMessage(
        registrationId,
        preKeyId,
        signedPreKeyId,
        baseKey.clone(),
        identityKey.clone(),
        message,
        serialized);
  }

  static PreKeySignalMessage parse(byte[] serialized) {
    if (serialized == null || serialized.length < 2) {
      throw new CryptoException(INVALID_MESSAGE, "PreKeySignalMessage too short");
    }
    SignalMessage.checkVersion(serialized[0]);
    SignalWireProtos.PreKeySignalMessage proto;
    try {
      proto =
          SignalWireProtos.PreKeySignalMessage.parseFrom(
              Arrays.copyOfRange(serialized, 1, serialized.length));
    } catch (InvalidProtocolBufferException e) {
      throw new CryptoException(INVALID_MESSAGE, "PreKeySignalMessage protobuf is malformed", e);
    }
    if (!proto.hasBaseKey()
        || !proto.hasIdentityKey()
        || !proto.hasMessage()
        || !proto.hasSignedPreKeyId()) {
      throw new CryptoException(INVALID_MESSAGE, "PreKeySignalMessage lacks a required field");
    }
    byte[] baseKey = proto.getBaseKey().toByteArray();
    byte[] identityKey = proto.getIdentityKey().toByteArray();
    SignalMessage.checkPublicKey(baseKey, "base key");
    SignalMessage.checkPublicKey(identityKey, "identity key");
    // Prekey ids start at 1; like the Go port we read 0 as "no one-time prekey".
    OptionalInt preKeyId =
        proto.hasPreKeyId() && proto.getPreKeyId() != 0
            ? OptionalInt.of(proto.getPreKeyId())
            : OptionalInt.empty();
    return new PreKeySignalMessage(
        proto.getRegistrationId(),
        preKeyId,
        proto.getSignedPreKeyId(),
        baseKey,
        identityKey,
        SignalMessage.parse(proto.getMessage().toByteArray()),
        serialized.clone());
  }

  int registrationId() {
    return registrationId;
  }

  OptionalInt preKeyId() {
    return preKeyId;
  }

  int signedPreKeyId() {
    return signedPreKeyId;
  }

  byte[] baseKey() {
    return baseKey.clone();
  }

  byte[] identityKey() {
    return identityKey.clone();
  }

  SignalMessage message() {
    return message;
  }

  byte[] serialize() {
    return serialized.clone();
  }
}
