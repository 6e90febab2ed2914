package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.GatewayStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulator with a data directory keeps its accounts across a restart (issue 19 §4): a gateway
 * and simulator stopped together and started again on the same directories resume the linked
 * session {@code ready} with no new QR code, and the contact still talks with it.
 */
class SimulatorRestartIT {
  private static final String PHONE = "15550001234";
  private static final String CONTACT = "15557770001";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void aRestartedSimulatorResumesLinkedSessionsWithNoNewQr() throws Exception {
    Path simulatorDir = dir.resolve("simulator");
    Path gatewayDir = dir.resolve("gateway");
    String me;

    WaSimulator simulator = WaSimulator.builder().dataDirectory(simulatorDir).start();
    GatewayStore store = Stores.sqlite(gatewayDir);
    EventLog events = new EventLog();
    SessionHost host = open(simulator, store, events);
    try {
      SimulatedPhone phone = simulator.addPhone(PHONE, "Alice");
      simulator.addContact(CONTACT, "Bob");
      host.create(NewSession.builder("org1").id("s1").startImmediately(true).build());
      phone.scanQr(events.awaitQr(0).code());
      events.awaitStatus("s1", SessionStatus.READY);
      me = host.me("s1").orElseThrow().jid();
    } finally {
      host.close();
      store.close();
      simulator.close();
    }
    assertTrue(Files.size(simulatorDir.resolve(SimulatorState.FILE)) > 0, "accounts saved");

    WaSimulator again = WaSimulator.builder().dataDirectory(simulatorDir).start();
    GatewayStore reopened = Stores.sqlite(gatewayDir);
    EventLog after = new EventLog();
    SessionHost resumed = open(again, reopened, after);
    try {
      SimulatedContact contact = again.addContact(CONTACT, "Bob");
      after.awaitStatus("s1", SessionStatus.READY);
      assertEquals(0, after.of(QrCodeIssued.class).size(), "no new QR code");
      assertEquals(me, resumed.me("s1").orElseThrow().jid());
      assertEquals(1, again.phone(PHONE).orElseThrow().linkedDevices().size());

      // the contact kept its keys: both directions still decrypt
      String out = resumed.send("s1", contact.jid(), new MessageContent.Text("still here"));
      SimulatedContact.Received got = contact.awaitMessage(WAIT);
      assertNotNull(got, "the contact got the resumed session's message");
      assertEquals(out, got.id());
      assertEquals(new MessageContent.Text("still here"), got.content());
      String in = contact.send(PHONE + "@s.whatsapp.net", new MessageContent.Text("welcome back"));
      MessageReceived received = after.await(MessageReceived.class, e -> e.key().id().equals(in));
      assertEquals(new MessageContent.Text("welcome back"), received.content());
    } finally {
      resumed.close();
      reopened.close();
      again.close();
    }
  }

  private static SessionHost open(WaSimulator simulator, GatewayStore store, EventLog events) {
    SessionHost host =
        SessionHost.open(
            simulator
                .sessionHostConfig(store)
                .preKeys(30, 10, 5)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500), 0.3)
                .build());
    host.subscribe(events);
    return host;
  }
}
