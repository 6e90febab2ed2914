package dev.wagateway.core.internal.signal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.proto.SignalStorageProtos.RecordStructure;
import dev.wagateway.core.internal.proto.SignalStorageProtos.SessionStructure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All session states with one peer address: the current state plus up to {@link
 * #MAX_ARCHIVED_STATES} archived ("previous") states, newest first. Archived states are kept
 * because the peer may still send under an older session (e.g. our pkmsg and theirs crossed);
 * decrypt tries them after the current one and promotes the one that works.
 */
final class SessionRecord {
  /** Archived states kept per record (libsignal: 40); the oldest is dropped. */
  static final int MAX_ARCHIVED_STATES = 40;

  private SessionState current;
  private final List<SessionState> previous = new ArrayList<>();

  SessionRecord() {}

  static SessionRecord deserialize(byte[] bytes) {
    try {
      RecordStructure proto = RecordStructure.parseFrom(bytes);
      SessionRecord record = new SessionRecord();
      if (proto.hasCurrentSession()) {
        record.current = SessionState.fromProto(proto.getCurrentSession());
      }
      for (SessionStructure s : proto.getPreviousSessionsList()) {
        record.previous.add(SessionState.fromProto(s));
      }
      return record;
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new CryptoException(ErrorCode.CORRUPT_RECORD, "stored session record is corrupt", e);
    }
  }

  byte[] serialize() {
    RecordStructure.Builder b = RecordStructure.newBuilder();
    if (current != null) {
      b.setCurrentSession(current.toProto());
    }
    for (SessionState s : previous) {
      b.addPreviousSessions(s.toProto());
    }
    return b.build().toByteArray();
  }

  boolean hasCurrentState() {
    return current != null && current.senderChain != null;
  }

  SessionState currentState() {
    return current;
  }

  /** Archived states, newest first (a live view). */
  List<SessionState> archivedStates() {
    return previous;
  }

  /** Makes {@code state} current, archiving the present current state (if any). */
  void promoteState(SessionState state) {
    if (current != null) {
      previous.add(0, current);
      while (previous.size() > MAX_ARCHIVED_STATES) {
        previous.remove(previous.size() - 1);
      }
    }
    current = state;
  }

  /** Replaces the current state (after a successful operation on its copy). */
  void setCurrentState(SessionState state) {
    current = state;
  }

  /** Moves archived state {@code index} to current, archiving the present current state. */
  void promoteArchived(int index, SessionState replacement) {
    previous.remove(index);
    promoteState(replacement);
  }

  /** Whether any state (current or archived) was built from {@code baseKey}. */
  boolean hasStateWithBaseKey(byte[] baseKey) {
    if (current != null && Arrays.equals(current.baseKey, baseKey)) {
      return true;
    }
    for (SessionState s : previous) {
      if (Arrays.equals(s.baseKey, baseKey)) {
        return true;
      }
    }
    return false;
  }

  /** Takes over the states of {@code other} (a working copy that succeeded). */
  void replaceWith(SessionRecord other) {
    current = other.current;
    previous.clear();
    previous.addAll(other.previous);
  }

  SessionRecord copy() {
    return deserialize(serialize());
  }
}
