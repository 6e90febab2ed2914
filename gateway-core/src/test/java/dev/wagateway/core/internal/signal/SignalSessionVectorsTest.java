package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.internal.signal.Json.has;
import static dev.wagateway.core.internal.signal.Json.hex;
import static dev.wagateway.core.internal.signal.Json.integer;
import static dev.wagateway.core.internal.signal.Json.list;
import static dev.wagateway.core.internal.signal.Json.map;
import static dev.wagateway.core.internal.signal.Json.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.store.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Replays signal-session.json (made by Baileys with libsignal-node): both parties are played by our
 * code with the recorded randomness injected, every ciphertext must come out byte for byte, every
 * message must decrypt, and after each step both parties' session states must match the recorded
 * libsignal-node records (root key, ratchet keys, chain keys and counters, base key, pending
 * prekey, skipped keys).
 */
class SignalSessionVectorsTest {
  private static final Base64.Decoder B64 = Base64.getDecoder();

  private final Map<String, Object> vector = Json.load("signal-session.json");

  @Test
  void replaysEveryStepByteForByteAndMatchesRecordedState() {
    Party alice = Party.from(map(vector, "alice"));
    Party bob = Party.from(map(vector, "bob"));
    Map<String, Party> byJid = new HashMap<>();
    byJid.put(alice.jid, alice);
    byJid.put(bob.jid, bob);

    // The bundle iq names its owner; the other party fetched it and initiates.
    Map<String, Object> user = findNode(map(map(vector, "bundle_iq"), "node"), "user");
    assertNotNull(user, "bundle iq has a <user> node");
    Party owner = byJid.get(string(map(user, "attrs"), "jid"));
    Party initiator = owner == alice ? bob : alice;
    PreKeyBundle bundle = parseBundle(user);
    assertEquals(owner.registrationId, bundle.registrationId());
    assertArrayEquals(
        Curve.withPrefix(owner.identity.identityKey().publicKey()), bundle.identityKey());

    ScriptedRandom buildRandom = ScriptedRandom.fromVector(list(vector, "inject_random_draws"));
    SessionRecord initiatorRecord = initiator.record(owner.jid);
    SessionBuilder.processBundle(initiatorRecord, bundle, initiator.identity, buildRandom);
    assertEquals(0, buildRandom.remaining(), "every recorded build draw consumed");
    assertTrue(initiatorRecord.hasCurrentState());

    int step = 0;
    for (Object s : list(vector, "steps")) {
      step++;
      String name = "step " + step + " (" + string(s, "step") + ")";
      Party sender = byJid.get(string(s, "from"));
      Party receiver = byJid.get(string(s, "to"));
      assertNotNull(sender, name);
      assertNotNull(receiver, name);

      // Padding from the recorded draw reproduces the padded plaintext.
      byte[] padded = hex(s, "plaintext_padded");
      ScriptedRandom encryptRandom = ScriptedRandom.fromVector(list(s, "random_draws_encrypt"));
      assertArrayEquals(padded, Padding.pad(Padding.unpad(padded), encryptRandom), name);
      assertEquals(0, encryptRandom.remaining(), name);

      EncryptResult result = SessionCipher.encrypt(sender.record(receiver.jid), padded);
      assertEquals(string(s, "enc_type"), result.type(), name);
      assertEquals(string(s, "ciphertext"), Json.hex(result.ciphertext()), name + ": ciphertext");
      checkParsed(map(s, "parsed"), result, name);

      ScriptedRandom decryptRandom = ScriptedRandom.fromVector(list(s, "random_draws_decrypt"));
      SessionRecord receiverRecord = receiver.record(sender.jid);
      byte[] plaintext;
      if (result.preKeyMessage()) {
        SessionCipher.PreKeyDecryptResult r =
            SessionCipher.decryptPreKey(
                receiverRecord,
                PreKeySignalMessage.parse(hex(s, "ciphertext")),
                receiver.identity,
                receiver.lookup(),
                decryptRandom);
        r.usedPreKeyId().ifPresent(receiver.oneTimePreKeys::remove);
        plaintext = r.plaintext();
      } else {
        plaintext =
            SessionCipher.decrypt(
                receiverRecord, SignalMessage.parse(hex(s, "ciphertext")), decryptRandom);
      }
      assertArrayEquals(padded, plaintext, name + ": plaintext");
      assertEquals(0, decryptRandom.remaining(), name + ": every recorded decrypt draw consumed");

      compareRecord(
          map(map(s, "sender_session_after"), "record"),
          sender.record(receiver.jid),
          name + " sender");
      compareRecord(
          map(map(s, "receiver_session_after"), "record"),
          receiver.record(sender.jid),
          name + " receiver");

      // Our own serialization keeps exactly this state.
      for (SessionRecord r : List.of(sender.record(receiver.jid), receiver.record(sender.jid))) {
        assertArrayEquals(r.serialize(), SessionRecord.deserialize(r.serialize()).serialize());
      }
    }
    assertTrue(step >= 2, "vector has steps");
  }

