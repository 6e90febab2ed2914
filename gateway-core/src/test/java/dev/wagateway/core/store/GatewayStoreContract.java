package dev.wagateway.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException.NotFoundException;
import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link GatewayStore} must have. Each implementation (in memory, SQLite, later
 * PostgreSQL) runs it by extending this class. Exported in the core test-jar.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class GatewayStoreContract {
  protected static final SecureRandom RANDOM = new SecureRandom();

  protected GatewayStore store;

  /** A fresh, empty store. */
  protected abstract GatewayStore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  protected static DeviceCredentials pairedCredentials() {
    DeviceCredentials fresh = DeviceKeys.credentials(RANDOM);
    return fresh.withAccount(
        new DeviceCredentials.Account(
            "15551234567:12@s.whatsapp.net",
            "123456789012345:12@lid",
            "Alice",
            "android",
            bytes("signed-identity")));
  }

  /** Writes one row into every narrow store of {@code sessionId}. */
  protected void fillDevice(String sessionId) {
    DeviceStore device = store.device(sessionId);
    device.credentials().save(pairedCredentials());
    device.identities().put("15550001111.0", bytes("identity"));
    device.preKeys().store(DeviceKeys.preKeys(1, 3, RANDOM));
    device.signalSessions().store("15550001111.0", bytes("session"));
    device.senderKeys().store("123-456@g.us", "15550001111.0", bytes("sender"));
    device.appStateKeys().store(bytes("key-1"), bytes("key-data"));
    device.messageJournal().record("journal-1", bytes("plaintext"));
    device.receivedMessages().record(received(sessionId, "3EB0R", 1_000));
  }

  protected void assertDeviceEmpty(String sessionId) {
    DeviceStore device = store.device(sessionId);
    assertEquals(Optional.empty(), device.credentials().load());
    assertTrue(device.identities().get("15550001111.0").isEmpty());
    assertTrue(device.preKeys().get(1).isEmpty());
    assertEquals(0, device.preKeys().maxId());
    assertEquals(0, device.preKeys().uploadedCount());
    assertTrue(device.signalSessions().load("15550001111.0").isEmpty());
    assertTrue(device.senderKeys().load("123-456@g.us", "15550001111.0").isEmpty());
    assertTrue(device.appStateKeys().load(bytes("key-1")).isEmpty());
    assertTrue(device.messageJournal().load("journal-1").isEmpty());
    assertTrue(device.receivedMessages().load(GROUP, "3EB0R").isEmpty());
  }

  protected void assertDeviceFull(String sessionId) {
    DeviceStore device = store.device(sessionId);
    assertTrue(device.credentials().load().isPresent());
    assertArrayEquals(bytes("identity"), device.identities().get("15550001111.0").orElseThrow());
    assertEquals(3, device.preKeys().maxId());
    assertArrayEquals(
        bytes("session"), device.signalSessions().load("15550001111.0").orElseThrow());
    assertArrayEquals(
        bytes("sender"), device.senderKeys().load("123-456@g.us", "15550001111.0").orElseThrow());
    assertArrayEquals(bytes("key-data"), device.appStateKeys().load(bytes("key-1")).orElseThrow());
    assertEquals(
        received(sessionId, "3EB0R", 1_000),
        device.receivedMessages().load(GROUP, "3EB0R").orElseThrow());
  }

  private static final String GROUP = "120363000000000001@g.us";

  /** A message member 15557770001 sent to {@link #GROUP}, received at {@code atMillis}. */
  protected static dev.wagateway.core.ReceivedMessage received(
      String sessionId, String messageId, long atMillis) {
    return new dev.wagateway.core.ReceivedMessage(
        sessionId,
        GROUP,
        messageId,
        "15557770001@s.whatsapp.net",
        false,
        java.time.Instant.ofEpochMilli(atMillis));
  }

  protected static StoredSession session(String id, String orgId, long createdAt) {
    return StoredSession.create(id, orgId, createdAt);
  }

  // ---- credentials ----

  @Test
  void credentialsRoundTripUnpairedAndPaired() {
    CredentialStore creds = store.device("s1").credentials();
    assertEquals(Optional.empty(), creds.load());

    DeviceCredentials fresh = DeviceKeys.credentials(RANDOM);
    creds.save(fresh);
    DeviceCredentials loaded = creds.load().orElseThrow();
    assertEquals(fresh, loaded);
    assertArrayEquals(fresh.noiseKey().privateKey(), loaded.noiseKey().privateKey());
    assertArrayEquals(fresh.signedPreKey().signature(), loaded.signedPreKey().signature());
    assertArrayEquals(fresh.advSecret(), loaded.advSecret());
    assertFalse(loaded.paired());

    DeviceCredentials paired =
        fresh.withAccount(
            new DeviceCredentials.Account(
                "15551234567:3@s.whatsapp.net", null, null, null, bytes("adv")));
    creds.save(paired);
    DeviceCredentials reloaded = creds.load().orElseThrow();
    assertEquals(paired, reloaded);
    assertEquals("15551234567:3@s.whatsapp.net", reloaded.account().jid());
    assertEquals(null, reloaded.account().lid());
    assertArrayEquals(bytes("adv"), reloaded.account().signedIdentity());

    creds.clear();
    assertEquals(Optional.empty(), creds.load());
  }

  // ---- identities ----

  @Test
  void identitiesPutGetOverwriteRemove() {
    IdentityStore ids = store.device("s1").identities();
    assertTrue(ids.get("a.0").isEmpty());
    ids.put("a.0", bytes("k1"));
    ids.put("b.1", bytes("k2"));
    assertArrayEquals(bytes("k1"), ids.get("a.0").orElseThrow());
    ids.put("a.0", bytes("k3"));
    assertArrayEquals(bytes("k3"), ids.get("a.0").orElseThrow());
    ids.remove("a.0");
    assertTrue(ids.get("a.0").isEmpty());
    assertArrayEquals(bytes("k2"), ids.get("b.1").orElseThrow());
  }

  @Test
  void returnedBytesAreCopies() {
    IdentityStore ids = store.device("s1").identities();
    byte[] key = bytes("key");
    ids.put("a.0", key);
    key[0] = 'X';
    byte[] first = ids.get("a.0").orElseThrow();
    first[1] = 'Y';
    assertArrayEquals(bytes("key"), ids.get("a.0").orElseThrow());
  }

  // ---- prekeys ----

  @Test
  void preKeysStoreUploadAndRemove() {
    PreKeyStore preKeys = store.device("s1").preKeys();
    assertEquals(0, preKeys.maxId());
    List<PreKey> batch = DeviceKeys.preKeys(1, 10, RANDOM);
    preKeys.store(batch);

    assertEquals(10, preKeys.maxId());
    assertEquals(batch.get(4), preKeys.get(5).orElseThrow());
    assertArrayEquals(
        batch.get(4).keyPair().privateKey(), preKeys.get(5).orElseThrow().keyPair().privateKey());
    assertEquals(batch.subList(0, 4), preKeys.unuploaded(4));
    assertEquals(0, preKeys.uploadedCount());

    preKeys.markUploaded(6);
    assertEquals(6, preKeys.uploadedCount());
    assertEquals(batch.subList(6, 10), preKeys.unuploaded(100));

    preKeys.remove(3);
    assertTrue(preKeys.get(3).isEmpty());
    assertEquals(5, preKeys.uploadedCount());

    preKeys.remove(10);
    assertEquals(10, preKeys.maxId(), "maxId is the highest id ever stored");
    assertEquals(batch.subList(6, 9), preKeys.unuploaded(100));
  }

  @Test
  void preKeysUnuploadedAreOrderedById() {
    PreKeyStore preKeys = store.device("s1").preKeys();
    List<PreKey> batch = DeviceKeys.preKeys(1, 12, RANDOM);
    List<PreKey> shuffled = new ArrayList<>(batch);
    java.util.Collections.reverse(shuffled);
    preKeys.store(shuffled);
    assertEquals(batch, preKeys.unuploaded(12));
    assertEquals(List.of(), preKeys.unuploaded(0));
  }

  @Test
  void storingAnExistingPreKeyIdReplacesItAsNotUploaded() {
    PreKeyStore preKeys = store.device("s1").preKeys();
    preKeys.store(DeviceKeys.preKeys(1, 2, RANDOM));
    preKeys.markUploaded(2);
    List<PreKey> replacement = DeviceKeys.preKeys(2, 1, RANDOM);
    preKeys.store(replacement);
    assertEquals(replacement.get(0), preKeys.get(2).orElseThrow());
    assertEquals(1, preKeys.uploadedCount());
    assertEquals(replacement, preKeys.unuploaded(5));
  }

  // ---- signal sessions, sender keys, app-state keys ----

  @Test
  void signalSessionsLoadStoreDelete() {
    SignalSessionStore sessions = store.device("s1").signalSessions();
    assertTrue(sessions.load("a.1").isEmpty());
    sessions.store("a.1", bytes("r1"));
    sessions.store("a.1", bytes("r2"));
    sessions.store("a.2", bytes("r3"));
    assertArrayEquals(bytes("r2"), sessions.load("a.1").orElseThrow());
    sessions.delete("a.1");
    assertTrue(sessions.load("a.1").isEmpty());
    assertArrayEquals(bytes("r3"), sessions.load("a.2").orElseThrow());
  }

  @Test
  void senderKeysLoadStoreDelete() {
    SenderKeyStore keys = store.device("s1").senderKeys();
    keys.store("g1@g.us", "a.0", bytes("x"));
    keys.store("g1@g.us", "b.0", bytes("y"));
    keys.store("g2@g.us", "a.0", bytes("z"));
    keys.store("g1@g.us", "a.0", bytes("x2"));
    assertArrayEquals(bytes("x2"), keys.load("g1@g.us", "a.0").orElseThrow());
    assertArrayEquals(bytes("y"), keys.load("g1@g.us", "b.0").orElseThrow());
    assertArrayEquals(bytes("z"), keys.load("g2@g.us", "a.0").orElseThrow());
    keys.delete("g1@g.us", "a.0");
    assertTrue(keys.load("g1@g.us", "a.0").isEmpty());
    assertArrayEquals(bytes("z"), keys.load("g2@g.us", "a.0").orElseThrow());
  }

  @Test
  void appStateKeysLoadStore() {
    AppStateKeyStore keys = store.device("s1").appStateKeys();
    byte[] id = {0, 0, 1, (byte) 0xff};
    assertTrue(keys.load(id).isEmpty());
    keys.store(id, bytes("data1"));
    keys.store(id, bytes("data2"));
    assertArrayEquals(bytes("data2"), keys.load(id).orElseThrow());
    assertTrue(keys.load(new byte[] {0, 0, 1}).isEmpty());
  }

  // ---- transactions ----

  @Test
  void transactionCommitsEveryWrite() {
    DeviceCredentials creds = pairedCredentials();
    String result =
        store.inTransaction(
            "s1",
            tx -> {
              tx.credentials().save(creds);
              tx.preKeys().store(DeviceKeys.preKeys(1, 5, RANDOM));
              tx.signalSessions().store("a.0", bytes("rec"));
              assertEquals(creds, tx.credentials().load().orElseThrow(), "reads its own writes");
              return "done";
            });
    assertEquals("done", result);
    DeviceStore device = store.device("s1");
    assertEquals(creds, device.credentials().load().orElseThrow());
    assertEquals(5, device.preKeys().unuploaded(10).size());
    assertArrayEquals(bytes("rec"), device.signalSessions().load("a.0").orElseThrow());
  }

  @Test
  void throwingWorkLeavesNoRows() {
    store.device("s1").identities().put("keep.0", bytes("old"));
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                store.inTransaction(
                    "s1",
                    tx -> {
                      tx.credentials().save(pairedCredentials());
                      tx.preKeys().store(DeviceKeys.preKeys(1, 5, RANDOM));
                      tx.identities().put("keep.0", bytes("new"));
                      tx.identities().remove("keep.0");
                      tx.senderKeys().store("g@g.us", "a.0", bytes("s"));
                      store.sessionMeta().create(session("s1", "org", 1));
                      throw boom;
                    }));
    assertSame(boom, thrown, "the work's exception is rethrown unchanged");
    DeviceStore device = store.device("s1");
    assertEquals(Optional.empty(), device.credentials().load());
    assertEquals(0, device.preKeys().maxId());
    assertEquals(List.of(), device.preKeys().unuploaded(10));
    assertArrayEquals(bytes("old"), device.identities().get("keep.0").orElseThrow());
    assertTrue(device.senderKeys().load("g@g.us", "a.0").isEmpty());
    assertTrue(store.sessionMeta().get("s1").isEmpty());
  }

  @Test
  void deviceStoreUsedOnTheSameThreadJoinsTheTransaction() {
    assertThrows(
        IllegalStateException.class,
        () ->
            store.inTransaction(
                "s1",
                tx -> {
                  store.device("s1").signalSessions().store("a.0", bytes("x"));
                  assertArrayEquals(bytes("x"), tx.signalSessions().load("a.0").orElseThrow());
                  throw new IllegalStateException("abort");
                }));
    assertTrue(store.device("s1").signalSessions().load("a.0").isEmpty());
  }

  @Test
  void nestedTransactionJoinsTheOuterOne() {
    store.inTransaction(
        "s1",
        tx -> {
          tx.identities().put("a.0", bytes("outer"));
          return store.inTransaction(
              "s1",
              inner -> {
                assertArrayEquals(bytes("outer"), inner.identities().get("a.0").orElseThrow());
                inner.identities().put("b.0", bytes("inner"));
                return null;
              });
        });
    assertArrayEquals(bytes("outer"), store.device("s1").identities().get("a.0").orElseThrow());
    assertArrayEquals(bytes("inner"), store.device("s1").identities().get("b.0").orElseThrow());
  }

  @Test
  void failedNestedWorkRollsBackTheOuterTransactionEvenWhenCaught() {
    assertThrows(
        StoreException.class,
        () ->
            store.inTransaction(
                "s1",
                tx -> {
                  tx.identities().put("a.0", bytes("outer"));
                  try {
                    store.inTransaction(
                        "s1",
                        inner -> {
                          inner.identities().put("b.0", bytes("inner"));
                          throw new IllegalArgumentException("inner fails");
                        });
                  } catch (IllegalArgumentException expected) {
                    // swallowed on purpose: the outer transaction must still roll back
                  }
                  return null;
                }));
    assertTrue(store.device("s1").identities().get("a.0").isEmpty());
    assertTrue(store.device("s1").identities().get("b.0").isEmpty());
  }

  @Test
  void uncommittedWritesAreInvisibleToOtherThreads() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);
    AtomicReference<Optional<byte[]>> seenDuring = new AtomicReference<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> writer =
          pool.submit(
              () ->
                  store.inTransaction(
                      "s1",
                      tx -> {
                        tx.signalSessions().store("a.0", bytes("pending"));
                        written.countDown();
                        await(checked);
                        return null;
                      }));
      assertTrue(written.await(20, TimeUnit.SECONDS));
      seenDuring.set(store.device("s1").signalSessions().load("a.0"));
      checked.countDown();
      writer.get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
    }
    assertTrue(seenDuring.get().isEmpty(), "reader saw an uncommitted write");
    assertArrayEquals(bytes("pending"), store.device("s1").signalSessions().load("a.0").get());
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void concurrentWritesOnDifferentSessionsAllSucceed() throws Exception {
    int threads = 8;
    int rounds = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String sessionId = "c" + t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 1; i <= rounds; i++) {
                    int id = i;
                    store.inTransaction(
                        sessionId,
                        tx -> {
                          tx.preKeys().store(DeviceKeys.preKeys(id, 1, RANDOM));
                          tx.signalSessions().store("a." + id, bytes("r" + id));
                          return null;
                        });
                    store.device(sessionId).identities().put("i." + id, bytes("k" + id));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
    }
    for (int t = 0; t < threads; t++) {
      DeviceStore device = store.device("c" + t);
      assertEquals(rounds, device.preKeys().maxId());
      assertEquals(rounds, device.preKeys().unuploaded(1000).size());
      assertArrayEquals(bytes("r" + rounds), device.signalSessions().load("a." + rounds).get());
      assertArrayEquals(bytes("k7"), device.identities().get("i.7").orElseThrow());
    }
  }

  // ---- deletion and isolation ----

  @Test
  void sessionsAreIsolated() {
    fillDevice("s1");
    assertDeviceEmpty("s2");
    store.device("s2").identities().put("15550001111.0", bytes("other"));
    assertArrayEquals(
        bytes("identity"), store.device("s1").identities().get("15550001111.0").orElseThrow());
    store.deleteSession("s2");
    assertDeviceFull("s1");
  }

  @Test
  void deleteDeviceRemovesKeyMaterialButKeepsMetadata() {
    store.sessionMeta().create(session("s1", "org", 1));
    fillDevice("s1");
    fillDevice("s2");
    store.deleteDevice("s1");
    assertDeviceEmpty("s1");
    assertTrue(store.sessionMeta().get("s1").isPresent());
    assertDeviceFull("s2");
  }

  @Test
  void deleteSessionRemovesEverything() {
    store.sessionMeta().create(session("s1", "org", 1));
    store.sessionMeta().create(session("s2", "org", 2));
    fillDevice("s1");
    fillDevice("s2");
    store.deleteSession("s1");
    assertDeviceEmpty("s1");
    assertTrue(store.sessionMeta().get("s1").isEmpty());
    assertDeviceFull("s2");
    assertTrue(store.sessionMeta().get("s2").isPresent());
    store.deleteSession("never-existed");
  }

  // ---- session metadata ----

  @Test
  void sessionMetaCreateGetUpdateDelete() {
    SessionMetaStore meta = store.sessionMeta();
    StoredSession created =
        new StoredSession(
            "s1",
            "org-a",
            "sender-1",
            "Support line",
            DesiredState.STARTED,
            StoredSession.STATUS_QR_READY,
            null,
            new EgressChoice(EgressKind.ANDROID, "phone-7", "DE"),
            null,
            null,
            null,
            null,
            1000L,
            1000L,
            null);
    meta.create(created);
    assertEquals(created, meta.get("s1").orElseThrow());
    assertThrows(ValidationException.class, () -> meta.create(session("s1", "org-b", 5)));

    StoredSession updated =
        created
            .withStatus(StoredSession.STATUS_READY, null, 2000L)
            .withAccount(
                "15551234567", "Alice", "15551234567:4@s.whatsapp.net", "1234:4@lid", 2000L)
            .withEgress(new EgressChoice(EgressKind.EXTERNAL, null, null), 2000L)
            .withDesiredState(DesiredState.STOPPED, 2001L);
    meta.update(updated);
    StoredSession loaded = meta.get("s1").orElseThrow();
    assertEquals(updated, loaded);
    assertEquals(2000L, loaded.lastConnectedAt());
    assertEquals(2001L, loaded.updatedAt());
    assertEquals(1000L, loaded.createdAt());
    assertEquals(EgressKind.EXTERNAL, loaded.egress().kind());

    StoredSession failed =
        loaded
            .withStatus(StoredSession.STATUS_FAILED, "egress down", 3000L)
            .withEgress(null, 3000L)
            .withLabels(null, null, 3000L);
    meta.update(failed);
    assertEquals(failed, meta.get("s1").orElseThrow());
    assertEquals("egress down", meta.get("s1").orElseThrow().lastError());

    assertThrows(NotFoundException.class, () -> meta.update(session("nope", "org-a", 1)));
    assertTrue(meta.delete("s1"));
    assertFalse(meta.delete("s1"));
    assertTrue(meta.get("s1").isEmpty());
  }

  @Test
  void sessionMetaListsByOrgOldestFirstWithPaging() {
    SessionMetaStore meta = store.sessionMeta();
    meta.create(session("b", "org-a", 20));
    meta.create(session("a", "org-a", 20));
    meta.create(session("c", "org-a", 10));
    meta.create(session("x", "org-b", 5));
    meta.create(session("d", "org-a", 30));

    List<String> all = meta.list("org-a", 0, 100).stream().map(StoredSession::id).toList();
    assertEquals(List.of("c", "a", "b", "d"), all);
    assertEquals(
        List.of("a", "b"), meta.list("org-a", 1, 2).stream().map(StoredSession::id).toList());
    assertEquals(List.of(), meta.list("org-a", 4, 2));
    assertEquals(4, meta.count("org-a"));
    assertEquals(1, meta.count("org-b"));
    assertEquals(0, meta.count("org-c"));
    assertEquals(
        List.of("x", "c", "a", "b", "d"), meta.listAll().stream().map(StoredSession::id).toList());
  }

  // ---- validation and lifecycle ----

  @Test
  void badInputIsAValidationException() {
    assertThrows(ValidationException.class, () -> store.device(""));
    assertThrows(ValidationException.class, () -> store.device(null));
    assertThrows(
        ValidationException.class, () -> store.device("s1").identities().put(" ", bytes("k")));
    assertThrows(ValidationException.class, () -> store.device("s1").identities().put("a.0", null));
    assertThrows(ValidationException.class, () -> store.device("s1").credentials().save(null));
    assertThrows(ValidationException.class, () -> store.sessionMeta().list("org", -1, 5));
    assertThrows(ValidationException.class, () -> store.inTransaction("s1", null));
  }

  @Test
  void closedStoreFailsWithStoreException() {
    store.device("s1").identities().put("a.0", bytes("k"));
    store.close();
    StoreException e =
        assertThrows(StoreException.class, () -> store.device("s1").identities().get("a.0"));
    assertEquals("store_error", e.code());
    store = null;
  }

  @org.junit.jupiter.api.Test
  void messageJournalRecordsLoadsAndPrunesByAge() {
    DeviceStore device = store.device("j1");
    device.messageJournal().record("k1", bytes("one"));
    device.messageJournal().record("k1", bytes("uno"));
    assertArrayEquals(bytes("uno"), device.messageJournal().load("k1").orElseThrow());
    assertTrue(store.device("j2").messageJournal().load("k1").isEmpty());
    assertEquals(0, device.messageJournal().deleteOlderThan(0));
    assertEquals(1, device.messageJournal().deleteOlderThan(System.currentTimeMillis() + 60_000));
    assertTrue(device.messageJournal().load("k1").isEmpty());
  }

  @Test
  void receivedMessagesAreKeyedByChatAndIdReplacedOnRedeliveryAndPrunedByAge() {
    ReceivedMessageStore received = store.device("r1").receivedMessages();
    received.record(received("r1", "3EB0A", 1_000));
    received.record(received("r1", "3EB0B", 5_000));
    dev.wagateway.core.ReceivedMessage own =
        new dev.wagateway.core.ReceivedMessage(
            "r1",
            "15557770001@s.whatsapp.net",
            "3EB0A",
            "15550001234@s.whatsapp.net",
            true,
            java.time.Instant.ofEpochMilli(2_000));
    received.record(own);
    assertEquals(received("r1", "3EB0A", 1_000), received.load(GROUP, "3EB0A").orElseThrow());
    assertEquals(own, received.load("15557770001@s.whatsapp.net", "3EB0A").orElseThrow());
    assertTrue(received.load(GROUP, "3EB0C").isEmpty());
    assertTrue(store.device("r2").receivedMessages().load(GROUP, "3EB0A").isEmpty());
    assertThrows(ValidationException.class, () -> received.record(received("r2", "3EB0D", 1)));
    assertThrows(ValidationException.class, () -> received.load(" ", "3EB0A"));

    // a redelivery records the same key again, with its new time
    received.record(received("r1", "3EB0A", 3_000));
    assertEquals(
        java.time.Instant.ofEpochMilli(3_000),
        received.load(GROUP, "3EB0A").orElseThrow().receivedAt());

    assertEquals(0, received.deleteOlderThan(2_000));
    assertEquals(2, received.deleteOlderThan(3_001));
    assertTrue(received.load(GROUP, "3EB0A").isEmpty());
    assertTrue(received.load(GROUP, "3EB0B").isPresent());
    assertTrue(received.load("15557770001@s.whatsapp.net", "3EB0A").isEmpty());
  }

  @Test
  void aReceivedMessageRecordedInAFailedTransactionIsNotKept() {
    assertThrows(
        IllegalStateException.class,
        () ->
            store.inTransaction(
                "r3",
                d -> {
                  d.receivedMessages().record(received("r3", "3EB0E", 1_000));
                  throw new IllegalStateException("decrypt failed");
                }));
    assertTrue(store.device("r3").receivedMessages().load(GROUP, "3EB0E").isEmpty());
    store.inTransaction(
        "r3",
        d -> {
          d.receivedMessages().record(received("r3", "3EB0E", 1_000));
          return null;
        });
    assertTrue(store.device("r3").receivedMessages().load(GROUP, "3EB0E").isPresent());
  }

  @Test
  void theSendQueueKeepsAcceptedMessagesInOrderUntilDequeued() {
    SentMessageStore sent = store.device("m1").sentMessages();
    java.time.Instant t0 = java.time.Instant.ofEpochMilli(1_000);
    byte[] first = {1, 2, 3};
    sent.enqueue(
        dev.wagateway.core.SentMessage.pending("3EBQ2", "m1", "1555@s.whatsapp.net", "text", t0),
        first);
    sent.enqueue(
        dev.wagateway.core.SentMessage.pending("3EBQ1", "m1", "1555@s.whatsapp.net", "text", t0),
        new byte[] {4});
    first[0] = 9; // copied in
    assertThrows(
        ValidationException.class,
        () ->
            sent.enqueue(
                dev.wagateway.core.SentMessage.pending(
                    "3EBQ1", "m1", "1555@s.whatsapp.net", "text", t0),
                new byte[] {5}));
    List<SentMessageStore.Queued> queued = sent.queued();
    assertEquals(2, queued.size());
    assertEquals("3EBQ2", queued.get(0).message().id(), "in the order accepted, not by id");
    assertArrayEquals(new byte[] {1, 2, 3}, queued.get(0).payload());
    assertEquals(dev.wagateway.core.MessageStatus.PENDING, queued.get(0).message().status());
    assertEquals("3EBQ1", queued.get(1).message().id());
    assertArrayEquals(new byte[] {4}, queued.get(1).payload());
    assertTrue(store.device("m2").sentMessages().queued().isEmpty(), "per session");

    sent.dequeue("3EBQ2");
    assertEquals(List.of("3EBQ1"), sent.queued().stream().map(q -> q.message().id()).toList());
    assertTrue(sent.load("3EBQ2").isPresent(), "the record stays");
    sent.dequeue("3EBQ1");
    assertTrue(sent.queued().isEmpty());
  }

  @org.junit.jupiter.api.Test
  void sentMessagesMoveOnlyForwardSurviveLogoutAndGoWithTheSession() {
    DeviceStore device = store.device("m1");
    java.time.Instant t0 = java.time.Instant.ofEpochMilli(1_000);
    device
        .sentMessages()
        .insert(
            dev.wagateway.core.SentMessage.pending(
                "3EB0A", "m1", "1555@s.whatsapp.net", "image", t0));
    assertThrows(
        ValidationException.class,
        () ->
            device
                .sentMessages()
                .insert(
                    dev.wagateway.core.SentMessage.pending(
                        "3EB0A", "m1", "1555@s.whatsapp.net", "text", t0)));
    assertTrue(store.device("m2").sentMessages().load("3EB0A").isEmpty());
    dev.wagateway.core.SentMessage sent =
        device
            .sentMessages()
            .advance("3EB0A", dev.wagateway.core.MessageStatus.SENT, null, null, 2_000)
            .orElseThrow();
    assertEquals(dev.wagateway.core.MessageStatus.SENT, sent.status());
    assertTrue(
        device
            .sentMessages()
            .advance("3EB0A", dev.wagateway.core.MessageStatus.PENDING, null, null, 3_000)
            .isEmpty(),
        "never back");
    assertTrue(
        device
            .sentMessages()
            .advance("3EB0A", dev.wagateway.core.MessageStatus.FAILED, "x", "y", 3_000)
            .isEmpty(),
        "only a pending message fails");
    device
        .sentMessages()
        .advance("3EB0A", dev.wagateway.core.MessageStatus.READ, null, null, 4_000);
    dev.wagateway.core.SentMessage read = device.sentMessages().load("3EB0A").orElseThrow();
    assertEquals(dev.wagateway.core.MessageStatus.READ, read.status());
    assertEquals("image", read.type());
    assertEquals("1555@s.whatsapp.net", read.to());
    assertEquals(t0, read.createdAt());
    assertEquals(4_000, read.updatedAt().toEpochMilli());

    device
        .sentMessages()
        .insert(
            dev.wagateway.core.SentMessage.pending(
                "3EB0B",
                "m1",
                "1555@s.whatsapp.net",
                "text",
                java.time.Instant.ofEpochMilli(5_000)));
    dev.wagateway.core.SentMessage failed =
        device
            .sentMessages()
            .advance(
                "3EB0B",
                dev.wagateway.core.MessageStatus.FAILED,
                "media_download_failed",
                "HTTP 404",
                6_000)
            .orElseThrow();
    assertEquals("media_download_failed", failed.errorCode());
    assertEquals("HTTP 404", device.sentMessages().load("3EB0B").orElseThrow().errorMessage());

    store.deleteDevice("m1");
    assertTrue(device.sentMessages().load("3EB0A").isPresent(), "kept across a logout");
    assertEquals(1, device.sentMessages().deleteOlderThan(2_000));
    assertTrue(device.sentMessages().load("3EB0A").isEmpty());
    store.deleteSession("m1");
    assertTrue(device.sentMessages().load("3EB0B").isEmpty(), "gone with the session");
  }

  @org.junit.jupiter.api.Test
  void aSentMessageInsertedInAFailedTransactionIsNotKept() {
    assertThrows(
        IllegalStateException.class,
        () ->
            store.inTransaction(
                "m3",
                d -> {
                  d.sentMessages()
                      .insert(
                          dev.wagateway.core.SentMessage.pending(
                              "3EB0C", "m3", "1@s.whatsapp.net", "text", java.time.Instant.EPOCH));
                  throw new IllegalStateException("boom");
                }));
    assertTrue(store.device("m3").sentMessages().load("3EB0C").isEmpty());
  }
}
