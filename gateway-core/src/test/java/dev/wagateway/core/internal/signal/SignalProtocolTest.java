package dev.wagateway.core.internal.signal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.store.InMemoryGatewayStore;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store-backed facade: persistence per operation, prekey consumption, identities, groups. */
class SignalProtocolTest {
  private static final String ALICE = "15550001111.3";
  private static final String BOB = "15550002222.0";
  private static final String GROUP = "120363000000000001@g.us";

  private final SecureRandom random = new SecureRandom();
  private FailingCommitStore store;
  private SignalProtocol alice;
  private SignalProtocol bob;

  @BeforeEach
  void setUp() {
    store = new FailingCommitStore(new InMemoryGatewayStore());
    for (String id : List.of("alice", "bob")) {
      store.device(id).credentials().save(DeviceKeys.credentials(random));
      store.device(id).preKeys().store(DeviceKeys.preKeys(1, 3, random));
    }
    alice = new SignalProtocol(store, "alice", random);
    bob = new SignalProtocol(store, "bob", random);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** Bob's bundle as the server would hand it out, with one-time prekey {@code preKeyId}. */
  private PreKeyBundle bundle(String sessionId, int preKeyId) {
    DeviceCredentials c = store.device(sessionId).credentials().load().orElseThrow();
    PreKey opk = store.device(sessionId).preKeys().get(preKeyId).orElseThrow();
    return new PreKeyBundle(
        c.registrationId(),
        c.identityKey().publicKey(),
        c.signedPreKey().id(),
        c.signedPreKey().keyPair().publicKey(),
        c.signedPreKey().signature(),
        OptionalInt.of(preKeyId),
        opk.keyPair().publicKey());
  }

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void conversationPersistsSessionsIdentitiesAndConsumesThePreKey() {
    assertFalse(alice.hasSession(BOB));
    alice.processBundle(BOB, bundle("bob", 2));
    assertTrue(alice.hasSession(BOB));
    assertArrayEquals(
        store.device("bob").credentials().load().orElseThrow().identityKey().publicKey(),
        store.device("alice").identities().get(BOB).orElseThrow());

    byte[] padded = Padding.pad(text("hello bob"), random);
    EncryptResult first = alice.encrypt(BOB, padded);
    assertEquals("pkmsg", first.type());
    assertArrayEquals(padded, bob.decrypt(ALICE, first.type(), first.ciphertext()));
    assertEquals("hello bob", new String(Padding.unpad(padded), UTF_8));
    assertTrue(store.device("bob").preKeys().get(2).isEmpty(), "one-time prekey 2 deleted");
    assertTrue(store.device("bob").preKeys().get(1).isPresent(), "other prekeys kept");
    assertTrue(bob.hasSession(ALICE));
    assertArrayEquals(
        store.device("alice").credentials().load().orElseThrow().identityKey().publicKey(),
        store.device("bob").identities().get(ALICE).orElseThrow());

    EncryptResult reply = bob.encrypt(ALICE, text("hi alice"));
    assertEquals("msg", reply.type());
    assertArrayEquals(text("hi alice"), alice.decrypt(BOB, reply.type(), reply.ciphertext()));
    EncryptResult after = alice.encrypt(BOB, text("after"));
    assertEquals("msg", after.type());
    assertArrayEquals(text("after"), bob.decrypt(ALICE, after.type(), after.ciphertext()));

    // The stored record is exactly what a fresh facade continues from.
    SignalProtocol bobAgain = new SignalProtocol(store, "bob", random);
    EncryptResult again = alice.encrypt(BOB, text("again"));
    assertArrayEquals(text("again"), bobAgain.decrypt(ALICE, "msg", again.ciphertext()));
  }

  @Test
  void badSignedPreKeyStoresNothing() {
    PreKeyBundle good = bundle("bob", 1);
    byte[] sig = good.signedPreKeySignature();
    sig[0] ^= 0x40;
    PreKeyBundle bad =
        new PreKeyBundle(
            good.registrationId(),
            good.identityKey(),
            good.signedPreKeyId(),
            good.signedPreKey(),
            sig,
            good.preKeyId(),
            good.preKey());
    CryptoException e = assertThrows(CryptoException.class, () -> alice.processBundle(BOB, bad));
    assertEquals("bad_signed_prekey_signature", e.code());
    assertTrue(store.device("alice").signalSessions().load(BOB).isEmpty());
    assertTrue(store.device("alice").identities().get(BOB).isEmpty());
  }

  @Test
  void encryptReturnsNothingWhenTheCommitFailsAndStateIsUnchanged() {
    alice.processBundle(BOB, bundle("bob", 1));
    bob.decrypt(ALICE, "pkmsg", alice.encrypt(BOB, text("first")).ciphertext());
    EncryptResult reply = bob.encrypt(ALICE, text("reply"));
    alice.decrypt(BOB, reply.type(), reply.ciphertext());

    byte[] before = store.device("alice").signalSessions().load(BOB).orElseThrow();
    store.failNextCommit();
    assertThrows(StoreException.class, () -> alice.encrypt(BOB, text("lost")));
    assertArrayEquals(before, store.device("alice").signalSessions().load(BOB).orElseThrow());

    // The next message reuses the counter the failed one would have had: no key was burnt.
    EncryptResult next = alice.encrypt(BOB, text("next"));
    assertEquals(0, SignalMessage.parse(next.ciphertext()).counter());
    assertArrayEquals(text("next"), bob.decrypt(ALICE, next.type(), next.ciphertext()));
  }

  @Test
  void decryptWhoseCommitFailsKeepsThePreKeyAndCanBeRetried() {
    alice.processBundle(BOB, bundle("bob", 3));
    EncryptResult first = alice.encrypt(BOB, text("first"));
    store.failNextCommit();
    assertThrows(StoreException.class, () -> bob.decrypt(ALICE, "pkmsg", first.ciphertext()));
    assertTrue(store.device("bob").preKeys().get(3).isPresent());
    assertTrue(store.device("bob").signalSessions().load(ALICE).isEmpty());
    assertArrayEquals(text("first"), bob.decrypt(ALICE, "pkmsg", first.ciphertext()));
    assertTrue(store.device("bob").preKeys().get(3).isEmpty());
  }

  @Test
  void failedDecryptChangesNothingInTheStore() {
    alice.processBundle(BOB, bundle("bob", 1));
    bob.decrypt(ALICE, "pkmsg", alice.encrypt(BOB, text("first")).ciphertext());
    EncryptResult reply = bob.encrypt(ALICE, text("reply"));
    alice.decrypt(BOB, reply.type(), reply.ciphertext());
    EncryptResult m = alice.encrypt(BOB, text("second"));
    assertEquals("msg", m.type());
    byte[] forged = m.ciphertext();
    forged[forged.length - 10] ^= 1; // last ciphertext byte, just before the MAC
    byte[] before = store.device("bob").signalSessions().load(ALICE).orElseThrow();
    CryptoException e =
        assertThrows(CryptoException.class, () -> bob.decrypt(ALICE, m.type(), forged));
    assertEquals("bad_mac", e.code());
    assertArrayEquals(before, store.device("bob").signalSessions().load(ALICE).orElseThrow());
    assertArrayEquals(text("second"), bob.decrypt(ALICE, m.type(), m.ciphertext()));
    CryptoException dup =
        assertThrows(CryptoException.class, () -> bob.decrypt(ALICE, m.type(), m.ciphertext()));
    assertEquals("duplicate_message", dup.code());
  }

  @Test
  void noSessionAndBadTypeAreTyped() {
    assertEquals(
        "no_session",
        assertThrows(CryptoException.class, () -> alice.encrypt(BOB, text("x"))).code());
    alice.processBundle(BOB, bundle("bob", 1));
    EncryptResult m = alice.encrypt(BOB, text("x"));
    assertEquals(
        "validation_error",
        assertThrows(GatewayException.class, () -> bob.decrypt(ALICE, "skmsg", m.ciphertext()))
            .code());
    assertEquals(
        "no_session",
        assertThrows(
                CryptoException.class,
                () ->
                    bob.decrypt(
                        ALICE,
                        "msg",
                        PreKeySignalMessage.parse(m.ciphertext()).message().serialize()))
            .code());
  }

  @Test
  void identityChangeIsAcceptedByDefaultAndRejectedOnRequest() {
    alice.processBundle(BOB, bundle("bob", 1));
    bob.decrypt(ALICE, "pkmsg", alice.encrypt(BOB, text("first")).ciphertext());

    // Bob reinstalls: new identity and prekeys.
    store.device("bob").credentials().save(DeviceKeys.credentials(random));
    store.device("bob").preKeys().store(DeviceKeys.preKeys(10, 1, random));
    PreKeyBundle rekeyed = bundle("bob", 10);

    SignalProtocol strict =
        new SignalProtocol(store, "alice", random, SignalProtocol.IdentityChangePolicy.REJECT);
    byte[] sessionBefore = store.device("alice").signalSessions().load(BOB).orElseThrow();
    assertEquals(
        "untrusted_identity",
        assertThrows(CryptoException.class, () -> strict.processBundle(BOB, rekeyed)).code());
    assertArrayEquals(
        sessionBefore, store.device("alice").signalSessions().load(BOB).orElseThrow());

    alice.processBundle(BOB, rekeyed);
    assertArrayEquals(
        Curve.stripPrefix(rekeyed.identityKey()),
        store.device("alice").identities().get(BOB).orElseThrow());
    EncryptResult m = alice.encrypt(BOB, text("to the new install"));
    assertEquals("pkmsg", m.type());
    assertArrayEquals(text("to the new install"), bob.decrypt(ALICE, m.type(), m.ciphertext()));
    SessionRecord record =
        SessionRecord.deserialize(store.device("alice").signalSessions().load(BOB).orElseThrow());
    assertEquals(1, record.archivedStates().size(), "the old session is archived");
  }

  @Test
  void deleteSessionForgetsSessionAndIdentity() {
    alice.processBundle(BOB, bundle("bob", 1));
    alice.deleteSession(BOB);
    assertFalse(alice.hasSession(BOB));
    assertTrue(store.device("alice").identities().get(BOB).isEmpty());
  }

  @Test
  void groupMessagesThroughTheStore() {
    assertEquals(
        "no_sender_key",
        assertThrows(CryptoException.class, () -> alice.groupEncrypt(GROUP, ALICE, text("x")))
            .code());
    byte[] skdm = alice.createSenderKeyDistribution(GROUP, ALICE);
    assertArrayEquals(skdm, alice.createSenderKeyDistribution(GROUP, ALICE), "key is created once");
    byte[] m1 = alice.groupEncrypt(GROUP, ALICE, text("g1"));
    byte[] m2 = alice.groupEncrypt(GROUP, ALICE, text("g2"));
    assertEquals(
        "no_sender_key",
        assertThrows(CryptoException.class, () -> bob.groupDecrypt(GROUP, ALICE, m1)).code());
    bob.processSenderKeyDistribution(GROUP, ALICE, skdm);
    assertArrayEquals(text("g2"), bob.groupDecrypt(GROUP, ALICE, m2));
    assertArrayEquals(text("g1"), bob.groupDecrypt(GROUP, ALICE, m1), "late message, kept key");
    assertEquals(
        "duplicate_message",
        assertThrows(CryptoException.class, () -> bob.groupDecrypt(GROUP, ALICE, m1)).code());

    // Commit failure on group encrypt: no ciphertext, iteration not consumed.
    byte[] before = store.device("alice").senderKeys().load(GROUP, ALICE).orElseThrow();
    store.failNextCommit();
    assertThrows(StoreException.class, () -> alice.groupEncrypt(GROUP, ALICE, text("lost")));
    assertArrayEquals(before, store.device("alice").senderKeys().load(GROUP, ALICE).orElseThrow());
    byte[] m3 = alice.groupEncrypt(GROUP, ALICE, text("g3"));
    assertEquals(2, SenderKeyMessage.parse(m3).iteration());
    assertArrayEquals(text("g3"), bob.groupDecrypt(GROUP, ALICE, m3));
  }

  @Test
  void addressesFollowTheLibsignalNodeForm() {
    assertEquals("15551234567.0", SignalProtocol.address("15551234567", 0, 0));
    assertEquals("123456789012345_1.3", SignalProtocol.address("123456789012345", 1, 3));
    assertThrows(GatewayException.class, () -> SignalProtocol.address("", 0, 0));
  }

  @Test
  void storeWithoutCredentialsIsTyped() {
    GatewayStore empty = new InMemoryGatewayStore();
    SignalProtocol nobody = new SignalProtocol(empty, "nobody", random);
    assertEquals(
        "no_identity",
        assertThrows(CryptoException.class, () -> nobody.processBundle(BOB, bundle("bob", 1)))
            .code());
    empty.close();
  }
}
