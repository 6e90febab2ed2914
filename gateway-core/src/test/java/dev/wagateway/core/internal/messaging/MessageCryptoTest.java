package dev.wagateway.core.internal.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.internal.store.InMemoryGatewayStore;
import dev.wagateway.core.message.MessageContent.Reaction;
import dev.wagateway.core.message.MessageContent.Text;
import dev.wagateway.core.message.MessageKey;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MessageEncryptor and MessageDecryptor between real SignalProtocol instances over one in-memory
 * store: every party is a separate session id, and a tiny "server" turns the stanzas we build into
 * the stanzas each device would receive.
 */
class MessageCryptoTest {
  private static final Jid GROUP = Jid.parse("120363000000000001@g.us");
  private static final byte[] DEVICE_IDENTITY = {0x0a, 0x02, 0x01, 0x02};

  private final SecureRandom random = new SecureRandom();
  private InMemoryGatewayStore store;
  private final Map<Jid, Party> parties = new HashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();

  /** One device: its Signal state, encryptor, decryptor and dedup cache. */
  private final class Party {
    final Jid device;
    final String sessionId;
    final SignalProtocol signal;
    final MessageEncryptor encryptor;
    DedupCache dedup = new DedupCache(64);
    MessageDecryptor decryptor;
    final AtomicInteger nextPreKey = new AtomicInteger(1);

    Party(Jid device) {
      this.device = device;
      this.sessionId = device.toString();
      store.device(sessionId).credentials().save(DeviceKeys.credentials(random));
      store.device(sessionId).preKeys().store(DeviceKeys.preKeys(1, 10, random));
      signal = new SignalProtocol(store, sessionId, random);
      encryptor = new MessageEncryptor(signal, random);
      decryptor = new MessageDecryptor(signal, dedup);
      parties.put(device, this);
    }

    OwnDevice own() {
      return new OwnDevice(device, null);
    }

    /** The bundle the server hands out for this device, consuming one uploaded prekey. */
    PreKeyBundle bundle() {
      DeviceCredentials c = store.device(sessionId).credentials().load().orElseThrow();
      int id = nextPreKey.getAndIncrement();
      PreKey opk = store.device(sessionId).preKeys().get(id).orElseThrow();
      return new PreKeyBundle(
          c.registrationId(),
          c.identityKey().publicKey(),
          c.signedPreKey().id(),
          c.signedPreKey().keyPair().publicKey(),
          c.signedPreKey().signature(),
          OptionalInt.of(id),
          opk.keyPair().publicKey());
    }

    int registrationId() {
      return store.device(sessionId).credentials().load().orElseThrow().registrationId();
    }

    /** Keys for a retry receipt, with a fresh one-time prekey stored first. */
    Receipts.RetryKeys retryKeys(int preKeyId) {
      PreKey fresh = DeviceKeys.preKeys(preKeyId, 1, random).get(0);
      store.device(sessionId).preKeys().store(List.of(fresh));
      DeviceCredentials c = store.device(sessionId).credentials().load().orElseThrow();
      return new Receipts.RetryKeys(
          c.identityKey().publicKey(),
          fresh.id(),
          fresh.keyPair().publicKey(),
          c.signedPreKey().id(),
          c.signedPreKey().keyPair().publicKey(),
          c.signedPreKey().signature(),
          DEVICE_IDENTITY);
    }

    void restart() {
      dedup = new DedupCache(64);
      decryptor = new MessageDecryptor(signal, dedup);
    }
  }

  private MessageEncryptor.BundleFetcher server() {
    return devices -> {
      fetches.incrementAndGet();
      Map<Jid, PreKeyBundle> out = new HashMap<>();
      for (Jid d : devices) {
        Party p = parties.get(d);
        if (p != null) {
          out.put(d, p.bundle());
        }
      }
      return out;
    };
  }

  private Party alice;
  private Party alicePhone;
  private Party bob;
  private Party bobWeb;
  private Party carol;

