package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.Identity;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.LoggedOut;
import dev.wagateway.core.event.PairingCodeIssued;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.ForwardingGatewayStore;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.StoredSession;
import dev.wagateway.core.wire.Jid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session layer end to end against the simulator and its simulated phone: QR and phone-code
 * pairing, resume after a restart on the same SQLite file, logout and re-pair, refused
 * pair-success, unlink from the phone, and a crash between storing a pairing and answering it.
 */
class SessionPairingIT {
  private static final String PHONE = "15550001234";

  @TempDir Path dataDir;

  private WaSimulator simulator;
  private SimulatedPhone phone;
  private GatewayStore store;
  private SessionHost host;
  private final EventLog events = new EventLog();

  @BeforeEach
  void startSimulator() {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    phone = simulator.addPhone(PHONE, "Alice");
  }

  @AfterEach
  void stopAll() {
    if (host != null) {
      host.close();
    }
    if (store != null) {
      store.close();
    }
    simulator.close();
  }

  private SessionHostConfig.Builder config(GatewayStore gatewayStore) {
    return simulator
        .sessionHostConfig(gatewayStore)
        .preKeys(30, 10, 5)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500), 0.3);
  }

  private SessionHost openHost() {
    store = Stores.sqlite(dataDir);
    host = SessionHost.open(config(store).build());
    host.subscribe(events);
    return host;
  }

  private void restartHost() {
    host.close();
    store.close();
    host = null;
    store = null;
    openHost();
  }

  /** Creates a started session, scans its first QR with the phone, waits for ready. */
  private SessionInfo pairByQr(String id) throws Exception {
    host.create(NewSession.builder("org1").id(id).startImmediately(true).build());
    QrCodeIssued qr = events.awaitQr(events.of(QrCodeIssued.class).size());
    assertEquals(SessionStatus.QR_READY, host.get(id).orElseThrow().status());
    assertEquals(qr.code(), host.currentQr(id).orElseThrow().code());
    Paired paired = phone.scanQr(qr.code());
    assertEquals(Paired.Outcome.LINKED, paired.outcome());
    events.awaitStatus(id, SessionStatus.READY);
    return host.get(id).orElseThrow();
  }

  @Test
  void qrPairingLogsInAfterTheRestartAndUploadsPreKeys() throws Exception {
    openHost();
    SessionInfo ready = pairByQr("s1");

    Identity me = ready.identity();
    assertNotNull(me);
    assertEquals(PHONE + ":1@s.whatsapp.net", me.jid());
    assertEquals("+" + PHONE, me.phone());
    assertEquals(1, me.deviceId());
    assertEquals("android", me.platform());
    assertEquals("Alice", me.pushName(), "display_name of success");
    assertTrue(me.lid().endsWith(":1@lid"), me.lid());
    assertNull(ready.currentQr());
    assertNull(ready.lastError());
    assertNotNull(ready.lastConnectedAt());
    assertEquals(me, host.me("s1").orElseThrow());

    // QR string: link prefix, the stored keys, the Chrome client type
    String qr = events.of(QrCodeIssued.class).get(0).code();
    DeviceCredentials creds = store.device("s1").credentials().load().orElseThrow();
    assertTrue(qr.startsWith("https://wa.me/settings/linked_devices#"), qr);
    assertTrue(
        qr.endsWith(
            ","
                + java.util.Base64.getEncoder().encodeToString(creds.noiseKey().publicKey())
                + ","
                + java.util.Base64.getEncoder().encodeToString(creds.identityKey().publicKey())
                + ","
                + java.util.Base64.getEncoder().encodeToString(creds.advSecret())
                + ",1"),
        qr);

    // stored rows: the account, the primary's identity, the confirmed link in the metadata
    assertEquals(me.jid(), creds.account().jid());
    assertEquals(me.lid(), creds.account().lid());
    Jid lid = Jid.parse(me.lid());
    assertArrayEquals(
        phone.identityPublicKey(),
        store
            .device("s1")
            .identities()
            .get(SignalProtocol.address(lid.user(), lid.domainType(), 0))
            .orElseThrow());
    StoredSession row = store.sessionMeta().get("s1").orElseThrow();
    assertEquals("ready", row.status());
    assertEquals(me.jid(), row.jid());
    assertEquals(PHONE, row.phone());
    assertEquals(DesiredState.STARTED, row.desiredState());
    assertNotNull(row.lastConnectedAt());

    // after the 515 the session logged in, uploaded the initial prekeys and went active
    SimulatedConnection login = simulator.awaitLogin(me.jid(), EventLog.WAIT);
    assertNotNull(login);
    assertTrue(login.active());
    assertEquals(30, store.device("s1").preKeys().uploadedCount());
    events.await(dev.wagateway.core.event.Paired.class, p -> p.identity().jid().equals(me.jid()));
    events.await(
        dev.wagateway.core.event.Disconnected.class,
        d -> d.reason().equals("restart_required") && d.willReconnect());
  }

  @Test
  void phoneCodePairing() throws Exception {
    openHost();
    host.create(NewSession.builder("org1").id("code").build());
    byte[] registrationAdv = null;
    PairingCode code = host.requestPairingCode("code", "+1 555 000 1234");
    assertTrue(code.code().matches("[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}"), code.code());
    PairingCodeIssued issued = events.await(PairingCodeIssued.class, e -> true);
    assertEquals(code.code(), issued.code());
    registrationAdv = store.device("code").credentials().load().orElseThrow().advSecret();
    assertEquals(0, events.of(QrCodeIssued.class).size(), "no QR events while a code is pending");

    Paired paired = phone.enterPairingCode(code.code());
    assertEquals(Paired.Outcome.LINKED, paired.outcome());
    events.awaitStatus("code", SessionStatus.READY);
    SessionInfo info = host.get("code").orElseThrow();
    assertEquals(PHONE + ":1@s.whatsapp.net", info.identity().jid());
    DeviceCredentials creds = store.device("code").credentials().load().orElseThrow();
    assertTrue(creds.paired());
    assertFalse(
        java.util.Arrays.equals(registrationAdv, creds.advSecret()),
        "the derived ADV secret replaced the registration one");

    assertThrows(
        GatewayException.ValidationException.class,
        () -> host.requestPairingCode("code", PHONE),
        "an already-paired session gets a validation error");
  }

  @Test
  void restartOnTheSameSqliteFileResumesReadyWithoutQr() throws Exception {
    openHost();
    SessionInfo first = pairByQr("s1");
    DeviceCredentials before = store.device("s1").credentials().load().orElseThrow();
    restartHost();
    events.clear();
    events.awaitStatus("s1", SessionStatus.READY);
    assertEquals(0, events.of(QrCodeIssued.class).size());
    SessionInfo resumed = host.get("s1").orElseThrow();
    assertEquals(first.identity().jid(), resumed.identity().jid());
    assertEquals(before, store.device("s1").credentials().load().orElseThrow());
    assertEquals(2, simulator.connectionsFor(first.identity().jid()).size());

    // a stopped session stays stopped across a restart, and keeps its pairing
    host.stop("s1");
    restartHost();
    Thread.sleep(300);
    SessionInfo stopped = host.get("s1").orElseThrow();
    assertEquals(SessionStatus.DISCONNECTED, stopped.status());
    assertEquals(DesiredState.STOPPED, stopped.desiredState());
    assertEquals(first.identity().jid(), stopped.identity().jid());
    host.start("s1");
    events.awaitStatus("s1", SessionStatus.READY);
  }

  @Test
  void logoutThenPairAgainWithoutDeleting() throws Exception {
    openHost();
    SessionInfo first = pairByQr("s1");
    DeviceCredentials paired = store.device("s1").credentials().load().orElseThrow();

    SessionInfo out = host.logout("s1");
    assertEquals(SessionStatus.DISCONNECTED, out.status());
    assertNull(out.identity());
    assertNull(out.lastError());
    assertEquals(DesiredState.STOPPED, out.desiredState());
    events.await(LoggedOut.class, e -> e.reason().equals(LoggedOut.LOGOUT_REQUESTED));
    assertTrue(simulator.pairedDevices().isEmpty(), "the phone no longer lists the device");
    DeviceCredentials fresh = store.device("s1").credentials().load().orElseThrow();
    assertFalse(fresh.paired());
    assertNotEquals(paired.noiseKey(), fresh.noiseKey(), "a fresh device replaces the old one");
    assertEquals(0, store.device("s1").preKeys().uploadedCount());
    StoredSession row = store.sessionMeta().get("s1").orElseThrow();
    assertNull(row.jid());
    assertNull(row.phone());

    assertEquals(out.status(), host.logout("s1").status(), "logout is idempotent");

    host.start("s1");
    QrCodeIssued qr = events.awaitQr(events.of(QrCodeIssued.class).size());
    assertEquals(Paired.Outcome.LINKED, phone.scanQr(qr.code()).outcome());
    events.await(
        StatusChanged.class,
        e ->
            e.status() == SessionStatus.READY
                && e.identity() != null
                && !e.identity().jid().equals(first.identity().jid()));
    assertEquals(PHONE + ":2@s.whatsapp.net", host.me("s1").orElseThrow().jid());
  }

  @Test
  void badPairSuccessGetsPairErrorAndChangesNoCredentials() throws Exception {
    for (PairingFault fault :
        new PairingFault[] {PairingFault.BAD_HMAC, PairingFault.BAD_ACCOUNT_SIGNATURE}) {
      if (host == null) {
        openHost();
      }
      String id = "bad-" + fault.name().toLowerCase(java.util.Locale.ROOT);
      host.create(NewSession.builder("org1").id(id).startImmediately(true).build());
      QrCodeIssued qr = events.await(QrCodeIssued.class, e -> e.sessionId().equals(id));
      DeviceCredentials before = store.device(id).credentials().load().orElseThrow();

      Paired outcome = phone.scanQr(qr.code(), fault);
      assertEquals(Paired.Outcome.REJECTED, outcome.outcome());
      assertEquals(401, outcome.errorCode());
      String text = fault == PairingFault.BAD_HMAC ? "hmac-mismatch" : "signature-mismatch";
      assertEquals(text, outcome.errorText());

      StatusChanged failed = events.awaitStatus(id, SessionStatus.FAILED);
      String code = fault == PairingFault.BAD_HMAC ? "bad_hmac" : "bad_account_signature";
      assertTrue(failed.lastError().startsWith("pairing_failed: " + code), failed.lastError());
      assertEquals(before, store.device(id).credentials().load().orElseThrow());
      assertFalse(store.device(id).credentials().load().orElseThrow().paired());
      Jid lid = Jid.parse(outcome.lid());
      assertTrue(
          store
              .device(id)
              .identities()
              .get(SignalProtocol.address(lid.user(), lid.domainType(), 0))
              .isEmpty());
      assertNull(store.sessionMeta().get(id).orElseThrow().jid());
      assertTrue(simulator.pairedDevices().isEmpty());
    }
  }

  @Test
  void unlinkFromThePhoneShowsInStatusAndAsAnEvent() throws Exception {
    openHost();
    SessionInfo ready = pairByQr("s1");
    phone.unlink(ready.identity().jid());
    LoggedOut out = events.await(LoggedOut.class, e -> e.sessionId().equals("s1"));
    assertEquals(LoggedOut.PHONE_UNLINKED, out.reason());
    StatusChanged status = events.awaitStatus("s1", SessionStatus.DISCONNECTED);
    assertTrue(status.lastError().startsWith("logged_out: "), status.lastError());
    SessionInfo info = host.get("s1").orElseThrow();
    assertEquals(SessionStatus.DISCONNECTED, info.status());
    assertTrue(info.lastError().startsWith("logged_out: "));
    assertNull(info.identity());
    assertFalse(store.device("s1").credentials().load().orElseThrow().paired());
    StoredSession row = store.sessionMeta().get("s1").orElseThrow();
    assertEquals("disconnected", row.status());
    assertTrue(row.lastError().startsWith("logged_out: "));
    assertEquals(DesiredState.STOPPED, row.desiredState());
  }

  @Test
  void crashBetweenStoringThePairingAndSendingPairDeviceSignLeavesAStoreThatPairsAgain()
      throws Exception {
    // The "crash": the transaction that stores the pairing commits, then the process dies before
    // pair-device-sign goes out. The store wrapper commits and then throws, so nothing after the
    // commit runs; the host is then thrown away and a new one opens the same SQLite file.
    GatewayStore sqlite = Stores.sqlite(dataDir);
    AtomicBoolean crashed = new AtomicBoolean();
    GatewayStore crashing = new CrashAfterPairingStore(sqlite, crashed);
    store = sqlite;
    host = SessionHost.open(config(crashing).build());
    host.subscribe(events);
    host.create(NewSession.builder("org1").id("s1").startImmediately(true).build());
    QrCodeIssued qr = events.awaitQr(0);
    Paired attempt = phone.scanQr(qr.code(), PairingFault.NONE);
    assertTrue(crashed.get(), "the pairing was committed before the crash");
    assertNotEquals(Paired.Outcome.LINKED, attempt.outcome(), "no pair-device-sign went out");
    assertTrue(simulator.pairedDevices().isEmpty());
    DeviceCredentials afterCrash = sqlite.device("s1").credentials().load().orElseThrow();
    assertTrue(afterCrash.paired(), "the store holds the unconfirmed pairing");

    // kill: drop the host without any orderly logout; reopen on the same file
    host.close();
    sqlite.close();
    host = null;
    store = null;
    events.clear();
    openHost();

    // the stored login is refused (the server never linked it): pairing simply starts again
    QrCodeIssued again = events.awaitQr(0);
    assertEquals(0, events.of(LoggedOut.class).size(), "not reported as a logout");
    DeviceCredentials fresh = store.device("s1").credentials().load().orElseThrow();
    assertFalse(fresh.paired());
    assertEquals(Paired.Outcome.LINKED, phone.scanQr(again.code()).outcome());
    events.awaitStatus("s1", SessionStatus.READY);
    assertTrue(store.device("s1").credentials().load().orElseThrow().paired());
  }

  @Test
  void droppedSocketRightAfterPairSuccessRecoversByPairingAgain() throws Exception {
    openHost();
    host.create(NewSession.builder("org1").id("s1").startImmediately(true).build());
    QrCodeIssued qr = events.awaitQr(0);
    assertEquals(
        Paired.Outcome.DROPPED,
        phone.scanQr(qr.code(), PairingFault.DROP_AFTER_PAIR_SUCCESS).outcome());
    QrCodeIssued again = events.awaitQr(1);
    assertEquals(Paired.Outcome.LINKED, phone.scanQr(again.code()).outcome());
    events.awaitStatus("s1", SessionStatus.READY);
  }

  /** A store that commits the transaction storing a pairing, then throws as if the process died. */
  private static final class CrashAfterPairingStore extends ForwardingGatewayStore {
    private final AtomicBoolean crashed;

    CrashAfterPairingStore(GatewayStore delegate, AtomicBoolean crashed) {
      super(delegate);
      this.crashed = crashed;
    }

    @Override
    public <T> T inTransaction(String sessionId, TransactionWork<T> work) {
      T result = delegate.inTransaction(sessionId, work);
      boolean paired =
          delegate
              .device(sessionId)
              .credentials()
              .load()
              .map(DeviceCredentials::paired)
              .orElse(false);
      if (paired && crashed.compareAndSet(false, true)) {
        throw new IllegalStateException("simulated crash after the pairing was committed");
      }
      return result;
    }
  }
}
