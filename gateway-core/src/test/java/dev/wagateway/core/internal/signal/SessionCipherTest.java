package dev.wagateway.core.internal.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** X3DH checks, ratchet limits, duplicate and forged messages, archiving, serialization. */
class SessionCipherTest {
  private final SecureRandom random = new SecureRandom();
  private Peer alice;
  private Peer bob;

  @BeforeEach
  void setUp() {
    alice = new Peer("alice", random);
    bob = new Peer("bob", random);
  }

  private static ErrorCode code(Executable e) {
    return assertThrows(CryptoException.class, e).errorCode();
  }

  /** Alice starts, Bob answers: both now have an acknowledged session. */
  private void establish() {
    alice.startSessionWith(bob);
    assertEquals("hello", bob.decrypt(alice, alice.encrypt(bob, "hello")));
    assertEquals("hi", alice.decrypt(bob, bob.encrypt(alice, "hi")));
  }

  @Test
  void badSignedPreKeySignatureIsRejectedAndNothingIsBuilt() {
    PreKeyBundle good = bob.bundle();
    byte[] signature = good.signedPreKeySignature();
    signature[10] ^= 0x01;
    PreKeyBundle bad =
        new PreKeyBundle(
            good.registrationId(),
            good.identityKey(),
            good.signedPreKeyId(),
            good.signedPreKey(),
            signature,
            good.preKeyId(),
            good.preKey());
    SessionRecord record = alice.record(bob);
    assertEquals(
        ErrorCode.BAD_SIGNED_PREKEY_SIGNATURE,
        code(() -> SessionBuilder.processBundle(record, bad, alice.identity, random)));
    assertFalse(record.hasCurrentState());

    // A signature by another identity key is just as bad.
    PreKeyBundle foreign =
        new PreKeyBundle(
            good.registrationId(),
            alice.identity.identityKey().publicKey(),
            good.signedPreKeyId(),
            good.signedPreKey(),
            good.signedPreKeySignature(),
            good.preKeyId(),
            good.preKey());
    assertEquals(
        ErrorCode.BAD_SIGNED_PREKEY_SIGNATURE,
        code(() -> SessionBuilder.processBundle(record, foreign, alice.identity, random)));
    assertEquals(0, record.serialize().length);
  }

  @Test
  void bundleWithoutOneTimePreKeyWorks() {
    PreKeyBundle full = bob.bundle();
    PreKeyBundle noOpk =
        new PreKeyBundle(
            full.registrationId(),
            full.identityKey(),
            full.signedPreKeyId(),
            full.signedPreKey(),
            full.signedPreKeySignature());
    SessionBuilder.processBundle(alice.record(bob), noOpk, alice.identity, random);
    EncryptResult first = alice.encrypt(bob, "no opk");
    assertEquals(OptionalInt.empty(), PreKeySignalMessage.parse(first.ciphertext()).preKeyId());
    assertEquals("no opk", bob.decrypt(alice, first));
    assertEquals(1, bob.oneTimePreKeys.size(), "the unused one-time prekey stays");
  }

  @Test
  void pkmsgUntilTheFirstReplyThenMsg() {
    alice.startSessionWith(bob);
    EncryptResult m1 = alice.encrypt(bob, "one");
    EncryptResult m2 = alice.encrypt(bob, "two");
    assertTrue(m1.preKeyMessage());
    assertTrue(m2.preKeyMessage());
    assertEquals("one", bob.decrypt(alice, m1));
    assertTrue(bob.oneTimePreKeys.isEmpty(), "one-time prekey consumed");
    assertEquals("two", bob.decrypt(alice, m2), "second pkmsg reuses the state by base key");
    EncryptResult reply = bob.encrypt(alice, "reply");
    assertEquals(EncryptResult.MSG, reply.type());
    assertEquals("reply", alice.decrypt(bob, reply));
    assertEquals(EncryptResult.MSG, alice.encrypt(bob, "three").type());
  }