  @BeforeEach
  void setUp() {
    store = new InMemoryGatewayStore();
    alice = new Party(Jid.parse("15550001111:1@s.whatsapp.net"));
    alicePhone = new Party(Jid.parse("15550001111@s.whatsapp.net"));
    bob = new Party(Jid.parse("15550002222@s.whatsapp.net"));
    bobWeb = new Party(Jid.parse("15550002222:5@s.whatsapp.net"));
    carol = new Party(Jid.parse("15550003333@s.whatsapp.net"));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /**
   * What the server delivers to {@code device} from a 1:1 stanza {@code sent} by {@code sender}.
   */
  private static BinaryNode deliverDirect(BinaryNode sent, Jid sender, Jid device) {
    for (BinaryNode to : sent.child("participants").children("to")) {
      if (Jid.parse(to.attr("jid")).equals(device)) {
        BinaryNode.Builder b =
            BinaryNode.newBuilder("message")
                .attr("from", sender)
                .attr("id", sent.attr("id"))
                .attr("t", "1700000000")
                .attr("type", sent.attr("type"));
        Jid chat = Jid.parse(sent.attr("to"));
        if (device.user().equals(sender.user())) {
          b.attr("recipient", chat);
        }
        return b.child(to.child("enc")).build();
      }
    }
    throw new AssertionError("no enc for " + device);
  }

  /** What the server delivers to {@code device} from a group stanza. */
  private static BinaryNode deliverGroup(BinaryNode sent, Jid sender, Jid device) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("message")
            .attr("from", sent.attr("to"))
            .attr("participant", sender)
            .attr("id", sent.attr("id"))
            .attr("t", "1700000000")
            .attr("type", sent.attr("type"));
    BinaryNode participants = sent.child("participants");
    if (participants != null) {
      for (BinaryNode to : participants.children("to")) {
        if (Jid.parse(to.attr("jid")).equals(device)) {
          b.child(to.child("enc"));
        }
      }
    }
    b.child(sent.child("enc"));
    return b.build();
  }

  private static DecryptOutcome.Decrypted decrypted(DecryptOutcome outcome) {
    return assertInstanceOf(DecryptOutcome.Decrypted.class, outcome);
  }

  private BinaryNode sendDirect(Party from, Jid chat, Message message, List<Jid> devices) {
    Fanout fanout = from.encryptor.encryptDirect(message, chat, devices, from.own(), server());
    assertTrue(fanout.failed().isEmpty(), "failed: " + fanout.failed());
    return OutgoingStanzas.direct(
        "3EB0" + random.nextInt(1_000_000), chat, message, fanout, DEVICE_IDENTITY, null);
  }

