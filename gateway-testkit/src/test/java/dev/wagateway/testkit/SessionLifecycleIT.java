package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.Disconnected;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.SessionDegraded;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.GatewayStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens to a ready session: stream errors (503, 515, conflict), login failures (402, 405),
 * keepalive timeouts, a QR that runs out, a listener that blocks forever, stop/start and delete.
 */
class SessionLifecycleIT {
  private static final String PHONE = "15550004321";

  private WaSimulator simulator;
  private SimulatedPhone phone;
  private final GatewayStore store = Stores.inMemory();
  private SessionHost host;
  private final EventLog events = new EventLog();

  @AfterEach
  void stopAll() {
    if (host != null) {
      host.close();
    }
    store.close();
    if (simulator != null) {
      simulator.close();
    }
  }

  private void open(
      WaSimulator.Builder sim, java.util.function.UnaryOperator<SessionHostConfig.Builder> tweak) {
    simulator = sim.phoneTimeout(Duration.ofSeconds(10)).start();
    phone = simulator.addPhone(PHONE);
    SessionHostConfig.Builder config =
        simulator
            .sessionHostConfig(store)
            .preKeys(20, 10, 5)
            .backoff(Duration.ofMillis(20), Duration.ofMillis(200), 0.3);
    host = SessionHost.open(tweak.apply(config).build());
    host.subscribe(events);
  }

  private SessionInfo pair(String id) throws Exception {
    host.create(NewSession.builder("org1").id(id).startImmediately(true).build());
    QrCodeIssued qr = events.await(QrCodeIssued.class, e -> e.sessionId().equals(id));
    assertEquals(Paired.Outcome.LINKED, phone.scanQr(qr.code()).outcome());
    events.awaitStatus(id, SessionStatus.READY);
    return host.get(id).orElseThrow();
  }

  private int readyCount(String id) {
    return events.count(
        e ->
            e instanceof StatusChanged s
                && s.sessionId().equals(id)
                && s.status() == SessionStatus.READY);
  }

