package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.WaVersion;
import dev.wagateway.core.event.CallEnded;
import dev.wagateway.core.event.CallReceived;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.SessionDegraded;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.ClientVersionSource;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A current, well-behaved client against the simulator (issue 14): a refused WhatsApp Web version
 * is refreshed or fails clearly, calls are acked, reported and optionally rejected, and an outage
 * longer than the old reconnect-loop limit degrades a session without ever stopping it.
 */
class ClientCurrencyIT {
  private static final WaVersion OLD = WaVersion.parse("2.3000.1035194821");
  private static final WaVersion CURRENT = WaVersion.parse("2.3000.1045649367");

  private WaSimulator simulator;
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

  private void open(UnaryOperator<SessionHostConfig.Builder> tweak) {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    SessionHostConfig.Builder config =
        simulator
            .sessionHostConfig(store)
            .preKeys(20, 10, 5)
            .backoff(Duration.ofMillis(20), Duration.ofMillis(200), 0.3);
    host = SessionHost.open(tweak.apply(config).build());
    host.subscribe(events);
  }

  private SessionInfo pair(String id, SimulatedPhone phone) throws Exception {
    host.create(NewSession.builder("org1").id(id).startImmediately(true).build());
    QrCodeIssued qr = events.await(QrCodeIssued.class, e -> e.sessionId().equals(id));
    assertEquals(Paired.Outcome.LINKED, phone.scanQr(qr.code()).outcome());
    events.awaitStatus(id, SessionStatus.READY);
    return host.get(id).orElseThrow();
  }

  private int count(String id, SessionStatus status) {
    return events.count(
        e -> e instanceof StatusChanged s && s.sessionId().equals(id) && s.status() == status);
  }