  @Test
  void oneToOneReachesEveryDeviceAndOurOwnPhoneGetsTheDeviceSentCopy() throws Exception {
    Jid bobChat = bob.device.toNonAd();
    List<Jid> devices = List.of(bob.device, bobWeb.device, alicePhone.device, alice.device);
    Message hello = MessageCodec.encode(new Text("hello bob 👋"));
    BinaryNode sent = sendDirect(alice, bobChat, hello, devices);

    List<BinaryNode> tos = sent.child("participants").children("to");
    assertEquals(3, tos.size(), "every device but the sending one");
    assertFalse(tos.stream().anyMatch(t -> t.attr("jid").equals(alice.device.toString())));
    assertTrue(tos.stream().allMatch(t -> "pkmsg".equals(t.child("enc").attr("type"))));
    assertArrayEquals(DEVICE_IDENTITY, sent.child("device-identity").bytes());
    assertEquals(1, fetches.get(), "one bundle fetch for the three new sessions");

    for (Party p : List.of(bob, bobWeb)) {
      InboundMessage in = InboundMessage.parse(deliverDirect(sent, alice.device, p.device));
      DecryptOutcome.Decrypted d = decrypted(p.decryptor.decrypt(in));
      assertEquals(new Text("hello bob 👋"), d.decoded().content());
      assertFalse(d.decoded().deviceSent());
      assertNull(Receipts.deliveryType(in, false, true));
    }
    InboundMessage own = InboundMessage.parse(deliverDirect(sent, alice.device, alicePhone.device));
    DecryptOutcome.Decrypted copy = decrypted(alicePhone.decryptor.decrypt(own));
    assertEquals(new Text("hello bob 👋"), copy.decoded().content());
    assertEquals(bobChat.toString(), copy.decoded().destinationJid());
    assertEquals(bobChat, own.chat());
    assertEquals("sender", Receipts.deliveryType(own, true, true));

    // Bob answers (a msg, he is the responder); Alice decrypts, then her next message to Bob's
    // phone is a plain msg and carries no device-identity.
    Message reply = MessageCodec.encode(new Text("hi alice"));
    BinaryNode answer = sendDirect(bob, alice.device.toNonAd(), reply, List.of(alice.device));
    assertEquals("msg", answer.child("participants").child("to").child("enc").attr("type"));
    assertNull(answer.child("device-identity"));
    InboundMessage back = InboundMessage.parse(deliverDirect(answer, bob.device, alice.device));
    assertEquals(
        new Text("hi alice"), decrypted(alice.decryptor.decrypt(back)).decoded().content());

    BinaryNode second =
        sendDirect(alice, bobChat, MessageCodec.encode(new Text("2")), List.of(bob.device));
    assertEquals("msg", second.child("participants").child("to").child("enc").attr("type"));
    assertNull(second.child("device-identity"));
    assertEquals(
        new Text("2"),
        decrypted(
                bob.decryptor.decrypt(
                    InboundMessage.parse(deliverDirect(second, alice.device, bob.device))))
            .decoded()
            .content());
  }

  @Test
  void encAttributesFollowTheContent() throws Exception {
    Message reaction =
        MessageCodec.encode(
            new Reaction(MessageKey.of(bob.device.toNonAd().toString(), false, "X"), "", 0));
    BinaryNode sent = sendDirect(alice, bob.device.toNonAd(), reaction, List.of(bob.device));
    assertEquals("reaction", sent.attr("type"));
    assertEquals("7", sent.attr("edit"));
    assertEquals("hide", sent.child("participants").child("to").child("enc").attr("decrypt-fail"));
    DecryptOutcome.Decrypted d =
        decrypted(
            bob.decryptor.decrypt(
                InboundMessage.parse(deliverDirect(sent, alice.device, bob.device))));
    assertTrue(assertInstanceOf(Reaction.class, d.decoded().content()).removal());
  }

