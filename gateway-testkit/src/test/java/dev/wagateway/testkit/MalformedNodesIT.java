package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.wire.BinaryNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed stanzas of every tag a session handles, sent by the server to a live, linked session:
 * each one that carries an id is still answered (ack, nack or iq result) instead of being dropped
 * half-handled, the session keeps its connection and answers a ping after every one, it still
 * decrypts a real message afterwards, and a second session on the same host is never disturbed.
 * Malformed stanzas that end a connection by design leave the session ready again on a new
 * connection, or stopped with a reason.
 */
class MalformedNodesIT {
  private static final String PHONE = "15550001234";
  private static final String PHONE_B = "15550005678";
  private static final String CONTACT = "15557770001";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final byte[] GARBAGE = "not a protocol message".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dataDir;

  private WaSimulator simulator;
  private SimulatedPhone phone;
  private SimulatedPhone phoneB;
  private SimulatedContact contact;
  private GatewayStore store;
  private SessionHost host;
  private final EventLog events = new EventLog();

  @BeforeEach
  void start() {
    simulator = WaSimulator.builder().start();
    phone = simulator.addPhone(PHONE, "Alice");
    phoneB = simulator.addPhone(PHONE_B, "Carol");
    contact = simulator.addContact(CONTACT, "Bob");
    store = Stores.sqlite(dataDir);
    host =
        SessionHost.open(
            simulator
                .sessionHostConfig(store)
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
    by.scanQr(events.awaitQr(before).code());
    events.awaitStatus(id, SessionStatus.READY);
    return host.me(id).orElseThrow().jid();
  }

  private static BinaryNode.Builder node(String tag) {
    return BinaryNode.newBuilder(tag);
  }

  private static BinaryNode enc(String type, String version, byte[] content) {
    return node("enc").attr("v", version).attr("type", type).bytes(content).build();
  }

  /** Malformed stanzas of each handled tag that must not cost the session its connection. */
  private static List<BinaryNode> malformed() {
    String bob = CONTACT + "@s.whatsapp.net";
    String group = "120363000000000077@g.us";
    List<BinaryNode> out = new ArrayList<>();
    // message
    out.add(node("message").build());
    out.add(node("message").attr("id", "m1").build());
    out.add(
        node("message").attr("id", "m2").attr("from", "not a jid").attr("type", "text").build());
    out.add(node("message").attr("id", "m3").attr("from", bob).attr("type", "text").build());
    out.add(
        node("message")
            .attr("id", "m4")
            .attr("from", bob)
            .attr("type", "text")
            .child(enc("msg", "2", GARBAGE))
            .build());
    out.add(
        node("message")
            .attr("id", "m5")
            .attr("from", bob)
            .attr("type", "text")
            .child(enc("pkmsg", "2", GARBAGE))
            .build());
    out.add(
        node("message")
            .attr("id", "m6")
            .attr("from", bob)
            .attr("type", "text")
            .attr("t", "yesterday")
            .child(enc("pkmsg", "two", new byte[] {0x33, 0x0a, 0x21, 0x05}))
            .build());
    out.add(
        node("message")
            .attr("id", "m7")
            .attr("from", group)
            .attr("type", "text")
            .child(enc("skmsg", "2", GARBAGE))
            .build());
    out.add(
        node("message")
            .attr("id", "m8")
            .attr("from", group)
            .attr("participant", "@@@")
            .attr("type", "text")
            .child(enc("skmsg", "2", new byte[0]))
            .build());
    out.add(
        node("message")
            .attr("id", "m9")
            .attr("from", bob)
            .attr("type", "text")
            .child(node("enc").attr("v", "2").attr("type", "msg").child(node("x").build()).build())
            .build());
    out.add(
        node("message")
            .attr("id", "m10")
            .attr("from", bob)
            .attr("type", "text")
            .child(node("unavailable").attr("type", "view_once").build())
            .build());
    // receipt
    out.add(node("receipt").build());
    out.add(node("receipt").attr("id", "r1").build());
    out.add(node("receipt").attr("id", "r2").attr("from", "not a jid").build());
    out.add(
        node("receipt")
            .attr("id", "r3")
            .attr("from", bob)
            .attr("type", "retry")
            .child(node("retry").attr("count", "many").attr("id", "r3").build())
            .build());
    out.add(
        node("receipt")
            .attr("id", "r4")
            .attr("from", bob)
            .attr("type", "retry")
            .child(node("retry").attr("count", "2").attr("id", "r4").build())
            .child(node("registration").bytes(new byte[] {1}).build())
            .child(node("keys").build())
            .build());
    out.add(
        node("receipt")
            .attr("id", "r5")
            .attr("from", bob)
            .attr("type", "read")
            .child(node("list").child(node("item").build()).build())
            .build());
    // ack
    out.add(node("ack").build());
    out.add(node("ack").attr("class", "message").attr("id", "a1").attr("error", "abc").build());
    out.add(node("ack").attr("class", "message").attr("id", "a2").attr("t", "-").build());
    // notification
    out.add(node("notification").build());
    out.add(node("notification").attr("id", "n1").build());
    out.add(
        node("notification")
            .attr("id", "n2")
            .attr("type", "encrypt")
            .child(node("count").attr("value", "lots").build())
            .build());
    out.add(
        node("notification")
            .attr("id", "n3")
            .attr("type", "encrypt")
            .child(node("count").build())
            .build());
    out.add(
        node("notification")
            .attr("id", "n4")
            .attr("type", "encrypt")
            .child(node("count").attr("value", "-7").build())
            .build());
    out.add(node("notification").attr("id", "n5").attr("type", "link_code_companion_reg").build());
    // iq
    out.add(node("iq").build());
    out.add(node("iq").attr("id", "i1").attr("type", "result").build());
    out.add(node("iq").attr("id", "i2").attr("type", "error").child(node("error").build()).build());
    out.add(
        node("iq")
            .attr("id", "i3")
            .attr("type", "set")
            .attr("xmlns", "md")
            .child(node("pair-device").build())
            .build());
    out.add(
        node("iq")
            .attr("id", "i4")
            .attr("type", "set")
            .attr("xmlns", "md")
            .child(
                node("pair-success").child(node("device-identity").bytes(GARBAGE).build()).build())
            .build());
    out.add(node("iq").attr("type", "get").attr("xmlns", "urn:xmpp:ping").build());
    // ib and an unknown tag
    out.add(node("ib").build());
    out.add(node("ib").child(node("dirty").attr("type", "account_sync").build()).build());
    out.add(node("no-such-tag").attr("id", "z1").bytes(GARBAGE).build());
    return out;
  }

  /**
   * Whether the session must answer {@code sent} with an ack (or nack) of the same id: messages and
   * receipts that name their sender (an ack goes back to it), and notifications with an id.
   */
  private static boolean needsAck(BinaryNode sent) {
    String tag = sent.tag();
    if (sent.attr("id") == null) {
      return false;
    }
    return tag.equals("notification")
        || ((tag.equals("message") || tag.equals("receipt")) && sent.attr("from") != null);
  }

  @Test
  void malformedStanzasOfEveryHandledTagLeaveTheSessionsWorking() throws Exception {
    String me = pair("s1", phone);
    pair("s2", phoneB);
    SimulatedConnection conn = simulator.awaitLogin(me, WAIT);
    int ping = 0;
    for (BinaryNode bad : malformed()) {
      conn.send(bad);
      if (needsAck(bad)) {
        String id = bad.attr("id");
        BinaryNode ack =
            conn.awaitReceived(n -> n.tag().equals("ack") && id.equals(n.attr("id")), WAIT);
        assertNotNull(ack, "no ack or nack for " + bad);
        assertEquals(bad.tag(), ack.attr("class"), "the ack names the stanza's kind");
        if (bad.attr("from") != null) {
          assertEquals(bad.attr("from"), ack.attr("to"), "the ack goes back to the sender");
        }
      }
      BinaryNode pong =
          conn.sendIq(
                  node("iq")
                      .attr("id", "ping-" + ping++)
                      .attr("type", "get")
                      .attr("xmlns", "urn:xmpp:ping")
                      .build())
              .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals("result", pong.attr("type"), "the session stopped answering after " + bad);
      assertTrue(conn.isOpen(), "the connection was closed by " + bad);
    }
    assertEquals(SessionStatus.READY, host.get("s1").orElseThrow().status());
    assertEquals(SessionStatus.READY, host.get("s2").orElseThrow().status());

    // Real messages still decrypt, on the stressed session and on the other one.
    for (SimulatedPhone to : List.of(phone, phoneB)) {
      String id = contact.send(to.jid(), new MessageContent.Text("still here"));
      MessageReceived got = events.await(MessageReceived.class, e -> e.key().id().equals(id));
      assertEquals(new MessageContent.Text("still here"), got.content());
    }
  }

  /** Stanzas that end the connection by design, malformed: the session must reconnect or fail. */
  static List<BinaryNode> connectionEnding() {
    return List.of(
        node("failure").build(),
        node("failure").attr("reason", "soon").build(),
        node("stream:error").build(),
        node("stream:error").attr("code", "x").child(node("conflict").build()).build(),
        node("xmlstreamend").bytes(GARBAGE).build(),
        node("success").build(),
        node("ib").child(node("downgrade_webclient").build()).build());
  }

  @ParameterizedTest
  @MethodSource("connectionEnding")
  void aMalformedConnectionEndingStanzaReconnectsOrFailsCleanly(BinaryNode bad) throws Exception {
    String me = pair("s1", phone);
    pair("s2", phoneB);
    SimulatedConnection first = simulator.awaitLogin(me, WAIT);
    first.send(bad);

    // Either the session is ready again and answers on its (new or same) connection, or it has
    // stopped with a reason: never stuck half-way, never an exception out of the actor.
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean answered = false;
    while (!answered && System.nanoTime() < deadline) {
      SessionInfo s1 = host.get("s1").orElseThrow();
      if (s1.status() == SessionStatus.FAILED) {
        assertNotNull(s1.lastError(), "failed without a reason");
        assertFalse(s1.lastError().isBlank(), "failed with an empty reason");
        break;
      }
      SimulatedConnection current = simulator.awaitLogin(me, Duration.ofMillis(200));
      if (s1.status() == SessionStatus.READY && current != null && current.isOpen()) {
        try {
          answered =
              "result"
                  .equals(
                      current
                          .sendIq(
                              node("iq")
                                  .attr("id", "ping-after")
                                  .attr("type", "get")
                                  .attr("xmlns", "urn:xmpp:ping")
                                  .build())
                          .get(2, TimeUnit.SECONDS)
                          .attr("type"));
        } catch (ExecutionException | TimeoutException closedMeanwhile) {
          answered = false;
        }
      }
      Thread.sleep(50);
    }
    SessionInfo s1 = host.get("s1").orElseThrow();
    assertTrue(
        answered || s1.status() == SessionStatus.FAILED,
        "after " + bad + " the session is " + s1.status() + " (" + s1.lastError() + ")");

    // The other session never noticed.
    assertEquals(SessionStatus.READY, host.get("s2").orElseThrow().status());
    String id = contact.send(phoneB.jid(), new MessageContent.Text("unaffected"));
    assertEquals(
        new MessageContent.Text("unaffected"),
        events.await(MessageReceived.class, e -> e.key().id().equals(id)).content());
  }
}
