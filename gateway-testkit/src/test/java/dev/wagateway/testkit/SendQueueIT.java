package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.MessageSent;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.host.SendPacing;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.wire.BinaryNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The send path (docs/architecture.md, Send path): a session waiting on the network holds no thread
 * another session needs, a full queue answers {@code queue_full} at once, and accepted sends
 * survive a restart and go out once, in order, under their ids.
 */
class SendQueueIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final WaSimulator simulator = WaSimulator.builder().start();
  private final SimulatedContact contact = simulator.addContact("15557770001", "Bob");
  private final EventLog events = new EventLog();
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final Path dir = tempDir();
  private GatewayStore store = Stores.sqlite(dir);
  private SessionHost host;

  /** The store's directory (@TempDir is injected only after the field initializers ran). */
  private static Path tempDir() {
    try {
      return Files.createTempDirectory("send-queue-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    if (host != null) {
      host.close();
    }
    store.close();
    simulator.close();
  }

  private SessionHost open(UnaryOperator<SessionHostConfig.Builder> tune) {
    SessionHost h =
        SessionHost.open(
            tune.apply(
                    simulator
                        .sessionHostConfig(store)
                        .preKeys(30, 10, 5)
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(500), 0.3))
                .build());
    h.subscribe(events);
    return h;
  }

  private void pair(String id, String phoneNumber) throws Exception {
    SimulatedPhone phone = simulator.addPhone(phoneNumber, "Phone " + id);
    int before = events.of(QrCodeIssued.class).size();
    host.create(NewSession.builder("org1").id(id).startImmediately(true).build());
    phone.scanQr(events.awaitQr(before).code());
    events.awaitStatus(id, SessionStatus.READY);
    String jid = host.me(id).orElseThrow().jid();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline
        && phone.linkedDevices().stream()
            .noneMatch(d -> d.jid().equals(jid) && d.preKeyCount() > 0)) {
      Thread.sleep(10);
    }
  }

  private static boolean isUsync(BinaryNode iq) {
    return "usync".equals(iq.attr("xmlns"));
  }

  @Test
  void sessionsWaitingOnTheNetworkDelayNoOtherSession() throws Exception {
    host = open(b -> b.iqTimeout(Duration.ofSeconds(40)));
    // the device lists of these sessions' sends are never answered: their sends wait on the
    // network. More of them than the shared pool has threads (4 on a 2-core machine).
    Set<String> unanswered = ConcurrentHashMap.newKeySet();
    simulator.handle(
        "iq",
        (connection, iq) -> {
          if (isUsync(iq) && unanswered.contains(connection.loginJid())) {
            return;
          }
          simulator.serve(connection, iq);
        });
    int stuck = Math.max(4, Runtime.getRuntime().availableProcessors() * 2) + 1;
    for (int i = 0; i < stuck; i++) {
      pair("stuck" + i, "1555000100" + i);
      unanswered.add(host.me("stuck" + i).orElseThrow().jid());
    }
    pair("free", "15550002000");
    for (int i = 0; i < stuck; i++) {
      String id = "stuck" + i;
      for (int n = 0; n < 3; n++) {
        callers.submit(() -> host.send(id, contact.jid(), new MessageContent.Text("held")));
      }
    }
    Thread.sleep(500); // every stuck session is now waiting for its usync answer

    long start = System.nanoTime();
    String id =
        callers
            .submit(() -> host.send("free", contact.jid(), new MessageContent.Text("free")))
            .get(5, TimeUnit.SECONDS);
    SimulatedContact.Received got = contact.awaitMessage(Duration.ofSeconds(5));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertNotNull(got, "the free session's message reached the contact");
    assertEquals(id, got.id());
    assertEquals(new MessageContent.Text("free"), got.content());
    assertTrue(tookMillis < 5_000, "took " + tookMillis + " ms");
  }

  @Test
  void aBurstOnOneSessionIsAllDeliveredAndLeavesAnotherSessionFast() throws Exception {
    host = open(b -> b.sendQueue(500, SendPacing.NONE));
    SimulatedContact calmContact = simulator.addContact("15557770002", "Carol");
    pair("burst", "15550003000");
    pair("calm", "15550004000");
    int burst = 2000;
    int refused = 0;
    List<String> burstIds = new ArrayList<>();
    List<Long> calmMillis = new ArrayList<>();
    int sent = 0;
    while (sent < burst) {
      try {
        burstIds.add(host.send("burst", contact.jid(), new MessageContent.Text("b" + sent)));
        sent++;
      } catch (GatewayException e) {
        assertEquals(ErrorCode.QUEUE_FULL, e.errorCode());
        refused++;
        if (calmMillis.size() >= 50) {
          Thread.sleep(5);
          continue;
        }
        // the other session sends while this one's queue is full
        long start = System.nanoTime();
        String id = host.send("calm", calmContact.jid(), new MessageContent.Text("c"));
        SimulatedContact.Received got = calmContact.awaitMessage(WAIT);
        assertNotNull(got, "the calm session's message arrived");
        assertEquals(id, got.id());
        calmMillis.add((System.nanoTime() - start) / 1_000_000);
      }
    }
    assertTrue(refused > 0, "the burst filled the queue");
    int received = 0;
    while (received < burst) {
      SimulatedContact.Received got = contact.awaitMessage(Duration.ofSeconds(60));
      assertNotNull(got, "burst message " + received + " of " + burst + " arrived");
      assertEquals(burstIds.get(received), got.id(), "in order");
      received++;
    }
    calmMillis.sort(null);
    long worst = calmMillis.get(calmMillis.size() - 1);
    System.out.println(
        "burst of "
            + burst
            + ": "
            + refused
            + " queue_full; calm session latency median "
            + calmMillis.get(calmMillis.size() / 2)
            + " ms, max "
            + worst
            + " ms over "
            + calmMillis.size());
    assertTrue(worst < 3_000, "the calm session waited " + worst + " ms");
  }

  @Test
  void aFullQueueAnswersQueueFullAtOnceAndDrainsInOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SendPacing held =
        (session, to, waiting) -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Duration.ZERO;
        };
    host = open(b -> b.sendQueue(3, held));
    pair("s1", "15550001234");
    List<String> ids = new ArrayList<>();
    // the first is in the worker's hand (held by the pacing), three wait: the queue is full
    for (int i = 0; i < 4; i++) {
      ids.add(host.send("s1", contact.jid(), new MessageContent.Text("m" + i)));
      Thread.sleep(i == 0 ? 200 : 0);
    }
    long start = System.nanoTime();
    GatewayException full =
        assertThrows(
            GatewayException.class,
            () -> host.send("s1", contact.jid(), new MessageContent.Text("one too many")));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
    assertEquals(ErrorCode.QUEUE_FULL, full.errorCode());
    assertEquals("queue_full", full.code());
    for (String id : ids) {
      assertEquals(MessageStatus.PENDING, host.sentMessage("s1", id).orElseThrow().status());
    }

    release.countDown();
    for (int i = 0; i < 4; i++) {
      SimulatedContact.Received got = contact.awaitMessage(WAIT);
      assertNotNull(got, "message " + i);
      assertEquals(ids.get(i), got.id());
      assertEquals(new MessageContent.Text("m" + i), got.content());
    }
    assertNull(contact.awaitMessage(Duration.ofMillis(500)), "the refused one never went out");
  }

  @Test
  void acceptedSendsSurviveARestartAndGoOutOnceUnderTheirIds() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    host =
        open(
            b ->
                b.sendQueue(
                    100,
                    (session, to, waiting) -> {
                      try {
                        never.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return Duration.ZERO;
                    }));
    pair("s1", "15550001234");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(host.send("s1", contact.jid(), new MessageContent.Text("kept " + i)));
    }
    host.close();
    never.countDown(); // the old worker wakes after the close and sends nothing
    store.close();
    assertNull(contact.awaitMessage(Duration.ofMillis(500)), "nothing went out before the restart");

    store = Stores.sqlite(dir);
    events.clear();
    host = open(UnaryOperator.identity());
    events.awaitStatus("s1", SessionStatus.READY);
    for (int i = 0; i < 3; i++) {
      SimulatedContact.Received got = contact.awaitMessage(WAIT);
      assertNotNull(got, "message " + i + " after the restart");
      assertEquals(ids.get(i), got.id());
      assertEquals(new MessageContent.Text("kept " + i), got.content());
    }
    assertNull(contact.awaitMessage(Duration.ofSeconds(1)), "each went out once");
    for (String id : ids) {
      events.await(MessageSent.class, e -> e.messageId().equals(id));
    }
    assertTrue(store.device("s1").sentMessages().queued().isEmpty(), "the queue is empty");
  }
}