  @Test
  void parsesTheRecordedWireFormats() {
    for (Object s : list(vector, "steps")) {
      byte[] bytes = hex(s, "ciphertext");
      Map<String, Object> parsed = map(s, "parsed");
      if ("pkmsg".equals(string(s, "enc_type"))) {
        PreKeySignalMessage m = PreKeySignalMessage.parse(bytes);
        assertEquals(integer(parsed, "registrationId"), m.registrationId());
        assertEquals(integer(parsed, "signedPreKeyId"), m.signedPreKeyId());
        assertEquals(
            has(parsed, "preKeyId")
                ? OptionalInt.of(integer(parsed, "preKeyId"))
                : OptionalInt.empty(),
            m.preKeyId());
        assertArrayEquals(hex(parsed, "baseKey"), m.baseKey());
        assertArrayEquals(hex(parsed, "identityKey"), m.identityKey());
        assertArrayEquals(hex(parsed, "message"), m.message().serialize());
        checkSignalMessage(map(parsed, "inner"), m.message());
      } else {
        checkSignalMessage(parsed, SignalMessage.parse(bytes));
      }
    }
  }

  private static void checkParsed(Map<String, Object> parsed, EncryptResult result, String name) {
    assertEquals(
        string(parsed, "version_byte"), Json.hex(new byte[] {result.ciphertext()[0]}), name);
    if (result.preKeyMessage()) {
      PreKeySignalMessage m = PreKeySignalMessage.parse(result.ciphertext());
      assertEquals(integer(parsed, "registrationId"), m.registrationId(), name);
      assertEquals(integer(parsed, "signedPreKeyId"), m.signedPreKeyId(), name);
      assertArrayEquals(hex(parsed, "baseKey"), m.baseKey(), name);
      checkSignalMessage(map(parsed, "inner"), m.message());
    } else {
      checkSignalMessage(parsed, SignalMessage.parse(result.ciphertext()));
    }
  }

  private static void checkSignalMessage(Map<String, Object> parsed, SignalMessage m) {
    assertArrayEquals(hex(parsed, "ephemeralKey"), m.ratchetKey());
    assertEquals(integer(parsed, "counter"), m.counter());
    assertEquals(integer(parsed, "previousCounter"), m.previousCounter());
    assertArrayEquals(hex(parsed, "ciphertext"), m.ciphertext());
    byte[] serialized = m.serialize();
    assertEquals(
        string(parsed, "mac8"),
        Json.hex(Arrays.copyOfRange(serialized, serialized.length - 8, serialized.length)));
  }

  /**
   * Compares our record with libsignal-node's JSON: its open session against our current state, its
   * closed sessions against our archived states (by base key).
   */
  @SuppressWarnings("unchecked")
  private static void compareRecord(
      Map<String, Object> nodeRecord, SessionRecord ours, String name) {
    Map<String, Object> sessions = map(nodeRecord, "_sessions");
    int closed = 0;
    for (Map.Entry<String, Object> e : sessions.entrySet()) {
      Map<String, Object> session = (Map<String, Object>) e.getValue();
      byte[] baseKey = B64.decode(string(map(session, "indexInfo"), "baseKey"));
      if (integer(map(session, "indexInfo"), "closed") == -1) {
        assertNotNull(ours.currentState(), name + ": has a current state");
        compareState(session, ours.currentState(), name);
      } else {
        closed++;
        assertTrue(
            ours.archivedStates().stream().anyMatch(st -> Arrays.equals(st.baseKey, baseKey)),
            name + ": closed session archived");
      }
    }
    assertEquals(closed, ours.archivedStates().size(), name + ": archived state count");
  }

