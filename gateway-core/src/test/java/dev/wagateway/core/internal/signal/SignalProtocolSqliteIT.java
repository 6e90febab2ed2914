package dev.wagateway.core.internal.signal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade over real SQLite files: sessions survive a restart, failures write nothing. */
class SignalProtocolSqliteIT {
  private static final String ALICE = "15550001111.3";
  private static final String BOB = "15550002222.0";
  private static final String GROUP = "120363000000000001@g.us";

  private final SecureRandom random = new SecureRandom();

  @TempDir Path dir;

  @Test
  void conversationSurvivesRestartAndFailuresWriteNothing() {
    byte[] pending;
    byte[] groupMessage;
    try (GatewayStore store = Stores.sqlite(dir)) {
      for (String id : new String[] {"alice", "bob"}) {
        store.device(id).credentials().save(DeviceKeys.credentials(random));
        store.device(id).preKeys().store(DeviceKeys.preKeys(1, 2, random));
      }
      SignalProtocol alice = new SignalProtocol(store, "alice", random);
      SignalProtocol bob = new SignalProtocol(store, "bob", random);
      DeviceCredentials b = store.device("bob").credentials().load().orElseThrow();
      PreKey opk = store.device("bob").preKeys().get(2).orElseThrow();
      alice.processBundle(
          BOB,
          new PreKeyBundle(
              b.registrationId(),
              b.identityKey().publicKey(),
              b.signedPreKey().id(),
              b.signedPreKey().keyPair().publicKey(),
              b.signedPreKey().signature(),
              OptionalInt.of(2),
              opk.keyPair().publicKey()));
      EncryptResult first = alice.encrypt(BOB, "one".getBytes(UTF_8));
      assertArrayEquals(
          "one".getBytes(UTF_8), bob.decrypt(ALICE, first.type(), first.ciphertext()));
      assertTrue(store.device("bob").preKeys().get(2).isEmpty());
      EncryptResult reply = bob.encrypt(ALICE, "two".getBytes(UTF_8));
      alice.decrypt(BOB, reply.type(), reply.ciphertext());

      byte[] before = store.device("bob").signalSessions().load(ALICE).orElseThrow();
      EncryptResult third = alice.encrypt(BOB, "three".getBytes(UTF_8));
      byte[] forged = third.ciphertext();
      forged[forged.length - 1] ^= 1;
      assertEquals(
          "bad_mac",
          assertThrows(CryptoException.class, () -> bob.decrypt(ALICE, "msg", forged)).code());
      assertArrayEquals(before, store.device("bob").signalSessions().load(ALICE).orElseThrow());
      pending = third.ciphertext();

      bob.processSenderKeyDistribution(
          GROUP, ALICE, alice.createSenderKeyDistribution(GROUP, ALICE));
      groupMessage = alice.groupEncrypt(GROUP, ALICE, "group".getBytes(UTF_8));
    }
    try (GatewayStore reopened = Stores.sqlite(dir)) {
      SignalProtocol alice = new SignalProtocol(reopened, "alice", random);
      SignalProtocol bob = new SignalProtocol(reopened, "bob", random);
      assertArrayEquals("three".getBytes(UTF_8), bob.decrypt(ALICE, "msg", pending));
      assertArrayEquals("group".getBytes(UTF_8), bob.groupDecrypt(GROUP, ALICE, groupMessage));
      EncryptResult next = alice.encrypt(BOB, "four".getBytes(UTF_8));
      assertEquals("msg", next.type());
      assertArrayEquals("four".getBytes(UTF_8), bob.decrypt(ALICE, next.type(), next.ciphertext()));
    }
  }
}
