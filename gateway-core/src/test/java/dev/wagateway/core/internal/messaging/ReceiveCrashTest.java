package dev.wagateway.core.internal.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.internal.store.InMemoryGatewayStore;
import dev.wagateway.core.internal.store.SqliteGatewayStore;
import dev.wagateway.core.message.MessageContent.Text;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receive path against a process that dies at every point of receiving one stanza: after each
 * write of the receiving device (made inside a transaction or not) and at each commit. After a
 * restart over the same SQLite file, the server's redelivery of the stanza must yield the message
 * (decrypted again, or replayed from the journal), and the next message must decrypt: nothing lost,
 * no Bad MAC.
 */
class ReceiveCrashTest {
  private static final Jid ALICE = Jid.parse("15550001111:1@s.whatsapp.net");
  private static final Jid BOB = Jid.parse("15550002222@s.whatsapp.net");
  private static final Jid GROUP = Jid.parse("120363000000000009@g.us");
  private static final byte[] DEVICE_IDENTITY = {0x0a, 0x02, 0x01, 0x02};

  @TempDir Path dir;

  /** A sender (Alice, in memory) and a receiver (Bob, on SQLite behind a {@link CrashingStore}). */
  private static final class World implements AutoCloseable {
    final SecureRandom random = new SecureRandom();
    final Path bobDir;
    final InMemoryGatewayStore aliceStore = new InMemoryGatewayStore();
    final MessageEncryptor alice;
    final AtomicInteger nextPreKey = new AtomicInteger(1);
    final AtomicInteger nextId = new AtomicInteger();
    CrashingStore bobStore;
    MessageDecryptor bob;

    World(Path bobDir) {
      this.bobDir = bobDir;
      aliceStore.device("alice").credentials().save(DeviceKeys.credentials(random));
      alice = new MessageEncryptor(new SignalProtocol(aliceStore, "alice", random), random);
      bobStore = new CrashingStore(SqliteGatewayStore.open(bobDir));
      bobStore.device("bob").credentials().save(DeviceKeys.credentials(random));
      bobStore.device("bob").preKeys().store(DeviceKeys.preKeys(1, 5, random));
      startBob();
    }

    /** Bob's process, started (again) over his database. */
    void startBob() {
      bob =
          new MessageDecryptor(
              new SignalProtocol(bobStore, "bob", random),
              new DedupCache(16),
              UnaryOperator.identity(),
              PlaintextJournal.durable(bobStore.device("bob").messageJournal()));
    }

    void restartBob() {
      bobStore.close();
      bobStore = new CrashingStore(SqliteGatewayStore.open(bobDir));
      startBob();
    }

    Map<Jid, PreKeyBundle> bundles(List<Jid> devices) {
      DeviceCredentials c = bobStore.device("bob").credentials().load().orElseThrow();
      int id = nextPreKey.getAndIncrement();
      byte[] opk = bobStore.device("bob").preKeys().get(id).orElseThrow().keyPair().publicKey();
      return Map.of(
          BOB,
          new PreKeyBundle(
              c.registrationId(),
              c.identityKey().publicKey(),
              c.signedPreKey().id(),
              c.signedPreKey().keyPair().publicKey(),
              c.signedPreKey().signature(),
              OptionalInt.of(id),
              opk));
    }

    /** A 1:1 text from Alice, as the server delivers it to Bob. */
    InboundMessage direct(String text) {
      var message = MessageCodec.encode(new Text(text));
      Fanout fanout =
          alice.encryptDirect(
              message, BOB, List.of(BOB), new OwnDevice(ALICE, null), this::bundles);
      BinaryNode sent = OutgoingStanzas.direct(id(), BOB, message, fanout, DEVICE_IDENTITY, null);
      return delivered(sent, BinaryNode.newBuilder("message").attr("from", ALICE));
    }

    /**
     * A group text from Alice as Bob receives it: with her sender key in a pairwise carrier when
     * {@code distribute}, else the skmsg alone.
     */
    InboundMessage group(String text, boolean distribute) {
      var message = MessageCodec.encode(new Text(text));
      MessageEncryptor.GroupEncryption g =
          alice.encryptGroup(
              message,
              GROUP,
              List.of(ALICE, BOB),
              new OwnDevice(ALICE, null),
              false,
              d -> distribute,
              this::bundles);
      BinaryNode sent =
          OutgoingStanzas.group(
              id(), GROUP, message, g.carriers(), g.skmsg(), g.phash(), DEVICE_IDENTITY, null);
      return delivered(
          sent, BinaryNode.newBuilder("message").attr("from", GROUP).attr("participant", ALICE));
    }

    private String id() {
      return "3EB0C" + nextId.incrementAndGet();
    }

