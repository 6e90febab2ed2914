package dev.wagateway.core.internal.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.signal.Padding;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.internal.store.InMemoryGatewayStore;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The libsignal-node vectors fed through our stanza layer: each recorded ciphertext wrapped in the
 * {@code message} stanza the server would deliver, decrypted by {@link MessageDecryptor} and
 * decoded to content.
 */
class SignalVectorStanzasTest {
  private static final class Party {
    final Jid jid;
    final QueueRandom random = new QueueRandom();
    final SignalProtocol signal;
    final MessageDecryptor decryptor;

    Party(InMemoryGatewayStore store, Map<String, Object> keys) {
      jid = Jid.parse(TestJson.string(keys, "jid"));
      Map<String, Object> identity = TestJson.map(keys, "identity");
      Map<String, Object> spk = TestJson.map(keys, "signedPreKey");
      DeviceCredentials credentials =
          new DeviceCredentials(
              Curve.generateKeyPair(new SecureRandom()),
              new KeyPair(TestJson.hex(identity, "public"), TestJson.hex(identity, "private")),
              TestJson.integer(keys, "registrationId"),
              new DeviceCredentials.SignedPreKey(
                  TestJson.integer(spk, "keyId"),
                  new KeyPair(TestJson.hex(spk, "public"), TestJson.hex(spk, "private")),
                  TestJson.hex(spk, "signature")),
              new byte[32],
              null);
      String sessionId = jid.toString();
      store.device(sessionId).credentials().save(credentials);
      Map<String, Object> opk = TestJson.map(keys, "one_time_prekey");
      if (opk != null) {
        store
            .device(sessionId)
            .preKeys()
            .store(
                List.of(
                    new PreKey(
                        TestJson.integer(opk, "id"),
                        new KeyPair(TestJson.hex(opk, "public"), TestJson.hex(opk, "private")))));
      }
      signal = new SignalProtocol(store, sessionId, random);
      decryptor = new MessageDecryptor(signal, new DedupCache(16));
    }
  }

  @Test
  void oneToOneSessionVectorDecryptsThroughStanzas() throws Exception {
    Map<String, Object> vector = TestJson.load("signal-session.json");
    try (InMemoryGatewayStore store = new InMemoryGatewayStore()) {
      Map<Jid, Party> parties = new HashMap<>();
      for (String name : List.of("alice", "bob")) {
        Party p = new Party(store, TestJson.map(vector, name));
        parties.put(p.jid, p);
      }
      // The bundle iq is parsed by our parser; its owner's peer builds the session from it.
      BinaryNode iq = TestJson.node(TestJson.map(TestJson.map(vector, "bundle_iq"), "node"));
      Map<Jid, PreKeyFetch.FetchedBundle> fetched = PreKeyFetch.parse(iq);
      assertEquals(1, fetched.size());
      Jid owner = fetched.keySet().iterator().next();
      PreKeyBundle bundle = fetched.get(owner).bundle();
      Party initiator =
          parties.values().stream().filter(p -> !p.jid.equals(owner)).findFirst().orElseThrow();
      initiator.random.load(TestJson.list(vector, "inject_random_draws"));
      initiator.signal.processBundle(MessageEncryptor.address(owner), bundle);
      assertEquals(0, initiator.random.remaining());

      int n = 0;
      for (Object step : TestJson.list(vector, "steps")) {
        Jid from = Jid.parse(TestJson.string(step, "from"));
        Party receiver = parties.get(Jid.parse(TestJson.string(step, "to")));
        assertEquals(TestJson.string(step, "sender_address"), MessageEncryptor.address(from));
        BinaryNode stanza =
            BinaryNode.newBuilder("message")
                .attr("from", from)
                .attr("id", "VEC" + (++n))
                .attr("t", "1700000000")
                .attr("type", "text")
                .child(
                    OutgoingStanzas.enc(
                        TestJson.string(step, "enc_type"),
                        TestJson.hex(step, "ciphertext"),
                        Map.of()))
                .build();
        receiver.random.load(TestJson.list(step, "random_draws_decrypt"));
        DecryptOutcome outcome = receiver.decryptor.decrypt(InboundMessage.parse(stanza));
        DecryptOutcome.Decrypted d =
            assertInstanceOf(
                DecryptOutcome.Decrypted.class, outcome, TestJson.string(step, "step"));
        assertEquals(0, receiver.random.remaining(), "every recorded decrypt draw consumed");
        DecodedMessage expected =
            MessageCodec.decode(TestJson.message(TestJson.map(step, "message_json")));
        assertEquals(expected, d.decoded());
        assertEquals(
            expected, MessageCodec.decode(Padding.unpad(TestJson.hex(step, "plaintext_padded"))));
      }
      assertTrue(n > 0);
    }
  }

  @Test
  void groupVectorDecryptsThroughStanzas() throws Exception {
    Map<String, Object> vector = TestJson.load("signal-group.json");
    Jid group = Jid.parse(TestJson.string(vector, "group"));
    Jid sender = Jid.parse(TestJson.string(vector, "sender"));
    try (InMemoryGatewayStore store = new InMemoryGatewayStore()) {
      store.device("receiver").credentials().save(DeviceKeys.credentials(new SecureRandom()));
      SignalProtocol signal = new SignalProtocol(store, "receiver", new SecureRandom());
      MessageDecryptor decryptor = new MessageDecryptor(signal, new DedupCache(16));
      List<Object> steps = TestJson.list(vector, "steps");
      signal.processSenderKeyDistribution(
          group.toString(),
          MessageEncryptor.address(sender),
          TestJson.hex(steps.get(0), "sender_key_distribution_message"));
      int n = 0;
      for (Object step : steps) {
        BinaryNode stanza =
            BinaryNode.newBuilder("message")
                .attr("from", group)
                .attr("participant", sender)
                .attr("id", "GVEC" + (++n))
                .attr("t", "1700000000")
                .attr("type", "text")
                .child(OutgoingStanzas.enc("skmsg", TestJson.hex(step, "skmsg"), Map.of()))
                .build();
        DecryptOutcome.Decrypted d =
            assertInstanceOf(
                DecryptOutcome.Decrypted.class, decryptor.decrypt(InboundMessage.parse(stanza)));
        assertEquals(
            MessageCodec.decode(Padding.unpad(TestJson.hex(step, "plaintext_padded"))),
            d.decoded());
        assertTrue(d.decoded().content() != null);
        assertNull(d.decoded().senderKeyDistribution());
      }
    }
  }
}