  @Test
  void groupMessageDistributesTheSenderKeyThenUsesSkmsgAlone() throws Exception {
    List<Jid> devices = List.of(alice.device, bob.device, carol.device);
    Message first = MessageCodec.encode(new Text("hello group"));
    MessageEncryptor.GroupEncryption g =
        alice.encryptor.encryptGroup(
            first, GROUP, devices, alice.own(), false, d -> true, server());
    assertEquals(ParticipantHash.of(devices), g.phash());
    assertEquals(List.of(bob.device, carol.device), g.carriers().encryptedFor());
    BinaryNode sent =
        OutgoingStanzas.group(
            "3EB0G1", GROUP, first, g.carriers(), g.skmsg(), g.phash(), DEVICE_IDENTITY, "pn");
    assertEquals(g.phash(), sent.attr("phash"));
    assertNotNull(sent.child("device-identity"));
    assertEquals("skmsg", sent.child("enc").attr("type"));

    for (Party p : List.of(bob, carol)) {
      InboundMessage in = InboundMessage.parse(deliverGroup(sent, alice.device, p.device));
      DecryptOutcome.Decrypted d = decrypted(p.decryptor.decrypt(in));
      assertEquals(new Text("hello group"), d.decoded().content());
      assertEquals(2, d.parts().size(), "the key carrier, then the skmsg");
      assertNull(d.parts().get(0).content());
      assertEquals(GROUP, in.chat());
    }

    // Second message: everybody has the key, so only the skmsg goes out.
    Message next = MessageCodec.encode(new Text("second"));
    MessageEncryptor.GroupEncryption g2 =
        alice.encryptor.encryptGroup(
            next, GROUP, devices, alice.own(), false, d -> false, server());
    assertTrue(g2.carriers().participants().isEmpty());
    BinaryNode sent2 =
        OutgoingStanzas.group(
            "3EB0G2", GROUP, next, g2.carriers(), g2.skmsg(), g2.phash(), DEVICE_IDENTITY, null);
    assertNull(sent2.child("participants"));
    assertNull(sent2.child("device-identity"));
    for (Party p : List.of(bob, carol)) {
      InboundMessage in = InboundMessage.parse(deliverGroup(sent2, alice.device, p.device));
      assertEquals(new Text("second"), decrypted(p.decryptor.decrypt(in)).decoded().content());
    }

    // A member who never got the key cannot decrypt the skmsg alone: retry with keys.
    Party dave = new Party(Jid.parse("15550004444@s.whatsapp.net"));
    DecryptOutcome outcome =
        dave.decryptor.decrypt(
            InboundMessage.parse(deliverGroup(sent2, alice.device, dave.device)));
    DecryptOutcome.Undecryptable u = assertInstanceOf(DecryptOutcome.Undecryptable.class, outcome);
    assertEquals(ErrorCode.NO_SENDER_KEY.wireName(), u.code());
    assertTrue(u.keysRequired());

    // Dave asks with keys; Alice re-sends pairwise with her sender key; Dave is then in sync.
    InboundMessage failed = outcome.message();
    BinaryNode retry =
        Receipts.retry(
            failed, Receipts.nextRetryCount(failed, 0), dave.registrationId(), dave.retryKeys(700));
    assertEquals(alice.device.toString(), retry.attr("participant"), "names the original sender");
    // The server hands it to Alice from the group, with Dave's device as participant.
    IncomingReceipt receipt =
        IncomingReceipt.parse(
            retry.toBuilder()
                .attr("from", GROUP.toString())
                .attr("participant", dave.device.toString())
                .build());
    assertEquals(dave.device, receipt.sender());
    Message resent = alice.encryptor.withOurSenderKey(next, GROUP, alice.own(), false);
    EncryptResult enc =
        alice.encryptor.encryptFor(receipt.sender(), resent, receipt.retry().bundle(), server());
    BinaryNode resend =
        OutgoingStanzas.retryResend(
            receipt.retry().id(),
            receipt.from(),
            receipt.participant(),
            null,
            receipt.retry().timestamp(),
            resent,
            enc,
            receipt.retry().count(),
            DEVICE_IDENTITY);
    assertNull(resend.attr("device_fanout"), "only 1:1 resends say device_fanout=false");
    assertEquals(dave.device.toString(), resend.attr("participant"));
    BinaryNode toDave =
        BinaryNode.newBuilder("message")
            .attr("from", GROUP)
            .attr("participant", alice.device)
            .attr("id", resend.attr("id"))
            .attr("t", resend.attr("t"))
            .attr("type", resend.attr("type"))
            .child(resend.child("enc"))
            .build();
    DecryptOutcome.Decrypted got = decrypted(dave.decryptor.decrypt(InboundMessage.parse(toDave)));
    assertEquals(new Text("second"), got.decoded().content());
    assertNotNull(got.decoded().senderKeyDistribution());

    Message third = MessageCodec.encode(new Text("third"));
    MessageEncryptor.GroupEncryption g3 =
        alice.encryptor.encryptGroup(
            third, GROUP, devices, alice.own(), false, d -> false, server());
    BinaryNode sent3 =
        OutgoingStanzas.group(
            "3EB0G3", GROUP, third, g3.carriers(), g3.skmsg(), g3.phash(), DEVICE_IDENTITY, null);
    assertEquals(
        new Text("third"),
        decrypted(
                dave.decryptor.decrypt(
                    InboundMessage.parse(deliverGroup(sent3, alice.device, dave.device))))
            .decoded()
            .content());
  }

