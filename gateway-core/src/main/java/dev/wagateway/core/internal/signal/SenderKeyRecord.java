package dev.wagateway.core.internal.signal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.proto.SignalStorageProtos.SenderKeyRecordStructure;
import dev.wagateway.core.internal.proto.SignalStorageProtos.SenderKeyStateStructure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sender-key states of one (group, sender device), newest first, at most {@link #MAX_STATES}.
 */
final class SenderKeyRecord {
  /** States kept per record (libsignal: 5); the oldest is dropped. */
  static final int MAX_STATES = 5;

  private final List<SenderKeyState> states = new ArrayList<>();

  SenderKeyRecord() {}

  static SenderKeyRecord deserialize(byte[] bytes) {
    try {
      SenderKeyRecord record = new SenderKeyRecord();
      for (SenderKeyStateStructure s :
          SenderKeyRecordStructure.parseFrom(bytes).getSenderKeyStatesList()) {
        record.states.add(SenderKeyState.fromProto(s));
      }
      return record;
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new CryptoException(ErrorCode.CORRUPT_RECORD, "stored sender key record is corrupt", e);
    }
  }

  byte[] serialize() {
    SenderKeyRecordStructure.Builder b = SenderKeyRecordStructure.newBuilder();
    for (SenderKeyState s : states) {
      b.addSenderKeyStates(s.toProto());
    }
    return b.build().toByteArray();
  }

  boolean isEmpty() {
    return states.isEmpty();
  }

  /** The newest state (the one we encrypt with when the record is ours), or null. */
  SenderKeyState newestState() {
    return states.isEmpty() ? null : states.get(0);
  }

  /** The state with key id {@code keyId}, or null. */
  SenderKeyState state(int keyId) {
    for (SenderKeyState s : states) {
      if (s.keyId == keyId) {
        return s;
      }
    }
    return null;
  }

  /** Replaces the state with the same key id by {@code updated} (after a successful decrypt). */
  void replace(SenderKeyState updated) {
    for (int i = 0; i < states.size(); i++) {
      if (states.get(i).keyId == updated.keyId) {
        states.set(i, updated);
        return;
      }
    }
    throw new IllegalStateException("no state with key id " + updated.keyId);
  }

  /**
   * Adds a state in front. A state with the same key id and signing key is kept as it is (a
   * repeated distribution message must not rewind the chain and re-open used keys); one with the
   * same id but another signing key is replaced.
   */
  void addState(SenderKeyState state) {
    SenderKeyState existing = state(state.keyId);
    if (existing != null) {
      if (Arrays.equals(existing.signingPublic, state.signingPublic)) {
        return;
      }
      states.remove(existing);
    }
    states.add(0, state);
    while (states.size() > MAX_STATES) {
      states.remove(states.size() - 1);
    }
  }

  int size() {
    return states.size();
  }
}