  @Test
  void tamperedMacIsRejectedAndStateIsUnchanged() {
    establish();
    EncryptResult m = alice.encrypt(bob, "tamper me");
    byte[] before = bob.record(alice).serialize();
    for (int position : new int[] {m.ciphertext().length - 1, m.ciphertext().length - 12, 5}) {
      byte[] forged = m.ciphertext();
      forged[position] ^= 0x01;
      assertEquals(
          ErrorCode.BAD_MAC,
          code(
              () -> SessionCipher.decrypt(bob.record(alice), SignalMessage.parse(forged), random)));
      assertArrayEquals(before, bob.record(alice).serialize(), "state unchanged");
    }
    assertEquals("tamper me", bob.decrypt(alice, m), "the genuine message still decrypts");
  }

  @Test
  void tamperedPkmsgConsumesNothing() {
    alice.startSessionWith(bob);
    EncryptResult m = alice.encrypt(bob, "first");
    byte[] forged = m.ciphertext();
    forged[forged.length - 20] ^= 0x01; // inside the inner message's MAC
    SessionRecord record = bob.record(alice);
    assertEquals(
        ErrorCode.BAD_MAC,
        code(
            () ->
                SessionCipher.decryptPreKey(
                    record,
                    PreKeySignalMessage.parse(forged),
                    bob.identity,
                    bob.lookup(),
                    random)));
    assertFalse(record.hasCurrentState(), "no state built");
    assertEquals(1, bob.oneTimePreKeys.size());
    assertEquals("first", bob.decrypt(alice, m));
  }

  @Test
  void duplicateMessageIsRejectedAndStateIsUnchanged() {
    establish();
    EncryptResult m = alice.encrypt(bob, "once");
    assertEquals("once", bob.decrypt(alice, m));
    byte[] before = bob.record(alice).serialize();
    assertEquals(ErrorCode.DUPLICATE_MESSAGE, code(() -> bob.decrypt(alice, m)));
    assertArrayEquals(before, bob.record(alice).serialize());

    // A duplicate pkmsg too: the state exists (same base key), the key is used.
    Peer carol = new Peer("carol", random);
    carol.startSessionWith(bob);
    EncryptResult pk = carol.encrypt(bob, "pk");
    assertEquals("pk", bob.decrypt(carol, pk));
    assertEquals(ErrorCode.DUPLICATE_MESSAGE, code(() -> bob.decrypt(carol, pk)));

    // A duplicate of a message from a session that is archived by now is still a duplicate.
    alice.startSessionWith(bob);
    assertEquals("new", bob.decrypt(alice, alice.encrypt(bob, "new")));
    assertEquals(1, bob.record(alice).archivedStates().size());
    assertEquals(ErrorCode.DUPLICATE_MESSAGE, code(() -> bob.decrypt(alice, m)));
  }

