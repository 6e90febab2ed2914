package dev.wagateway.examples;

import static dev.wagateway.examples.Examples.WAIT;
import static dev.wagateway.examples.Examples.check;

import dev.wagateway.core.Identity;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.LoggedOut;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedContact;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * Hosting a session inside your own JVM with {@link SessionHost}, against the WhatsApp simulator:
 * create a session, take its QR from the event stream, let the simulated phone scan it, wait until
 * it is ready, receive a message from a contact, answer it, and log out.
 *
 * <p>Run: {@code examples/run.sh InProcessHosting}
 */
public final class InProcessHosting {
  static final String PHONE = "15550100001";
  static final String CONTACT = "15550100002";

  private InProcessHosting() {}

  public static void main(String[] args) {
    Examples.exit(InProcessHosting::run);
  }

  static void run(PrintStream out) throws Exception {
    Path dataDir = Examples.scratchDir("wagateway-inprocess");
    // The simulator plays WhatsApp's servers, a phone (the account) and a contact (Bob).
    try (WaSimulator simulator = WaSimulator.start()) {
      SimulatedPhone phone = simulator.addPhone(PHONE, "Alice");
      SimulatedContact bob = simulator.addContact(CONTACT, "Bob");
      out.println("simulator listening at " + simulator.url());

      GatewayStore store = Stores.sqlite(dataDir);
      SessionHostConfig config =
          SessionHostConfig.builder()
              .store(store)
              // Egress fails closed: here every connection may only go to loopback.
              .egressResolver(session -> LoopbackOnlyEgress.instance())
              .endpoint(URI.create(simulator.url()))
              .trustedRootKey(simulator.rootPublicKey())
              .build();
      Examples.EventRecorder events = new Examples.EventRecorder();
      try (SessionHost host = SessionHost.open(config)) {
        host.subscribe(events);

        SessionInfo session =
            host.create(
                NewSession.builder("example-org")
                    .displayName("In-process example")
                    .startImmediately(true)
                    .build());
        String id = session.id();
        out.println("created session " + id);

        QrCodeIssued qr = events.await(QrCodeIssued.class, e -> e.sessionId().equals(id));
        out.println("QR code issued (valid until " + qr.expiresAt() + "); the phone scans it");
        Paired scan = phone.scanQr(qr.code());
        check(scan.linked(), "the phone could not link the device: " + scan.outcome());

        events.await(
            StatusChanged.class,
            e -> e.sessionId().equals(id) && e.status() == SessionStatus.READY);
        Identity me = host.me(id).orElseThrow(() -> new Examples.StepFailed("no identity"));
        out.println("session is READY as " + me.jid() + " (" + me.phone() + ")");

        // A contact can start a conversation once the device's prekeys are on the server.
        Examples.await(
            "the device's prekey upload",
            () ->
                phone.linkedDevices().stream()
                    .anyMatch(d -> d.jid().equals(me.jid()) && d.preKeyCount() > 0));

        String incomingId = bob.send(phone.jid(), new MessageContent.Text("Hi Alice, it's Bob"));
        MessageReceived incoming =
            events.await(
                MessageReceived.class,
                e -> e.sessionId().equals(id) && e.key().id().equals(incomingId));
        check(
            incoming.content() instanceof MessageContent.Text t
                && t.text().equals("Hi Alice, it's Bob"),
            "the received message has other content: " + incoming.content());
        out.println("received message " + incomingId + " from " + incoming.sender());

        String outgoingId = host.sendText(id, bob.jid(), "Hello Bob, the gateway here");
        SimulatedContact.Received atBob = bob.awaitMessage(WAIT);
        check(
            atBob != null && atBob.id().equals(outgoingId),
            "Bob did not get message " + outgoingId);
        check(
            atBob.content().equals(new MessageContent.Text("Hello Bob, the gateway here")),
            "Bob decrypted other content: " + atBob.content());
        // The server's ack (SENT) and Bob's delivery receipt (DELIVERED) may arrive in either
        // order; the status only moves forward.
        Examples.await(
            "the server's ack or Bob's receipt",
            () -> {
              MessageStatus status =
                  host.messageStatus(id, outgoingId).orElse(MessageStatus.PENDING);
              return status == MessageStatus.SENT || status == MessageStatus.DELIVERED;
            });
        out.println(
            "sent message "
                + outgoingId
                + "; Bob decrypted it; status "
                + host.messageStatus(id, outgoingId).orElseThrow().wireName());

        SessionInfo loggedOut = host.logout(id);
        events.await(LoggedOut.class, e -> e.sessionId().equals(id));
        check(loggedOut.identity() == null, "still paired after logout");
        check(
            phone.linkedDevices().stream().noneMatch(d -> d.jid().equals(me.jid())),
            "the phone still lists the device");
        out.println("logged out; the phone no longer lists " + me.jid());
      } finally {
        store.close();
      }
    } finally {
      Examples.deleteTree(dataDir);
    }
    out.println("InProcessHosting: OK");
  }
}