  @Test
  void lidAddressedGroupsUseOurLidAsTheSenderKeyIdentity() throws Exception {
    Jid aliceLid = Jid.parse("987654321098765:1@lid");
    OwnDevice own = new OwnDevice(alice.device, aliceLid);
    assertEquals(aliceLid, own.senderKeyIdentity(true));
    assertEquals(alice.device, own.senderKeyIdentity(false));
    Message m = MessageCodec.encode(new Text("lid group"));
    MessageEncryptor.GroupEncryption g =
        alice.encryptor.encryptGroup(
            m, GROUP, List.of(aliceLid, bob.device), own, true, d -> true, server());
    assertEquals(
        List.of(bob.device), g.carriers().encryptedFor(), "our own LID device is this device");
    BinaryNode sent =
        OutgoingStanzas.group(
            "3EB0L1", GROUP, m, g.carriers(), g.skmsg(), g.phash(), DEVICE_IDENTITY, "lid");
    assertEquals("lid", sent.attr("addressing_mode"));
    InboundMessage in = InboundMessage.parse(deliverGroup(sent, aliceLid, bob.device));
    assertEquals(new Text("lid group"), decrypted(bob.decryptor.decrypt(in)).decoded().content());
  }

  @Test
  void aTamperedMessageIsUndecryptableAndLeavesTheSessionUsable() throws Exception {
    BinaryNode sent =
        sendDirect(
            alice, bob.device.toNonAd(), MessageCodec.encode(new Text("one")), List.of(bob.device));
    decrypted(
        bob.decryptor.decrypt(InboundMessage.parse(deliverDirect(sent, alice.device, bob.device))));
    BinaryNode reply =
        sendDirect(
            bob,
            alice.device.toNonAd(),
            MessageCodec.encode(new Text("ack")),
            List.of(alice.device));
    decrypted(
        alice.decryptor.decrypt(
            InboundMessage.parse(deliverDirect(reply, bob.device, alice.device))));

    BinaryNode good =
        sendDirect(
            alice, bob.device.toNonAd(), MessageCodec.encode(new Text("two")), List.of(bob.device));
    BinaryNode delivered = deliverDirect(good, alice.device, bob.device);
    assertEquals("msg", delivered.child("enc").attr("type"));
    byte[] ciphertext = delivered.child("enc").bytes();
    ciphertext[ciphertext.length / 2] ^= 0x01;
    BinaryNode tampered =
        delivered.withChildren(List.of(delivered.child("enc").withBytes(ciphertext)));
    DecryptOutcome outcome = bob.decryptor.decrypt(InboundMessage.parse(tampered));
    DecryptOutcome.Undecryptable u = assertInstanceOf(DecryptOutcome.Undecryptable.class, outcome);
    assertTrue(
        Set.of(ErrorCode.BAD_MAC.wireName(), ErrorCode.INVALID_MESSAGE.wireName())
            .contains(u.code()),
        u.code());
    assertFalse(u.keysRequired());

    // The genuine stanza still decrypts: a failed decrypt changed nothing.
    assertEquals(
        new Text("two"),
        decrypted(bob.decryptor.decrypt(InboundMessage.parse(delivered))).decoded().content());
  }

  @Test
  void aRedeliveredStanzaIsReportedOnceAsDuplicate() throws Exception {
    BinaryNode sent =
        sendDirect(
            alice,
            bob.device.toNonAd(),
            MessageCodec.encode(new Text("once")),
            List.of(bob.device));
    InboundMessage in = InboundMessage.parse(deliverDirect(sent, alice.device, bob.device));
    decrypted(bob.decryptor.decrypt(in));
    assertInstanceOf(
        DecryptOutcome.Duplicate.class, bob.decryptor.decrypt(in), "caught by the dedup cache");

    // After a restart the cache is empty; the consumed keys still make it a duplicate, not a
    // failure.
    bob.restart();
    assertInstanceOf(DecryptOutcome.Duplicate.class, bob.decryptor.decrypt(in));
    assertInstanceOf(DecryptOutcome.Duplicate.class, bob.decryptor.decrypt(in));

    // The session goes on.
    BinaryNode next =
        sendDirect(
            alice,
            bob.device.toNonAd(),
            MessageCodec.encode(new Text("later")),
            List.of(bob.device));
    assertEquals(
        new Text("later"),
        decrypted(
                bob.decryptor.decrypt(
                    InboundMessage.parse(deliverDirect(next, alice.device, bob.device))))
            .decoded()
            .content());
  }