  private void awaitReadyCount(String id, int n) throws InterruptedException {
    long deadline = System.nanoTime() + EventLog.WAIT.toNanos();
    while (readyCount(id) < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(n, readyCount(id), "ready " + n + " times; events " + events.all());
  }

  @Test
  void streamError503ReconnectsAndComesBackReady() throws Exception {
    open(WaSimulator.builder(), c -> c);
    SessionInfo ready = pair("s1");
    SimulatedConnection login = simulator.awaitLogin(ready.identity().jid(), EventLog.WAIT);
    login.sendStreamError(503);
    events.await(
        Disconnected.class, d -> d.reason().equals("stream_error_503") && d.willReconnect());
    events.await(
        StatusChanged.class,
        s ->
            s.status() == SessionStatus.DISCONNECTED
                && "connection_failed: stream error 503".equals(s.lastError()));
    awaitReadyCount("s1", 2);
    assertEquals(SessionStatus.READY, host.get("s1").orElseThrow().status());
    assertEquals(null, host.get("s1").orElseThrow().lastError());
  }

  @Test
  void droppedSocketAnd515ReconnectToo() throws Exception {
    open(WaSimulator.builder(), c -> c);
    SessionInfo ready = pair("s1");
    simulator.awaitLogin(ready.identity().jid(), EventLog.WAIT).drop();
    awaitReadyCount("s1", 2);
    simulator.awaitLogin(ready.identity().jid(), EventLog.WAIT).sendStreamError(515);
    awaitReadyCount("s1", 3);
    assertEquals(3, simulator.connectionsFor(ready.identity().jid()).size());
  }

  @Test
  void replacedConnectionDoesNotReconnect() throws Exception {
    open(WaSimulator.builder(), c -> c);
    SessionInfo ready = pair("s1");
    simulator.awaitLogin(ready.identity().jid(), EventLog.WAIT).sendConflict();
    StatusChanged s = events.awaitStatus("s1", SessionStatus.DISCONNECTED);
    assertTrue(s.lastError().startsWith("replaced: "), s.lastError());
    Thread.sleep(300);
    assertEquals(1, simulator.connectionsFor(ready.identity().jid()).size(), "no reconnect");
    assertEquals(DesiredState.STARTED, host.get("s1").orElseThrow().desiredState());
  }

  @Test
  void temporaryBanAndOutdatedClientFail() throws Exception {
    open(WaSimulator.builder(), c -> c);
    SessionInfo ready = pair("s1");
    String jid = ready.identity().jid();
    host.stop("s1");
    simulator.failLogins(jid, 402, Map.of("code", "101", "expire", "3600"));
    host.start("s1");
    StatusChanged banned = events.awaitStatus("s1", SessionStatus.FAILED);
    assertEquals("temporarily_banned: reason 101, expires in 3600 s", banned.lastError());
    assertTrue(host.get("s1").orElseThrow().identity() != null, "a ban keeps the pairing");

    simulator.failLogins(jid, 405);
    events.clear();
    host.start("s1");
    StatusChanged outdated = events.awaitStatus("s1", SessionStatus.FAILED);
    // no version source is configured: nothing to refresh, the session fails at once
    assertTrue(outdated.lastError().startsWith("client version refused: "), outdated.lastError());
    assertTrue(outdated.lastError().contains("no version source"), outdated.lastError());
  }

  @Test
  void repeatedServerErrorsDegradeTheSessionButNeverStopTheRetries() throws Exception {
    open(WaSimulator.builder(), c -> c.reconnectLoop(3, Duration.ofMinutes(1)));
    SessionInfo ready = pair("s1");
    host.stop("s1");
    simulator.failLogins(ready.identity().jid(), 503);
    host.start("s1");
    SessionDegraded degraded = events.await(SessionDegraded.class, d -> true);
    assertEquals("failure_503", degraded.lastReason());
    int attempts = simulator.connectionsFor(ready.identity().jid()).size();
    Thread.sleep(600);
    assertTrue(
        simulator.connectionsFor(ready.identity().jid()).size() > attempts,
        "still retrying after the loop was detected");
    assertEquals(SessionStatus.DISCONNECTED, host.get("s1").orElseThrow().status());
    assertTrue(
        host.get("s1").orElseThrow().lastError().contains("login refused with reason 503"),
        host.get("s1").orElseThrow().lastError());
    // the server comes back: ready by itself, and the degraded period was reported once
    simulator.clearLoginFailure(ready.identity().jid());
    awaitReadyCount("s1", 2);
    assertEquals(1, events.of(SessionDegraded.class).size());
    assertEquals(
        0, events.count(e -> e instanceof StatusChanged s && s.status() == SessionStatus.FAILED));
  }

  @Test
  void unansweredKeepalivesDropTheConnectionAndReconnect() throws Exception {
    open(
        WaSimulator.builder(),
        c ->
            c.keepAlive(
                Duration.ofMillis(50),
                Duration.ofMillis(80),
                Duration.ofMillis(100),
                Duration.ofMillis(300)));
    SessionInfo ready = pair("s1");
    SimulatedConnection login = simulator.awaitLogin(ready.identity().jid(), EventLog.WAIT);
    assertNotNull(
        login.awaitReceived(
            n -> "iq".equals(n.tag()) && "w:p".equals(n.attr("xmlns")), EventLog.WAIT),
        "pings are sent while ready");
    login.ignorePings(true);
    events.await(
        Disconnected.class, d -> d.reason().equals("keepalive_timeout") && d.willReconnect());
    awaitReadyCount("s1", 2);
    assertTrue(login.awaitClosed(EventLog.WAIT));
  }

  @Test
  void qrRunsOutThenANewStartGivesANewQr() throws Exception {
    open(
        WaSimulator.builder().refCount(2),
        c -> c.qrTtl(Duration.ofMillis(300), Duration.ofMillis(200)));
    host.create(NewSession.builder("org1").id("q").startImmediately(true).build());
    StatusChanged timeout = events.awaitStatus("q", SessionStatus.DISCONNECTED);
    assertTrue(timeout.lastError().startsWith("qr_timeout: "), timeout.lastError());
    assertEquals(2, events.of(QrCodeIssued.class).size(), "one event per rotation");
    QrCodeIssued first = events.of(QrCodeIssued.class).get(0);
    QrCodeIssued second = events.of(QrCodeIssued.class).get(1);
    assertNotEquals(first.code(), second.code());
    assertEquals(Duration.ofMillis(300), Duration.between(first.at(), first.expiresAt()));
    assertEquals(Duration.ofMillis(200), Duration.between(second.at(), second.expiresAt()));
    SessionInfo info = host.get("q").orElseThrow();
    assertEquals(DesiredState.STOPPED, info.desiredState());
    assertTrue(host.currentQr("q").isEmpty());

    host.start("q");
    QrCodeIssued fresh = events.awaitQr(2);
    assertNotEquals(first.code(), fresh.code());
    assertEquals(SessionStatus.QR_READY, host.get("q").orElseThrow().status());
    assertEquals(Paired.Outcome.LINKED, phone.scanQr(fresh.code()).outcome());
    events.awaitStatus("q", SessionStatus.READY);
  }

  @Test
  void aListenerThatNeverReturnsDoesNotStallTheSession() throws Exception {
    open(WaSimulator.builder(), c -> c.eventQueueCapacity(4));
    CountDownLatch forever = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    host.subscribe(
        e -> {
          entered.countDown();
          try {
            forever.await();
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        });
    try {
      pair("s1");
      assertTrue(entered.await(5, TimeUnit.SECONDS));
      SessionInfo ready = host.get("s1").orElseThrow();
      simulator.awaitLogin(ready.identity().jid(), EventLog.WAIT).sendStreamError(503);
      awaitReadyCount("s1", 2);
    } finally {
      forever.countDown();
    }
  }

  @Test
  void stopKeepsThePairingAndDeleteRemovesEveryRow() throws Exception {
    open(WaSimulator.builder(), c -> c);
    SessionInfo ready = pair("s1");
    SessionInfo stopped = host.stop("s1");
    assertEquals(SessionStatus.DISCONNECTED, stopped.status());
    assertEquals(DesiredState.STOPPED, stopped.desiredState());
    assertEquals(ready.identity().jid(), stopped.identity().jid());
    events.await(Disconnected.class, d -> d.reason().equals("stopped") && !d.willReconnect());

    host.delete("s1");
    assertTrue(host.get("s1").isEmpty());
    assertTrue(store.sessionMeta().get("s1").isEmpty());
    assertTrue(store.device("s1").credentials().load().isEmpty());
    assertEquals(0, store.device("s1").preKeys().maxId());
    assertTrue(simulator.pairedDevices().isEmpty(), "delete logged the device out first");
    assertFalse(host.list("org1").stream().anyMatch(s -> s.id().equals("s1")));
  }
}
