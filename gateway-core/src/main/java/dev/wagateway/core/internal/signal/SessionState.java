package dev.wagateway.core.internal.signal;

import com.google.protobuf.ByteString;
import dev.wagateway.core.internal.proto.SignalStorageProtos.SessionStructure;
import dev.wagateway.core.store.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One double-ratchet session with a peer: identities, root key, our sending chain, up to {@link
 * #MAX_RECEIVER_CHAINS} receiving chains with their skipped message keys, and the unacknowledged
 * prekey data of a session we initiated. Mutable; {@link #copy()} gives an independent copy so a
 * failed decrypt never touches the stored state.
 */
final class SessionState {
  /** Receiving chains kept per state (libsignal: 5); the oldest is dropped. */
  static final int MAX_RECEIVER_CHAINS = 5;

  /** Skipped message keys kept per receiving chain (libsignal: 2000); the oldest is evicted. */
  static final int MAX_MESSAGE_KEYS_PER_CHAIN = 2000;

  /** Skipped message keys kept per state over all its chains; the oldest chain's go first. */
  static final int MAX_MESSAGE_KEYS_PER_STATE = 2000;

  /** How far ahead of its chain a message may be (libsignal: 2000). */
  static final int MAX_FORWARD_JUMP = 2000;

  int version = SignalMessage.CURRENT_VERSION;
  byte[] localIdentity;
  byte[] remoteIdentity;
  byte[] rootKey;
  int previousCounter;
  KeyPair senderRatchet;
  ChainKey senderChain;
  final List<ReceiverChain> receiverChains = new ArrayList<>();
  PendingPreKey pendingPreKey;
  int remoteRegistrationId;
  int localRegistrationId;
  byte[] baseKey;
  boolean initiator;

  /** Our current sending ratchet public key in the 33-byte form. */
  byte[] senderRatchetPublic() {
    return Keys.prefixed(senderRatchet.publicKey());
  }

  ReceiverChain receiverChain(byte[] ratchetKey) {
    for (ReceiverChain chain : receiverChains) {
      if (Arrays.equals(chain.ratchetKey, ratchetKey)) {
        return chain;
      }
    }
    return null;
  }

  /** Adds a chain in front; drops the oldest beyond the limit. */
  void addReceiverChain(ReceiverChain chain) {
    receiverChains.add(0, chain);
    while (receiverChains.size() > MAX_RECEIVER_CHAINS) {
      receiverChains.remove(receiverChains.size() - 1);
    }
  }

  /** Evicts skipped keys beyond the per-chain and per-state limits, oldest first. */
  void trimSkippedKeys() {
    int total = 0;
    for (ReceiverChain chain : receiverChains) {
      chain.trim(MAX_MESSAGE_KEYS_PER_CHAIN);
      total += chain.skipped.size();
    }
    for (int i = receiverChains.size() - 1; i >= 0 && total > MAX_MESSAGE_KEYS_PER_STATE; i--) {
      ReceiverChain chain = receiverChains.get(i);
      int drop = Math.min(chain.skipped.size(), total - MAX_MESSAGE_KEYS_PER_STATE);
      chain.trim(chain.skipped.size() - drop);
      total -= drop;
    }
  }

  int skippedKeyCount() {
    int total = 0;
    for (ReceiverChain chain : receiverChains) {
      total += chain.skipped.size();
    }
    return total;
  }

  SessionState copy() {
    return fromProto(toProto());
  }

  SessionStructure toProto() {
    SessionStructure.Builder b =
        SessionStructure.newBuilder()
            .setSessionVersion(version)
            .setLocalIdentityPublic(ByteString.copyFrom(localIdentity))
            .setRemoteIdentityPublic(ByteString.copyFrom(remoteIdentity))
            .setRootKey(ByteString.copyFrom(rootKey))
            .setPreviousCounter(previousCounter)
            .setRemoteRegistrationId(remoteRegistrationId)
            .setLocalRegistrationId(localRegistrationId)
            .setAliceBaseKey(ByteString.copyFrom(baseKey))
            .setInitiator(initiator);
    if (senderChain != null) {
      b.setSenderChain(
          SessionStructure.Chain.newBuilder()
              .setSenderRatchetKey(ByteString.copyFrom(senderRatchetPublic()))
              .setSenderRatchetKeyPrivate(ByteString.copyFrom(senderRatchet.privateKey()))
              .setChainKey(chainKeyProto(senderChain)));
    }
    for (ReceiverChain chain : receiverChains) {
      SessionStructure.Chain.Builder cb =
          SessionStructure.Chain.newBuilder()
              .setSenderRatchetKey(ByteString.copyFrom(chain.ratchetKey))
              .setChainKey(chainKeyProto(chain.chainKey));
      for (MessageKeys keys : chain.skipped.values()) {
        cb.addMessageKeys(
            SessionStructure.Chain.MessageKey.newBuilder()
                .setIndex(keys.counter())
                .setCipherKey(ByteString.copyFrom(keys.cipherKey()))
                .setMacKey(ByteString.copyFrom(keys.macKey()))
                .setIv(ByteString.copyFrom(keys.iv())));
      }
      b.addReceiverChains(cb);
    }
    if (pendingPreKey != null) {
      SessionStructure.PendingPreKey.Builder pb =
          SessionStructure.PendingPreKey.newBuilder()
              .setBaseKey(ByteString.copyFrom(pendingPreKey.baseKey()))
              .setSignedPreKeyId(pendingPreKey.signedPreKeyId());
      pendingPreKey.preKeyId().ifPresent(pb::setPreKeyId);
      b.setPendingPreKey(pb);
    }
    return b.build();
  }

  static SessionState fromProto(SessionStructure p) {
    if (!p.hasRootKey()
        || !p.hasLocalIdentityPublic()
        || !p.hasRemoteIdentityPublic()
        || !p.hasAliceBaseKey()) {
      throw new IllegalArgumentException("session state lacks a required field");
    }
    SessionState s = new SessionState();
    s.version = p.getSessionVersion();
    s.localIdentity = p.getLocalIdentityPublic().toByteArray();
    s.remoteIdentity = p.getRemoteIdentityPublic().toByteArray();
    s.rootKey = p.getRootKey().toByteArray();
    s.previousCounter = p.getPreviousCounter();
    s.remoteRegistrationId = p.getRemoteRegistrationId();
    s.localRegistrationId = p.getLocalRegistrationId();
    s.baseKey = p.getAliceBaseKey().toByteArray();
    s.initiator = p.getInitiator();
    if (p.hasSenderChain()) {
      SessionStructure.Chain c = p.getSenderChain();
      s.senderRatchet =
          new KeyPair(
              Keys.unprefixed(c.getSenderRatchetKey().toByteArray()),
              c.getSenderRatchetKeyPrivate().toByteArray());
      s.senderChain = chainKey(c.getChainKey());
    }
    for (SessionStructure.Chain c : p.getReceiverChainsList()) {
      ReceiverChain chain =
          new ReceiverChain(c.getSenderRatchetKey().toByteArray(), chainKey(c.getChainKey()));
      for (SessionStructure.Chain.MessageKey k : c.getMessageKeysList()) {
        chain.skipped.put(
            k.getIndex(),
            new MessageKeys(
                k.getCipherKey().toByteArray(),
                k.getMacKey().toByteArray(),
                k.getIv().toByteArray(),
                k.getIndex()));
      }
      s.receiverChains.add(chain);
    }
    if (p.hasPendingPreKey()) {
      SessionStructure.PendingPreKey pp = p.getPendingPreKey();
      s.pendingPreKey =
          new PendingPreKey(
              pp.hasPreKeyId() ? OptionalInt.of(pp.getPreKeyId()) : OptionalInt.empty(),
              pp.getSignedPreKeyId(),
              pp.getBaseKey().toByteArray());
    }
    return s;
  }

  private static SessionStructure.Chain.ChainKey chainKeyProto(ChainKey key) {
    return SessionStructure.Chain.ChainKey.newBuilder()
        .setIndex(key.index())
        .setKey(ByteString.copyFrom(key.key()))
        .build();
  }

  private static ChainKey chainKey(SessionStructure.Chain.ChainKey p) {
    return new ChainKey(p.getKey().toByteArray(), p.getIndex());
  }

  /**
   * A receiving chain: the peer's ratchet key (33 bytes), its chain key, skipped keys by counter.
   */
  static final class ReceiverChain {
    final byte[] ratchetKey;
    ChainKey chainKey;

    /** Skipped message keys in insertion (= counter) order. */
    final LinkedHashMap<Integer, MessageKeys> skipped = new LinkedHashMap<>();

    ReceiverChain(byte[] ratchetKey, ChainKey chainKey) {
      this.ratchetKey = ratchetKey;
      this.chainKey = chainKey;
    }

    void trim(int keep) {
      Iterator<Map.Entry<Integer, MessageKeys>> it = skipped.entrySet().iterator();
      int excess = skipped.size() - Math.max(keep, 0);
      while (excess-- > 0 && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
  }

  /** What a pkmsg must carry until the peer answers: OPK id (optional), SPK id, our base key. */
  record PendingPreKey(OptionalInt preKeyId, int signedPreKeyId, byte[] baseKey) {
    PendingPreKey {
      baseKey = baseKey.clone();
    }

    @Override
    public byte[] baseKey() {
      return baseKey.clone();
    }
  }
}