  @Test
  void aJournalReplaysAStanzaRedeliveredAfterACrashBeforeTheAck() throws Exception {
    PlaintextJournal journal =
        PlaintextJournal.durable(store.device(bob.sessionId).messageJournal());
    MessageDecryptor beforeCrash =
        new MessageDecryptor(
            bob.signal, new DedupCache(8), java.util.function.UnaryOperator.identity(), journal);
    BinaryNode sent =
        sendDirect(
            alice,
            bob.device.toNonAd(),
            MessageCodec.encode(new Text("keep me")),
            List.of(bob.device));
    InboundMessage in = InboundMessage.parse(deliverDirect(sent, alice.device, bob.device));
    assertEquals(new Text("keep me"), decrypted(beforeCrash.decrypt(in)).decoded().content());
    assertTrue(
        store
            .device(bob.sessionId)
            .messageJournal()
            .load(
                PlaintextJournal.key(
                    in.encs().get(0).ciphertext(),
                    in.encs().get(0).type(),
                    MessageEncryptor.address(alice.device),
                    in.chat().toString()))
            .isPresent(),
        "journaled with the consumed keys");

    // The process dies before the receipt; the server delivers the stanza again.
    MessageDecryptor afterRestart =
        new MessageDecryptor(
            bob.signal, new DedupCache(8), java.util.function.UnaryOperator.identity(), journal);
    assertEquals(new Text("keep me"), decrypted(afterRestart.decrypt(in)).decoded().content());
    assertInstanceOf(
        DecryptOutcome.Duplicate.class, afterRestart.decrypt(in), "then the dedup cache has it");

    // Later messages still decrypt: no Bad MAC.
    BinaryNode next =
        sendDirect(
            alice,
            bob.device.toNonAd(),
            MessageCodec.encode(new Text("after")),
            List.of(bob.device));
    assertEquals(
        new Text("after"),
        decrypted(
                afterRestart.decrypt(
                    InboundMessage.parse(deliverDirect(next, alice.device, bob.device))))
            .decoded()
            .content());
  }

  @Test
  void dedupCacheIsBounded() {
    DedupCache cache = new DedupCache(3);
    assertTrue(cache.add("c", "s", "1"));
    assertFalse(cache.add("c", "s", "1"));
    cache.add("c", "s", "2");
    cache.add("c", "s", "3");
    cache.add("c", "s", "4");
    assertEquals(3, cache.size());
    assertFalse(cache.contains("c", "s", "1"), "the oldest entry was evicted");
    assertTrue(cache.contains("c", "s", "4"));
    assertFalse(cache.contains("other", "s", "4"));
  }

