package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.ErrorCode.INVALID_MESSAGE;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.proto.SignalWireProtos;
import java.util.Arrays;

/** The "axolotl" bytes of a SenderKeyDistributionMessage: {@code 0x33 ‖ protobuf}, unsigned. */
record SenderKeyDistributionMessage(int keyId, int iteration, byte[] chainKey, byte[] signingKey) {
  SenderKeyDistributionMessage {
    chainKey = chainKey.clone();
    signingKey = signingKey.clone();
  }

  @Override
  public byte[] chainKey() {
    return chainKey.clone();
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  byte[] serialize() {
    byte[] body =
        SignalWireProtos.SenderKeyDistributionMessage.newBuilder()
            .setId(keyId)
            .setIteration(iteration)
            .setChainKey(ByteString.copyFrom(chainKey))
            .setSigningKey(ByteString.copyFrom(signingKey))
            .build()
            .toByteArray();
    byte[] out = new byte[1 + body.length];
    out[0] = SignalMessage.VERSION_BYTE;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  static SenderKeyDistributionMessage parse(byte[] serialized) {
    if (serialized == null || serialized.length < 2) {
      throw new CryptoException(INVALID_MESSAGE, "SenderKeyDistributionMessage too short");
    }
    SignalMessage.checkVersion(serialized[0]);
    SignalWireProtos.SenderKeyDistributionMessage proto;
    try {
      proto =
          SignalWireProtos.SenderKeyDistributionMessage.parseFrom(
              Arrays.copyOfRange(serialized, 1, serialized.length));
    } catch (InvalidProtocolBufferException e) {
      throw new CryptoException(
          INVALID_MESSAGE, "SenderKeyDistributionMessage protobuf is malformed", e);
    }
    if (!proto.hasId() || !proto.hasIteration() || !proto.hasChainKey() || !proto.hasSigningKey()) {
      throw new CryptoException(
          INVALID_MESSAGE, "SenderKeyDistributionMessage lacks a required field");
    }
    byte[] chainKey = proto.getChainKey().toByteArray();
    if (chainKey.length != 32) {
      throw new CryptoException(INVALID_MESSAGE, "sender chain key must be 32 bytes");
    }
    byte[] signingKey = proto.getSigningKey().toByteArray();
    SignalMessage.checkPublicKey(signingKey, "signing key");
    return new SenderKeyDistributionMessage(
        proto.getId(), proto.getIteration(), chainKey, signingKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SenderKeyDistributionMessage m
        && keyId == m.keyId
        && iteration == m.iteration
        && Arrays.equals(chainKey, m.chainKey)
        && Arrays.equals(signingKey, m.signingKey);
  }

  @Override
  public int hashCode() {
    return keyId * 31 + iteration;
  }

  @Override
  public String toString() {
    return "SenderKeyDistributionMessage[keyId=" + keyId + ", iteration=" + iteration + "]";
  }
}