  @SuppressWarnings("unchecked")
  private static void compareState(Map<String, Object> node, SessionState state, String name) {
    Map<String, Object> ratchet = map(node, "currentRatchet");
    Map<String, Object> index = map(node, "indexInfo");
    assertEquals(
        integer(node, "registrationId"), state.remoteRegistrationId, name + ": registrationId");
    assertArrayEquals(b64(ratchet, "rootKey"), state.rootKey, name + ": root key");
    assertEquals(
        integer(ratchet, "previousCounter"), state.previousCounter, name + ": previousCounter");
    Map<String, Object> ephemeral = map(ratchet, "ephemeralKeyPair");
    assertArrayEquals(
        b64(ephemeral, "pubKey"), state.senderRatchetPublic(), name + ": ratchet public");
    assertArrayEquals(
        b64(ephemeral, "privKey"), state.senderRatchet.privateKey(), name + ": ratchet private");
    if (!state.receiverChains.isEmpty()) {
      assertArrayEquals(
          b64(ratchet, "lastRemoteEphemeralKey"),
          state.receiverChains.get(0).ratchetKey,
          name + ": newest remote ratchet key");
    }
    assertArrayEquals(b64(index, "baseKey"), state.baseKey, name + ": base key");
    assertEquals(integer(index, "baseKeyType") == 1, state.initiator, name + ": base key type");
    assertArrayEquals(b64(index, "remoteIdentityKey"), state.remoteIdentity, name + ": identity");

    Map<String, Object> pending = map(node, "pendingPreKey");
    if (pending == null) {
      assertNull(state.pendingPreKey, name + ": no pending prekey");
    } else {
      assertNotNull(state.pendingPreKey, name + ": pending prekey");
      assertEquals(integer(pending, "signedKeyId"), state.pendingPreKey.signedPreKeyId(), name);
      assertArrayEquals(b64(pending, "baseKey"), state.pendingPreKey.baseKey(), name);
      assertEquals(
          has(pending, "preKeyId")
              ? OptionalInt.of(integer(pending, "preKeyId"))
              : OptionalInt.empty(),
          state.pendingPreKey.preKeyId(),
          name + ": pending one-time prekey id");
    }

    int openChains = 0;
    for (Map.Entry<String, Object> e : map(node, "_chains").entrySet()) {
      Map<String, Object> chain = (Map<String, Object>) e.getValue();
      Map<String, Object> chainKey = map(chain, "chainKey");
      byte[] ratchetKey = B64.decode(e.getKey());
      String chainName = name + ": chain " + e.getKey();
      // libsignal-node counts the last key used (-1 for none); we keep the next index.
      int nextIndex = integer(chainKey, "counter") + 1;
      if (integer(chain, "chainType") == 1) {
        assertArrayEquals(
            ratchetKey, state.senderRatchetPublic(), chainName + " is our sending chain");
        assertArrayEquals(b64(chainKey, "key"), state.senderChain.key(), chainName + " key");
        assertEquals(nextIndex, state.senderChain.index(), chainName + " index");
        continue;
      }
      SessionState.ReceiverChain ourChain = state.receiverChain(ratchetKey);
      Map<String, Object> messageKeys = map(chain, "messageKeys");
      if (!has(chainKey, "key")) {
        // libsignal-node closed this chain after a ratchet step; we keep it (up to 5) so late
        // messages still decrypt. The stored skipped keys must agree where it kept any.
        if (ourChain != null) {
          compareSkipped(messageKeys, ourChain, chainName);
        }
        continue;
      }
      openChains++;
      assertNotNull(ourChain, chainName + " exists");
      assertArrayEquals(b64(chainKey, "key"), ourChain.chainKey.key(), chainName + " key");
      assertEquals(nextIndex, ourChain.chainKey.index(), chainName + " index");
      compareSkipped(messageKeys, ourChain, chainName);
      assertEquals(messageKeys.size(), ourChain.skipped.size(), chainName + " skipped count");
    }
    assertTrue(openChains <= state.receiverChains.size(), name + ": receiving chains");
  }

  /** libsignal-node stores skipped message-key seeds; we store the derived keys. */
  private static void compareSkipped(
      Map<String, Object> messageKeys, SessionState.ReceiverChain ours, String name) {
    for (Map.Entry<String, Object> k : messageKeys.entrySet()) {
      int counter = Integer.parseInt(k.getKey());
      MessageKeys stored = ours.skipped.get(counter);
      if (stored == null) {
        // libsignal-node fills an old chain up to previousCounter when it ratchets; we keep the
        // chain key instead and derive on demand, which must give the same key.
        assertTrue(counter >= ours.chainKey.index(), name + " skipped key " + counter + " kept");
        ChainKey chainKey = ours.chainKey;
        while (chainKey.index() < counter) {
          chainKey = chainKey.next();
        }
        stored = chainKey.messageKeys();
      }
      byte[] derived =
          Hkdf.derive(B64.decode((String) k.getValue()), null, SignalCrypto.INFO_MESSAGE_KEYS, 80);
      assertArrayEquals(Arrays.copyOfRange(derived, 0, 32), stored.cipherKey(), name);
      assertArrayEquals(Arrays.copyOfRange(derived, 32, 64), stored.macKey(), name);
      assertArrayEquals(Arrays.copyOfRange(derived, 64, 80), stored.iv(), name);
    }
  }