  @Test
  void retryReceiptWithKeysLetsTheSenderRebuildTheSession() throws Exception {
    BinaryNode sent =
        sendDirect(
            alice,
            bob.device.toNonAd(),
            MessageCodec.encode(new Text("first")),
            List.of(bob.device));
    decrypted(
        bob.decryptor.decrypt(InboundMessage.parse(deliverDirect(sent, alice.device, bob.device))));
    BinaryNode reply =
        sendDirect(
            bob, alice.device.toNonAd(), MessageCodec.encode(new Text("r")), List.of(alice.device));
    decrypted(
        alice.decryptor.decrypt(
            InboundMessage.parse(deliverDirect(reply, bob.device, alice.device))));

    // Bob loses his session; Alice's next message cannot be decrypted.
    bob.signal.deleteSession(MessageEncryptor.address(alice.device));
    Message lost = MessageCodec.encode(new Text("lost?"));
    BinaryNode second = sendDirect(alice, bob.device.toNonAd(), lost, List.of(bob.device));
    InboundMessage failed = InboundMessage.parse(deliverDirect(second, alice.device, bob.device));
    DecryptOutcome.Undecryptable u =
        assertInstanceOf(DecryptOutcome.Undecryptable.class, bob.decryptor.decrypt(failed));
    assertEquals(ErrorCode.NO_SESSION.wireName(), u.code());

    // Bob's second retry carries a fresh one-time prekey, stored before the receipt goes out.
    int count = Receipts.nextRetryCount(failed, 1);
    assertEquals(2, count);
    assertTrue(Receipts.keysRequired(count, u.keysRequired()));
    PreKey fresh = DeviceKeys.preKeys(500, 1, random).get(0);
    store.device(bob.sessionId).preKeys().store(List.of(fresh));
    DeviceCredentials creds = store.device(bob.sessionId).credentials().load().orElseThrow();
    Receipts.RetryKeys keys =
        new Receipts.RetryKeys(
            creds.identityKey().publicKey(),
            fresh.id(),
            fresh.keyPair().publicKey(),
            creds.signedPreKey().id(),
            creds.signedPreKey().keyPair().publicKey(),
            creds.signedPreKey().signature(),
            DEVICE_IDENTITY);
    BinaryNode receipt = Receipts.retry(failed, count, creds.registrationId(), keys);
    assertEquals("retry", receipt.attr("type"));
    assertEquals(alice.device.toString(), receipt.attr("to"));
    assertEquals("2", receipt.child("retry").attr("count"));
    assertEquals("1700000000", receipt.child("retry").attr("t"));

    // The server hands it to Alice with from = Bob's device.
    BinaryNode arrived = receipt.toBuilder().attr("from", bob.device.toString()).build();
    IncomingReceipt parsed = IncomingReceipt.parse(arrived);
    assertEquals(IncomingReceipt.Kind.RETRY, parsed.kind());
    IncomingReceipt.RetryRequest retry = parsed.retry();
    assertEquals(second.attr("id"), retry.id());
    assertEquals(2, retry.count());
    assertEquals(creds.registrationId(), retry.registrationId());
    assertEquals(OptionalInt.of(500), retry.bundle().preKeyId());

    EncryptResult again =
        alice.encryptor.encryptFor(parsed.sender(), lost, retry.bundle(), server());
    assertEquals(EncryptResult.PKMSG, again.type());
    BinaryNode resend =
        OutgoingStanzas.retryResend(
            retry.id(),
            parsed.from(),
            null,
            null,
            retry.timestamp(),
            lost,
            again,
            retry.count(),
            DEVICE_IDENTITY);
    assertEquals("false", resend.attr("device_fanout"));
    assertEquals("2", resend.child("enc").attr("count"));
    assertNotNull(resend.child("device-identity"));

    BinaryNode redelivered = resend.toBuilder().attr("from", alice.device.toString()).build();
    BinaryNode stripped =
        BinaryNode.newBuilder("message")
            .attr("from", alice.device.toString())
            .attr("id", resend.attr("id"))
            .attr("t", resend.attr("t"))
            .attr("type", resend.attr("type"))
            .child(redelivered.child("enc"))
            .build();
    InboundMessage in = InboundMessage.parse(stripped);
    assertEquals(2, in.resendCount());
    assertEquals(new Text("lost?"), decrypted(bob.decryptor.decrypt(in)).decoded().content());
    assertTrue(
        store.device(bob.sessionId).preKeys().get(500).isEmpty(), "the fresh prekey was consumed");
  }

  @Test
  void devicesWithoutABundleAreSkippedAndReported() {
    Jid ghost = Jid.parse("15550009999:3@s.whatsapp.net");
    Fanout fanout =
        alice.encryptor.encryptDirect(
            MessageCodec.encode(new Text("x")),
            bob.device.toNonAd(),
            new ArrayList<>(List.of(bob.device, ghost)),
            alice.own(),
            server());
    assertEquals(List.of(bob.device), fanout.encryptedFor());
    assertEquals(Map.of(ghost, ErrorCode.NO_BUNDLE.wireName()), fanout.failed());
  }
}