  @Test
  void outOfOrderDeliveryWithinOneChainAndAcrossRatchets() {
    establish();
    List<EncryptResult> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      first.add(alice.encrypt(bob, "a" + i));
    }
    for (int i : new int[] {4, 0, 2}) {
      assertEquals("a" + i, bob.decrypt(alice, first.get(i)));
    }
    // Bob answers, Alice ratchets and sends on a new chain, which overtakes the old one.
    assertEquals("b", alice.decrypt(bob, bob.encrypt(alice, "b")));
    EncryptResult next = alice.encrypt(bob, "c0");
    assertEquals("c0", bob.decrypt(alice, next));
    assertEquals("a3", bob.decrypt(alice, first.get(3)));
    assertEquals("a1", bob.decrypt(alice, first.get(1)));
    assertEquals(0, bob.record(alice).currentState().skippedKeyCount());
  }

  @Test
  void forwardJumpLimitIsEnforced() {
    establish();
    EncryptResult last = null;
    EncryptResult atLimit = null;
    for (int i = 0; i <= SessionState.MAX_FORWARD_JUMP + 1; i++) {
      last = alice.encrypt(bob, "m" + i);
      if (i == SessionState.MAX_FORWARD_JUMP) {
        atLimit = last;
      }
    }
    EncryptResult tooFar = last;
    byte[] before = bob.record(alice).serialize();
    assertEquals(ErrorCode.TOO_MANY_SKIPPED, code(() -> bob.decrypt(alice, tooFar)));
    assertArrayEquals(before, bob.record(alice).serialize());
    assertEquals("m" + SessionState.MAX_FORWARD_JUMP, bob.decrypt(alice, atLimit));
    assertEquals(SessionState.MAX_FORWARD_JUMP, bob.record(alice).currentState().skippedKeyCount());
    assertEquals("m" + (SessionState.MAX_FORWARD_JUMP + 1), bob.decrypt(alice, tooFar));
  }

  @Test
  void storedSkippedKeysAreCappedOldestFirst() {
    establish();
    List<EncryptResult> sent = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      sent.add(alice.encrypt(bob, "m" + i));
    }
    assertEquals("m1500", bob.decrypt(alice, sent.get(1500)));
    assertEquals(1500, bob.record(alice).currentState().skippedKeyCount());
    // 1501..2998 are skipped now: 2998 keys in all, so the 998 oldest (0..997) go.
    assertEquals("m2999", bob.decrypt(alice, sent.get(2999)));
    SessionState state = bob.record(alice).currentState();
    assertEquals(SessionState.MAX_MESSAGE_KEYS_PER_STATE, state.skippedKeyCount());
    assertEquals(
        ErrorCode.DUPLICATE_MESSAGE,
        code(() -> bob.decrypt(alice, sent.get(997))),
        "the oldest skipped keys were evicted");
    assertEquals("m998", bob.decrypt(alice, sent.get(998)));
    assertEquals("m2998", bob.decrypt(alice, sent.get(2998)));
  }

  @Test
  void archivedStateDecryptsAndIsPromoted() {
    establish();
    byte[] oldBaseKey = alice.record(bob).currentState().baseKey;
    // Alice fetches a new bundle (e.g. after a retry) and starts a second session...
    alice.startSessionWith(bob);
    SessionRecord aliceRecord = alice.record(bob);
    byte[] newBaseKey = aliceRecord.currentState().baseKey;
    assertFalse(Arrays.equals(oldBaseKey, newBaseKey));
    assertEquals(1, aliceRecord.archivedStates().size());
    // ...while Bob still answers on the first one.
    assertEquals("late", alice.decrypt(bob, bob.encrypt(alice, "late")));
    assertArrayEquals(oldBaseKey, aliceRecord.currentState().baseKey, "old state promoted");
    assertArrayEquals(newBaseKey, aliceRecord.archivedStates().get(0).baseKey);
    // The promoted state is the one used for sending again.
    EncryptResult next = alice.encrypt(bob, "again");
    assertEquals(EncryptResult.MSG, next.type());
    assertEquals("again", bob.decrypt(alice, next));
  }

  @Test
  void simultaneousInitiationConverges() {
    alice.startSessionWith(bob);
    bob.startSessionWith(alice);
    EncryptResult fromAlice = alice.encrypt(bob, "a");
    EncryptResult fromBob = bob.encrypt(alice, "b");
    assertTrue(fromAlice.preKeyMessage());
    assertTrue(fromBob.preKeyMessage());
    assertEquals("a", bob.decrypt(alice, fromAlice));
    assertEquals("b", alice.decrypt(bob, fromBob));
    for (int round = 0; round < 3; round++) {
      EncryptResult x = alice.encrypt(bob, "x" + round);
      assertEquals(EncryptResult.MSG, x.type());
      assertEquals("x" + round, bob.decrypt(alice, x));
      EncryptResult y = bob.encrypt(alice, "y" + round);
      assertEquals(EncryptResult.MSG, y.type());
      assertEquals("y" + round, alice.decrypt(bob, y));
    }
    assertArrayEquals(
        alice.record(bob).currentState().baseKey, bob.record(alice).currentState().baseKey);
  }

  @Test
  void messageForNoStateFailsWithTypedErrors() {
    establish();
    EncryptResult m = alice.encrypt(bob, "x");
    SessionRecord empty = new SessionRecord();
    assertEquals(
        ErrorCode.NO_SESSION,
        code(() -> SessionCipher.decrypt(empty, SignalMessage.parse(m.ciphertext()), random)));
    assertEquals(ErrorCode.NO_SESSION, code(() -> SessionCipher.encrypt(empty, new byte[] {1})));
    // Under an unrelated session the MAC cannot verify.
    Peer carol = new Peer("carol", random);
    carol.startSessionWith(alice);
    alice.decrypt(carol, carol.encrypt(alice, "c"));
    assertEquals(
        ErrorCode.BAD_MAC,
        code(
            () ->
                SessionCipher.decrypt(
                    alice.record(carol),
                    SignalMessage.parse(bob.encrypt(alice, "b").ciphertext()),
                    random)));
  }

  @Test
  void pkmsgNamingUnknownPreKeysFails() {
    alice.startSessionWith(bob);
    EncryptResult m = alice.encrypt(bob, "x");
    bob.oneTimePreKeys.clear();
    assertEquals(ErrorCode.NO_PREKEY, code(() -> bob.decrypt(alice, m)));
    Peer dave = new Peer("dave", random);
    assertEquals(ErrorCode.NO_PREKEY, code(() -> dave.decrypt(alice, m)));
    assertTrue(dave.record(alice).archivedStates().isEmpty());
  }

  @Test
  void malformedMessagesAreInvalid() {
    establish();
    byte[] good = alice.encrypt(bob, "x").ciphertext();
    byte[] wrongVersion = good.clone();
    wrongVersion[0] = 0x22;
    assertEquals(ErrorCode.INVALID_MESSAGE, code(() -> SignalMessage.parse(wrongVersion)));
    assertEquals(ErrorCode.INVALID_MESSAGE, code(() -> SignalMessage.parse(new byte[] {0x33, 1})));
    byte[] garbage = new byte[40];
    garbage[0] = 0x33;
    Arrays.fill(garbage, 1, 40, (byte) 0xFF);
    assertEquals(ErrorCode.INVALID_MESSAGE, code(() -> SignalMessage.parse(garbage)));
    assertEquals(ErrorCode.INVALID_MESSAGE, code(() -> PreKeySignalMessage.parse(good)));
  }

  @Test
  void archiveAndReceiverChainCountsAreBounded() {
    for (int i = 0; i < SessionRecord.MAX_ARCHIVED_STATES + 5; i++) {
      alice.startSessionWith(bob);
    }
    assertEquals(SessionRecord.MAX_ARCHIVED_STATES, alice.record(bob).archivedStates().size());

    Peer x = new Peer("x", random);
    Peer y = new Peer("y", random);
    x.startSessionWith(y);
    y.decrypt(x, x.encrypt(y, "start"));
    for (int i = 0; i < 8; i++) {
      x.decrypt(y, y.encrypt(x, "y" + i));
      y.decrypt(x, x.encrypt(y, "x" + i));
    }
    assertEquals(
        SessionState.MAX_RECEIVER_CHAINS, y.record(x).currentState().receiverChains.size());
  }

  @Test
  void recordSerializationRoundTripsAndKeepsWorking() {
    establish();
    List<EncryptResult> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(alice.encrypt(bob, "h" + i));
    }
    assertEquals("h3", bob.decrypt(alice, held.get(3)));
    alice.startSessionWith(bob); // an archived state in Alice's record
    for (Peer p : List.of(alice, bob)) {
      for (var e : p.records.entrySet()) {
        byte[] bytes = e.getValue().serialize();
        SessionRecord copy = SessionRecord.deserialize(bytes);
        assertArrayEquals(bytes, copy.serialize());
        e.setValue(copy);
      }
    }
    assertEquals(3, bob.record(alice).currentState().skippedKeyCount());
    assertEquals("h1", bob.decrypt(alice, held.get(1)));
    EncryptResult pk = alice.encrypt(bob, "new session");
    assertTrue(pk.preKeyMessage());
    assertEquals("new session", bob.decrypt(alice, pk));
    assertEquals(
        ErrorCode.CORRUPT_RECORD,
        code(() -> SessionRecord.deserialize(new byte[] {0x0a, 0x05, 1})));
  }
}