  private static byte[] b64(Map<String, Object> parent, String key) {
    return B64.decode(string(parent, key));
  }

  /** The bundle from the iq's {@code <user>} node (children possibly wrapped in {@code <keys>}). */
  static PreKeyBundle parseBundle(Map<String, Object> user) {
    byte[] registration = nodeBytes(findNode(user, "registration"));
    byte[] identity = nodeBytes(findNode(user, "identity"));
    Map<String, Object> skey = findNode(user, "skey");
    Map<String, Object> key = findNode(user, "key");
    assertEquals(4, registration.length);
    int registrationId =
        ((registration[0] & 0xFF) << 24)
            | ((registration[1] & 0xFF) << 16)
            | ((registration[2] & 0xFF) << 8)
            | (registration[3] & 0xFF);
    OptionalInt preKeyId = OptionalInt.empty();
    byte[] preKey = null;
    if (key != null) {
      preKeyId = OptionalInt.of(id3(nodeBytes(findNode(key, "id"))));
      preKey = nodeBytes(findNode(key, "value"));
    }
    return new PreKeyBundle(
        registrationId,
        identity,
        id3(nodeBytes(findNode(skey, "id"))),
        nodeBytes(findNode(skey, "value")),
        nodeBytes(findNode(skey, "signature")),
        preKeyId,
        preKey);
  }

  private static int id3(byte[] id) {
    assertEquals(3, id.length);
    return ((id[0] & 0xFF) << 16) | ((id[1] & 0xFF) << 8) | (id[2] & 0xFF);
  }

  private static byte[] nodeBytes(Map<String, Object> node) {
    assertNotNull(node);
    return HexFormat.of().parseHex(string(map(node, "content"), "bytes"));
  }

  /** Depth-first search for the first node with {@code tag} below (not including) {@code node}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> findNode(Map<String, Object> node, String tag) {
    Object content = node.get("content");
    if (!(content instanceof List<?> children)) {
      return null;
    }
    for (Object c : children) {
      Map<String, Object> child = (Map<String, Object>) c;
      if (tag.equals(child.get("tag"))) {
        return child;
      }
    }
    for (Object c : children) {
      Map<String, Object> found = findNode((Map<String, Object>) c, tag);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** One side of the conversation, played by our code. */
  static final class Party {
    String jid;
    int registrationId;
    LocalIdentity identity;
    int signedPreKeyId;
    KeyPair signedPreKey;
    final Map<Integer, KeyPair> oneTimePreKeys = new HashMap<>();
    final Map<String, SessionRecord> records = new HashMap<>();

    static Party from(Map<String, Object> p) {
      Party party = new Party();
      party.jid = string(p, "jid");
      party.registrationId = integer(p, "registrationId");
      party.identity = new LocalIdentity(pair(map(p, "identity")), party.registrationId);
      Map<String, Object> spk = map(p, "signedPreKey");
      party.signedPreKeyId = integer(spk, "keyId");
      party.signedPreKey = pair(spk);
      List<Object> opks = new ArrayList<>();
      if (has(p, "one_time_prekey")) {
        opks.add(map(p, "one_time_prekey"));
      }
      for (Object o : opks) {
        party.oneTimePreKeys.put(integer(o, "id"), pair(o));
      }
      return party;
    }

    @SuppressWarnings("unchecked")
    private static KeyPair pair(Object o) {
      KeyPair pair = Curve.keyPairFromPrivate(hex(o, "private"));
      assertArrayEquals(hex(o, "public"), pair.publicKey(), "vector key pair is consistent");
      return pair;
    }

    SessionRecord record(String peerJid) {
      return records.computeIfAbsent(peerJid, k -> new SessionRecord());
    }

    PreKeyLookup lookup() {
      return new PreKeyLookup() {
        @Override
        public Optional<KeyPair> signedPreKey(int id) {
          return id == signedPreKeyId ? Optional.of(signedPreKey) : Optional.empty();
        }

        @Override
        public Optional<KeyPair> oneTimePreKey(int id) {
          return Optional.ofNullable(oneTimePreKeys.get(id));
        }
      };
    }
  }
}
