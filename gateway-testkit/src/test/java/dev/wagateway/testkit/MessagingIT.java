package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.MutableClock;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.ReceivedMessage;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.MessageDelivered;
import dev.wagateway.core.event.MessageRead;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.MessageSent;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.SessionEvents;
import dev.wagateway.core.event.UndecryptableMessage;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.internal.messaging.MessageEncryptor;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.MessageKey;
import dev.wagateway.core.message.Quote;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end encrypted messaging between hosted sessions and simulated contacts through the
 * simulator: 1:1 both ways with receipts, own-device fan-out, two sessions talking, groups both
 * ways, duplicate redelivery emitted once, and undecryptable messages answered with a retry
 * receipt.
 */
class MessagingIT {
  private static final String PHONE = "15550001234";
  private static final String PHONE_B = "15550005678";
  private static final String CONTACT = "15557770001";
  private static final String CONTACT_B = "15557770002";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  private WaSimulator simulator;
  private SimulatedPhone phone;
  private SimulatedContact contact;
  private GatewayStore store;
  private SessionHost host;
  private final EventLog events = new EventLog();

  @BeforeEach
  void start() {
    simulator = WaSimulator.builder().start();
    phone = simulator.addPhone(PHONE, "Alice");
    contact = simulator.addContact(CONTACT, "Bob");
    store = Stores.sqlite(dataDir);
    host =
        SessionHost.open(
            simulator
                .sessionHostConfig(store)
                .preKeys(30, 10, 5)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500), 0.3)
                .build());
    host.subscribe(events);
  }

  @AfterEach
  void stop() {
    host.close();
    store.close();
    simulator.close();
  }

  private String pair(String id, SimulatedPhone by) throws Exception {
    int before = events.of(QrCodeIssued.class).size();
    host.create(NewSession.builder("org1").id(id).startImmediately(true).build());
    QrCodeIssued qr = events.awaitQr(before);
    by.scanQr(qr.code());
    events.awaitStatus(id, SessionStatus.READY);
    // the prekey upload after login has reached the server
    long deadline = System.nanoTime() + WAIT.toNanos();
    String jid = host.me(id).orElseThrow().jid();
    while (System.nanoTime() < deadline
        && by.linkedDevices().stream().noneMatch(d -> d.jid().equals(jid) && d.preKeyCount() > 0)) {
      Thread.sleep(10);
    }
    return jid;
  }

  private MessageReceived awaitReceived(String sessionId, String messageId) throws Exception {
    return events.await(
        MessageReceived.class,
        e -> e.sessionId().equals(sessionId) && e.key().id().equals(messageId));
  }

  @Test
  void textBothWaysWithReceipts() throws Exception {
    String me = pair("s1", phone);

    // contact -> session: first contact (pkmsg), typed content, push name, delivery receipt
    String text = "hi \"there\" \\ back\nslash and emoji \uD83D\uDE00";
    String inId = contact.send(phone.jid(), new MessageContent.Text(text));
    MessageReceived in = awaitReceived("s1", inId);
    assertEquals(new MessageContent.Text(text), in.content());
    assertEquals(contact.jid(), in.chat());
    assertEquals(contact.jid(), in.sender());
    assertEquals("Bob", in.pushName());
    assertFalse(in.fromMe());
    assertNotNull(in.timestamp());
    BinaryNode receipt = contact.awaitReceipt(WAIT);
    assertNotNull(receipt, "delivery receipt from the session");
    assertEquals(inId, receipt.attr("id"));
    assertNull(receipt.attr("type"));
    assertEquals(me, receipt.attr("from"));
    assertTrue(SessionEvents.toJson(in).contains("\"text\":\"hi \\\"there\\\" \\\\ back\\nslash"));

    // session -> contact: a reply, encrypted for the contact (and no other device of ours)
    String outId =
        host.send(
            "s1",
            contact.jid(),
            MessageContent.Text.reply(
                "answer", new Quote(inId, contact.jid(), null, new MessageContent.Text(text))));
    SimulatedContact.Received got = contact.awaitMessage(WAIT);
    assertNotNull(got, "the contact got the session's message");
    assertEquals(outId, got.id());
    assertEquals(Jid.parse(me), got.from());
    MessageContent.Text reply = (MessageContent.Text) got.content();
    assertEquals("answer", reply.text());
    assertEquals(inId, reply.quoted().stanzaId());
    assertTrue(outId.startsWith("3EB0") && outId.length() == 22, outId);

    events.await(MessageSent.class, e -> e.messageId().equals(outId));
    events.await(
        MessageDelivered.class, e -> e.messageId().equals(outId) && e.by().equals(contact.jid()));
    contact.sendReceipt(Jid.parse(me), outId, "read");
    events.await(MessageRead.class, e -> e.messageId().equals(outId));
    assertEquals(MessageStatus.READ, host.messageStatus("s1", outId).orElseThrow());

    // the second message in each direction runs on the established sessions (msg, not pkmsg)
    String second = host.sendText("s1", contact.jid(), "second");
    SimulatedContact.Received got2 = contact.awaitMessage(WAIT);
    assertEquals(second, got2.id());
    assertEquals("msg", got2.stanza().child("enc").attr("type"));
    assertEquals(new MessageContent.Text("second"), got2.content());
    String inId2 =
        contact.send(
            phone.jid(),
            new MessageContent.Reaction(MessageKey.of(contact.jid(), false, outId), "\u2764", 1L));
    MessageReceived reaction = awaitReceived("s1", inId2);
    MessageContent.Reaction r = (MessageContent.Reaction) reaction.content();
    assertEquals(outId, r.target().id());
    assertEquals("\u2764", r.emoji());
  }

  @Test
  void ownOtherDeviceGetsTheDeviceSentCopy() throws Exception {
    pair("s1", phone);
    String second = pair("s2", phone);
    String id = host.sendText("s1", contact.jid(), "from device one");
    assertEquals(new MessageContent.Text("from device one"), contact.awaitMessage(WAIT).content());
    MessageReceived copy = awaitReceived("s2", id);
    assertTrue(copy.fromMe());
    assertEquals(contact.jid(), copy.chat());
    assertEquals(new MessageContent.Text("from device one"), copy.content());
    assertEquals(
        0,
        events.count(e -> e instanceof MessageReceived m && m.sessionId().equals("s1")),
        "the sending device gets no copy");
    assertTrue(second.endsWith(":2@s.whatsapp.net"), second);
  }

  @Test
  void twoSessionsOfDifferentAccountsTalk() throws Exception {
    SimulatedPhone other = simulator.addPhone(PHONE_B, "Carol");
    pair("a", phone);
    pair("b", other);
    String id = host.sendText("a", other.jid(), "hello b");
    MessageReceived atB = awaitReceived("b", id);
    assertEquals(new MessageContent.Text("hello b"), atB.content());
    assertEquals(phone.jid(), atB.chat());
    events.await(
        MessageDelivered.class, e -> e.sessionId().equals("a") && e.messageId().equals(id));
    String back = host.sendText("b", phone.jid(), "hello a");
    assertEquals(new MessageContent.Text("hello a"), awaitReceived("a", back).content());
  }

  @Test
  void groupBothWays() throws Exception {
    String me = pair("s1", phone);
    SimulatedContact carol = simulator.addContact(CONTACT_B, "Carol");
    String group =
        simulator.addGroup("120363000000000001", List.of(phone.jid(), contact.jid(), carol.jid()));

    String outId = host.sendText("s1", group, "hello group");
    for (SimulatedContact c : List.of(contact, carol)) {
      SimulatedContact.Received got = c.awaitMessage(WAIT);
      assertNotNull(got, "member got the group message");
      assertEquals(outId, got.id());
      assertEquals(group, got.chat().toString());
      assertEquals(new MessageContent.Text("hello group"), got.content());
      assertNotNull(got.stanza().attr("participant"));
    }
    events.await(MessageSent.class, e -> e.messageId().equals(outId));

    String inId = contact.send(group, new MessageContent.Text("hi from bob"));
    MessageReceived in = awaitReceived("s1", inId);
    assertEquals(group, in.chat());
    assertEquals(contact.jid(), in.sender());
    assertEquals(contact.jid(), in.key().participant());
    assertEquals(new MessageContent.Text("hi from bob"), in.content());
    // carol got it too, and a second message from bob needs no new key distribution
    assertEquals(new MessageContent.Text("hi from bob"), carol.awaitMessage(WAIT).content());
    String inId2 = contact.send(group, new MessageContent.Text("again"));
    assertEquals(new MessageContent.Text("again"), awaitReceived("s1", inId2).content());
    assertTrue(me.contains(":"));
  }

  @Test
  void aGroupMembersMessageIsRecordedWithItsAuthorAndSurvivesARestart() throws Exception {
    pair("s1", phone);
    String group = simulator.addGroup("120363000000000007", List.of(phone.jid(), contact.jid()));
    String inId = contact.send(group, new MessageContent.Text("who brings the cake?"));
    awaitReceived("s1", inId);
    ReceivedMessage recorded = host.receivedMessage("s1", group, inId).orElseThrow();
    assertEquals(contact.jid(), recorded.sender());
    assertFalse(recorded.fromMe());
    assertTrue(host.receivedMessage("s1", contact.jid(), inId).isEmpty(), "keyed by chat");
    assertTrue(host.receivedMessage("s1", group, "3EB0NEVERSEEN").isEmpty());
    assertThrows(
        GatewayException.NotFoundException.class, () -> host.receivedMessage("nope", group, inId));

    host.close();
    store.close();
    store = Stores.sqlite(dataDir);
    host = SessionHost.open(simulator.sessionHostConfig(store).build());
    ReceivedMessage kept = host.receivedMessage("s1", group, inId).orElseThrow();
    assertEquals(contact.jid(), kept.sender());
    assertEquals(group, kept.chat());
    assertEquals(recorded.receivedAt(), kept.receivedAt());
  }

  @Test
  void receivedKeysOlderThanThirtyDaysArePruned() throws Exception {
    // starts at the real time (the simulator's certificates are checked against it at login)
    MutableClock clock = new MutableClock();
    Instant start = clock.instant();
    host.close();
    host = SessionHost.open(simulator.sessionHostConfig(store).clock(clock).build());
    host.subscribe(events);
    pair("s1", phone);
    String group = simulator.addGroup("120363000000000008", List.of(phone.jid(), contact.jid()));
    String old = contact.send(group, new MessageContent.Text("old news"));
    awaitReceived("s1", old);
    assertEquals(start, host.receivedMessage("s1", group, old).orElseThrow().receivedAt());

    clock.advance(Duration.ofDays(29));
    String recent = contact.send(group, new MessageContent.Text("recent"));
    awaitReceived("s1", recent);
    assertTrue(host.receivedMessage("s1", group, old).isPresent(), "29 days old: kept");

    clock.advance(Duration.ofDays(2));
    String next = contact.send(group, new MessageContent.Text("next"));
    awaitReceived("s1", next);
    assertTrue(host.receivedMessage("s1", group, old).isEmpty(), "31 days old: pruned");
    assertTrue(host.receivedMessage("s1", group, recent).isPresent(), "2 days old: kept");
    assertTrue(host.receivedMessage("s1", group, next).isPresent());
  }

  @Test
  void duplicateRedeliveryIsEmittedOnce() throws Exception {
    String me = pair("s1", phone);
    String id = contact.send(phone.jid(), new MessageContent.Text("once"));
    awaitReceived("s1", id);
    SimulatedConnection conn = simulator.awaitLogin(me, WAIT);
    BinaryNode delivered =
        conn.sent().stream()
            .filter(n -> n.tag().equals("message") && id.equals(n.attr("id")))
            .findFirst()
            .orElseThrow();
    conn.send(delivered.withAttr("offline", "1"));
    // the redelivery is acknowledged ...
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline
        && conn.received().stream()
                .filter(n -> n.tag().equals("ack") && id.equals(n.attr("id")))
                .count()
            < 2) {
      Thread.sleep(10);
    }
    assertEquals(
        2,
        conn.received().stream()
            .filter(n -> n.tag().equals("ack") && id.equals(n.attr("id")))
            .count());
    // ... and a later message proves the first was not emitted twice
    String next = contact.send(phone.jid(), new MessageContent.Text("next"));
    awaitReceived("s1", next);
    assertEquals(1, events.count(e -> e instanceof MessageReceived m && m.key().id().equals(id)));
  }

  @Test
  void undecryptableMessageGetsEventAndRetryReceipt() throws Exception {
    String me = pair("s1", phone);
    // establish a session first so the garbage arrives as a plain msg
    String ok = contact.send(phone.jid(), new MessageContent.Text("ok"));
    awaitReceived("s1", ok);
    contact.awaitReceipt(WAIT);
    byte[] garbage = new byte[60];
    garbage[0] = 0x33;
    BinaryNode bad =
        BinaryNode.newBuilder("message")
            .attr("id", "3EB0BADBADBADBADBADBAD")
            .attr("t", "1767225600")
            .attr("type", "text")
            .child(
                BinaryNode.newBuilder("enc")
                    .attr("v", "2")
                    .attr("type", "msg")
                    .bytes(garbage)
                    .build())
            .build();
    contact.sendRaw(Jid.parse(me), bad);
    UndecryptableMessage u =
        events.await(
            UndecryptableMessage.class, e -> e.messageId().equals("3EB0BADBADBADBADBADBAD"));
    assertEquals(contact.jid(), u.sender());
    BinaryNode retry = contact.awaitReceipt(WAIT);
    assertNotNull(retry, "retry receipt");
    assertEquals("retry", retry.attr("type"));
    assertEquals("3EB0BADBADBADBADBADBAD", retry.attr("id"));
    assertEquals("1", retry.child("retry").attr("count"));
    assertEquals(4, retry.child("registration").bytes().length);
    assertEquals(
        0, events.count(e -> e instanceof MessageReceived m && m.key().id().equals(u.messageId())));
  }

  @Test
  void lostSessionRecoversThroughRetryReceipts() throws Exception {
    String me = pair("s1", phone);
    String first = contact.send(phone.jid(), new MessageContent.Text("first"));
    awaitReceived("s1", first);
    // the session forgets its Signal session with the contact (e.g. restored from an old backup)
    store.device("s1").signalSessions().delete(MessageEncryptor.address(contact.deviceJid()));
    String id = contact.send(phone.jid(), new MessageContent.Text("after the loss"));
    // first retry without keys fails again; the second carries keys and the resend is a pkmsg
    MessageReceived recovered = awaitReceived("s1", id);
    assertEquals(new MessageContent.Text("after the loss"), recovered.content());
    assertEquals(
        2, events.count(e -> e instanceof UndecryptableMessage u && u.messageId().equals(id)));
    assertEquals(2, contact.retriesAnswered());
    assertTrue(me.endsWith(":1@s.whatsapp.net"));
  }

  @Test
  void sessionAnswersARetryReceiptWithAFreshSession() throws Exception {
    pair("s1", phone);
    String id = host.sendText("s1", contact.jid(), "please resend");
    SimulatedContact.Received got = contact.awaitMessage(WAIT);
    assertEquals(id, got.id());
    contact.requestRetry(got, 2);
    SimulatedContact.Received again = contact.awaitMessage(WAIT);
    assertNotNull(again, "the session re-sent the message");
    assertEquals(id, again.id());
    assertEquals("2", again.stanza().child("enc").attr("count"));
    assertEquals("pkmsg", again.stanza().child("enc").attr("type"));
    assertEquals(new MessageContent.Text("please resend"), again.content());
  }

  @Test
  void lowPreKeyCountIsRefilled() throws Exception {
    String me = pair("s1", phone);
    assertEquals(2, simulator.takePreKeys(me, 28));
    long deadline = System.nanoTime() + WAIT.toNanos();
    int count = 0;
    while (System.nanoTime() < deadline) {
      count =
          phone.linkedDevices().stream()
              .filter(d -> d.jid().equals(me))
              .findFirst()
              .orElseThrow()
              .preKeyCount();
      if (count > 2) {
        break;
      }
      Thread.sleep(10);
    }
    assertEquals(12, count, "a batch of 10 was uploaded");
  }

  @Test
  void crashAfterDecryptBeforeAckReplaysTheMessageOnceAndLaterOnesStillDecrypt() throws Exception {
    String me = pair("s1", phone);
    String first = contact.send(phone.jid(), new MessageContent.Text("first"));
    awaitReceived("s1", first);
    // the server has taken the receipt of the first message (the contact got it forwarded)
    assertEquals(first, contact.awaitReceipt(WAIT).attr("id"));
    SimulatedConnection before = simulator.awaitLogin(me, WAIT);
    // the process "dies" after decrypting (keys consumed, state stored) but before its ack and
    // receipt reach the server
    simulator.loseAcksFrom(me, true);
    String lost = contact.send(phone.jid(), new MessageContent.Text("decrypted, never acked"));
    awaitReceived("s1", lost);
    host.close();
    store.close();
    assertTrue(before.awaitClosed(WAIT), "every frame of the old connection was handled");
    simulator.loseAcksFrom(me, false);

    EventLog after = new EventLog();
    store = Stores.sqlite(dataDir);
    host = SessionHost.open(simulator.sessionHostConfig(store).build());
    host.subscribe(after);
    MessageReceived replayed = after.await(MessageReceived.class, e -> e.key().id().equals(lost));
    assertEquals(new MessageContent.Text("decrypted, never acked"), replayed.content());
    // later messages on the same Signal session still decrypt (no Bad MAC)
    String later = contact.send(phone.jid(), new MessageContent.Text("later"));
    assertEquals(
        new MessageContent.Text("later"),
        after.await(MessageReceived.class, e -> e.key().id().equals(later)).content());
    assertEquals(1, after.count(e -> e instanceof MessageReceived m && m.key().id().equals(lost)));
    assertEquals(0, after.count(e -> e instanceof UndecryptableMessage));
    // the server got its ack this time: nothing is redelivered at the next login
    SimulatedConnection conn = simulator.awaitLogin(me, WAIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline
        && conn.received().stream()
            .noneMatch(n -> n.tag().equals("ack") && lost.equals(n.attr("id")))) {
      Thread.sleep(10);
    }
    assertTrue(
        conn.received().stream().anyMatch(n -> n.tag().equals("ack") && lost.equals(n.attr("id"))));
  }

  @Test
  void outOfOrderDeliveryDecryptsEveryMessage() throws Exception {
    pair("s1", phone);
    String warmup = contact.send(phone.jid(), new MessageContent.Text("warm-up"));
    awaitReceived("s1", warmup);
    List<SimulatedContact.Delivery> one =
        contact.prepare(phone.jid(), new MessageContent.Text("one"));
    List<SimulatedContact.Delivery> two =
        contact.prepare(phone.jid(), new MessageContent.Text("two"));
    List<SimulatedContact.Delivery> three =
        contact.prepare(phone.jid(), new MessageContent.Text("three"));
    three.forEach(contact::deliver);
    assertEquals(
        new MessageContent.Text("three"), awaitReceived("s1", three.get(0).id()).content());
    one.forEach(contact::deliver);
    assertEquals(new MessageContent.Text("one"), awaitReceived("s1", one.get(0).id()).content());
    two.forEach(contact::deliver);
    two.forEach(contact::deliver); // and a duplicate of a skipped-key message
    assertEquals(new MessageContent.Text("two"), awaitReceived("s1", two.get(0).id()).content());
    String after = contact.send(phone.jid(), new MessageContent.Text("after"));
    awaitReceived("s1", after);
    assertEquals(
        1,
        events.count(e -> e instanceof MessageReceived m && m.key().id().equals(two.get(0).id())));
    assertEquals(0, events.count(e -> e instanceof UndecryptableMessage));
  }

  @Test
  void redeliveryAfterAReconnectIsEmittedOnce() throws Exception {
    String me = pair("s1", phone);
    String id = contact.send(phone.jid(), new MessageContent.Text("before the drop"));
    awaitReceived("s1", id);
    SimulatedConnection first = simulator.awaitLogin(me, WAIT);
    BinaryNode delivered =
        first.sent().stream()
            .filter(n -> n.tag().equals("message") && id.equals(n.attr("id")))
            .findFirst()
            .orElseThrow();
    first.drop();
    long deadline = System.nanoTime() + WAIT.toNanos();
    SimulatedConnection second = null;
    while (System.nanoTime() < deadline && (second == null || second == first)) {
      second = simulator.awaitLogin(me, Duration.ofMillis(200));
    }
    assertNotNull(second);
    events.await(
        dev.wagateway.core.event.StatusChanged.class,
        e ->
            e.status() == SessionStatus.READY
                && events.all().indexOf(e) > 0
                && events.count(
                        x ->
                            x instanceof dev.wagateway.core.event.StatusChanged s
                                && s.status() == SessionStatus.READY)
                    >= 2);
    second.send(delivered.withAttr("offline", "1"));
    String next = contact.send(phone.jid(), new MessageContent.Text("after the drop"));
    awaitReceived("s1", next);
    assertEquals(1, events.count(e -> e instanceof MessageReceived m && m.key().id().equals(id)));
  }
}