  private void awaitCount(String id, SessionStatus status, int n) throws InterruptedException {
    long deadline = System.nanoTime() + EventLog.WAIT.toNanos();
    while (count(id, status) < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(n, count(id, status), status + " " + n + " times; events " + events.all());
  }

  // ---- the version ----

  @Test
  void aRefusedVersionIsRefreshedThroughTheEgressAndTheSessionComesBackReady() throws Exception {
    List<Egress> askedWith = new CopyOnWriteArrayList<>();
    ClientVersionSource standIn =
        egress -> {
          askedWith.add(egress);
          return CURRENT;
        };
    open(c -> c.clientVersion(OLD).clientVersionSource(standIn));
    SessionInfo ready = pair("s1", simulator.addPhone("15550001001"));
    String jid = ready.identity().jid();
    assertEquals(OLD, simulator.awaitLogin(jid, EventLog.WAIT).presented().version());

    simulator.minimumVersion(CURRENT);
    simulator.awaitLogin(jid, EventLog.WAIT).drop();
    awaitCount("s1", SessionStatus.READY, 2);

    assertEquals(1, askedWith.size(), "refreshed once");
    assertNotNull(askedWith.get(0), "through the session's egress");
    List<SimulatedConnection> logins = simulator.connectionsFor(jid);
    assertEquals(OLD, logins.get(logins.size() - 2).presented().version(), "refused with 405");
    assertEquals(CURRENT, logins.get(logins.size() - 1).presented().version());
    assertEquals(0, count("s1", SessionStatus.FAILED));
    assertNull(host.get("s1").orElseThrow().lastError());
  }

  @Test
  void withoutANewerVersionTheSessionFailsOnceAndTheOthersStayReady() throws Exception {
    List<Egress> askedWith = new CopyOnWriteArrayList<>();
    open(
        c ->
            c.clientVersion(OLD)
                .clientVersionSource(
                    egress -> {
                      askedWith.add(egress);
                      return OLD;
                    }));
    SessionInfo one = pair("s1", simulator.addPhone("15550001001"));
    SessionInfo two = pair("s2", simulator.addPhone("15550001002"));
    SimulatedConnection twoLogin = simulator.awaitLogin(two.identity().jid(), EventLog.WAIT);

    simulator.minimumVersion(CURRENT);
    simulator.awaitLogin(one.identity().jid(), EventLog.WAIT).drop();
    StatusChanged failed = events.awaitStatus("s1", SessionStatus.FAILED);
    assertEquals(
        "client version refused: version 2.3000.1035194821, and no newer version is available",
        failed.lastError());
    Thread.sleep(300);
    assertEquals(1, count("s1", SessionStatus.FAILED), "fails once");
    assertEquals(1, askedWith.size());
    assertEquals(SessionStatus.FAILED, host.get("s1").orElseThrow().status());
    assertEquals(SessionStatus.READY, host.get("s2").orElseThrow().status());
    assertTrue(twoLogin.isOpen(), "the other session's connection was not touched");
    assertEquals(1, simulator.connectionsFor(two.identity().jid()).size());
  }

  // ---- calls ----

  @Test
  void callsAreAckedReportedAndRejectedWhenTheSettingIsOn() throws Exception {
    AtomicBoolean reject = new AtomicBoolean();
    open(c -> c.rejectCalls(info -> info.id().equals("s1") && reject.get()));
    SessionInfo ready = pair("s1", simulator.addPhone("15550001001"));
    String account = Jid.parse(ready.identity().jid()).toNonAd().toString();
    SimulatedContact caller = simulator.addContact("15550009999", "Caller");

    String first = caller.placeCall(account, true);
    CallReceived received = events.await(CallReceived.class, e -> e.callId().equals(first));
    assertEquals(caller.jid(), received.caller());
    assertTrue(received.video());
    assertFalse(received.rejected());
    assertNull(received.group());
    BinaryNode ack = caller.awaitCallAck(EventLog.WAIT);
    assertNotNull(ack, "the offer was acked");
    assertEquals("call", ack.attr("class"));
    caller.endCall(account, first, "timeout");
    CallEnded ended = events.await(CallEnded.class, e -> e.callId().equals(first));
    assertEquals("timeout", ended.reason());
    assertNotNull(caller.awaitCallAck(EventLog.WAIT), "the terminate was acked");
    assertNull(caller.awaitCallStanza(Duration.ofMillis(200)), "not rejected while off");

    reject.set(true);
    String second = caller.placeCall(account, false);
    CallReceived rejected = events.await(CallReceived.class, e -> e.callId().equals(second));
    assertTrue(rejected.rejected());
    assertFalse(rejected.video());
    BinaryNode stanza = caller.awaitCallStanza(EventLog.WAIT);
    assertNotNull(stanza, "whatsmeow's reject stanza reached the caller");
    assertEquals(caller.jid(), stanza.attr("to"));
    BinaryNode rejectNode = stanza.child("reject");
    assertNotNull(rejectNode, stanza.toString());
    assertEquals(second, rejectNode.attr("call-id"));
    assertEquals(caller.jid(), rejectNode.attr("call-creator"));
    assertEquals("0", rejectNode.attr("count"));
    assertEquals(
        "rejected", events.await(CallEnded.class, e -> e.callId().equals(second)).reason());
    assertNotNull(caller.awaitCallAck(EventLog.WAIT), "the rejected offer was acked too");
  }

  // ---- reconnects ----

  @Test
  void anOutageLongerThanTheOldLoopLimitEndsReadyAgainWithADegradedEvent() throws Exception {
    // scaled: 20..200 ms backoff, "3 reconnects in a minute" stands for the old 8 in 5 minutes
    open(c -> c.reconnectLoop(3, Duration.ofMinutes(1)));
    SessionInfo ready = pair("s1", simulator.addPhone("15550001001"));
    String jid = ready.identity().jid();

    simulator.outage(Duration.ofMillis(1500), WaSimulator.Outage.REFUSE_CONNECTIONS);
    SessionDegraded degraded = events.await(SessionDegraded.class, e -> true);
    assertEquals(4, degraded.reconnects());
    awaitCount("s1", SessionStatus.READY, 2);
    assertTrue(
        events.count(e -> e instanceof dev.wagateway.core.event.Disconnected d && d.willReconnect())
            > 4,
        "more reconnects than the old limit allowed");

    // a second outage of the other kind, after ready: a new degraded period, ready again
    simulator.outage(Duration.ofMillis(1500), WaSimulator.Outage.FAILURE_503);
    long deadline = System.nanoTime() + EventLog.WAIT.toNanos();
    while (events.of(SessionDegraded.class).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(2, events.of(SessionDegraded.class).size(), events.all().toString());
    assertEquals("failure_503", events.of(SessionDegraded.class).get(1).lastReason());
    awaitCount("s1", SessionStatus.READY, 3);
    assertEquals(0, count("s1", SessionStatus.FAILED));
    assertTrue(simulator.awaitLogin(jid, EventLog.WAIT).isOpen());
  }
}