    private static InboundMessage delivered(BinaryNode sent, BinaryNode.Builder to) {
      to.attr("id", sent.attr("id")).attr("t", "1700000000").attr("type", sent.attr("type"));
      BinaryNode participants = sent.child("participants");
      if (participants != null) {
        for (BinaryNode p : participants.children("to")) {
          if (Jid.parse(p.attr("jid")).equals(BOB)) {
            to.child(p.child("enc"));
          }
        }
      }
      if (sent.child("enc") != null) {
        to.child(sent.child("enc"));
      }
      try {
        return InboundMessage.parse(to.build());
      } catch (Exception e) {
        throw new AssertionError("the test built a bad stanza", e);
      }
    }

    @Override
    public void close() {
      bobStore.close();
      aliceStore.close();
    }
  }

  /** What Bob has received before the stanza under test, and that stanza. */
  private record Scenario(String name, Function<World, InboundMessage> prepare, String text) {}

  @Test
  void firstOneToOneMessageSurvivesACrashAtEveryPoint() {
    survivesACrashAtEveryPoint(new Scenario("pkmsg", w -> w.direct("first"), "first"));
  }

  @Test
  void laterOneToOneMessageSurvivesACrashAtEveryPoint() {
    survivesACrashAtEveryPoint(
        new Scenario(
            "msg",
            w -> {
              assertEquals("hi", text(w.bob.decrypt(w.direct("hi"))));
              // Bob answers, so Alice's next message is a plain msg
              MessageEncryptor bobSends =
                  new MessageEncryptor(new SignalProtocol(w.bobStore, "bob", w.random), w.random);
              var reply = MessageCodec.encode(new Text("hello"));
              Fanout back =
                  bobSends.encryptDirect(
                      reply, ALICE, List.of(ALICE), new OwnDevice(BOB, null), d -> Map.of());
              byte[] ciphertext = back.participants().get(0).child("enc").bytes();
              new SignalProtocol(w.aliceStore, "alice", w.random)
                  .decrypt(MessageEncryptor.address(BOB), "msg", ciphertext);
              InboundMessage in = w.direct("second");
              assertEquals("msg", in.encs().get(0).type());
              return in;
            },
            "second"));
  }

  @Test
  void groupMessageWithItsSenderKeyDistributionSurvivesACrashAtEveryPoint() {
    survivesACrashAtEveryPoint(
        new Scenario("pkmsg+skdm, skmsg", w -> w.group("hi all", true), "hi all"));
  }

  @Test
  void groupMessageOnAKnownSenderKeySurvivesACrashAtEveryPoint() {
    survivesACrashAtEveryPoint(
        new Scenario(
            "skmsg",
            w -> {
              assertEquals("hi all", text(w.bob.decrypt(w.group("hi all", true))));
              InboundMessage in = w.group("again", false);
              assertEquals(
                  List.of("skmsg"), in.encs().stream().map(InboundMessage.Enc::type).toList());
              return in;
            },
            "again"));
  }

  private void survivesACrashAtEveryPoint(Scenario scenario) {
    int points;
    try (World dry = new World(dir.resolve("dry"))) {
      InboundMessage in = scenario.prepare().apply(dry);
      dry.bobStore.crashAt(0);
      assertEquals(scenario.text(), text(dry.bob.decrypt(in)));
      points = dry.bobStore.points();
    }
    assertTrue(points >= 3, scenario.name() + ": writes and a commit, got " + points + " points");
    // point points+1 is never reached: the process dies after everything, before the ack
    for (int k = 1; k <= points + 1; k++) {
      String where = scenario.name() + ", crash at point " + k + " of " + points;
      try (World w = new World(dir.resolve("p" + k))) {
        InboundMessage in = scenario.prepare().apply(w);
        w.bobStore.crashAt(k);
        if (k <= points) {
          CrashingStore.Crash crash =
              assertThrows(CrashingStore.Crash.class, () -> w.bob.decrypt(in), where);
          assertEquals("simulated crash at point " + k, crash.getMessage());
        } else {
          assertEquals(scenario.text(), text(w.bob.decrypt(in)), where);
        }
        w.bobStore.crashAt(0);
        w.restartBob();
        assertEquals(scenario.text(), text(w.bob.decrypt(in)), where + ": the redelivery");
        assertInstanceOf(
            DecryptOutcome.Duplicate.class, w.bob.decrypt(in), where + ": then a duplicate");
        InboundMessage next = in.from().isGroup() ? w.group("next", false) : w.direct("next");
        assertEquals("next", text(w.bob.decrypt(next)), where + ": the next message");
      }
    }
  }

  private static String text(DecryptOutcome outcome) {
    DecryptOutcome.Decrypted d = assertInstanceOf(DecryptOutcome.Decrypted.class, outcome);
    return assertInstanceOf(Text.class, d.decoded().content()).text();
  }
}
