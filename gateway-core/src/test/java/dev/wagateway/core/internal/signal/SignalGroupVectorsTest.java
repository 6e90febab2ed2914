package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.internal.signal.Json.hex;
import static dev.wagateway.core.internal.signal.Json.integer;
import static dev.wagateway.core.internal.signal.Json.list;
import static dev.wagateway.core.internal.signal.Json.map;
import static dev.wagateway.core.internal.signal.Json.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays signal-group.json (Baileys' sender-key messages): our sender reproduces the distribution
 * messages and the skmsg bodies byte for byte from the recorded randomness (the signature is
 * verified instead, since Baileys signs deterministically and we sign with fresh randomness), and
 * our receiver decrypts Baileys' messages, which skip every other iteration.
 */
class SignalGroupVectorsTest {
  private final Map<String, Object> vector = Json.load("signal-group.json");
  private final SecureRandom signingRandom = new SecureRandom();

  @Test
  void senderReproducesDistributionMessagesAndMessageBodies() {
    SenderKeyRecord own = new SenderKeyRecord();
    int step = 0;
    for (Object s : list(vector, "steps")) {
      step++;
      String name = "step " + step;
      ScriptedRandom random = ScriptedRandom.fromVector(list(s, "random_draws"));
      byte[] padded = hex(s, "plaintext_padded");
      // Baileys pads first, then (on the first message) creates the sender key.
      assertArrayEquals(padded, Padding.pad(Padding.unpad(padded), random), name + ": padding");
      SenderKeyDistributionMessage skdm = GroupSessionBuilder.create(own, random);
      assertEquals(0, random.remaining(), name + ": every recorded draw consumed");
      assertEquals(
          string(s, "sender_key_distribution_message"),
          Json.hex(skdm.serialize()),
          name + ": SKDM");

      byte[] expected = hex(s, "skmsg");
      int iteration = integer(map(s, "skmsg_parsed"), "iteration");
      // Baileys skips an iteration before every message after the first; play that skip.
      while (own.newestState().iteration < iteration) {
        GroupCipher.encrypt(own, new byte[] {1}, signingRandom);
      }
      byte[] ours = GroupCipher.encrypt(own, padded, signingRandom);
      int bodyLength = expected.length - SenderKeyMessage.SIGNATURE_LENGTH;
      assertEquals(expected.length, ours.length, name);
      assertEquals(
          Json.hex(Arrays.copyOf(expected, bodyLength)),
          Json.hex(Arrays.copyOf(ours, bodyLength)),
          name + ": skmsg body");
      byte[] signingKey = skdm.signingKey();
      assertTrue(
          SenderKeyMessage.parse(ours).verifySignature(signingKey), name + ": our signature");
      assertTrue(
          SenderKeyMessage.parse(expected).verifySignature(signingKey), name + ": their signature");

      // A fresh receiver given this step's SKDM decrypts our message.
      SenderKeyRecord checker = new SenderKeyRecord();
      GroupSessionBuilder.process(checker, SenderKeyDistributionMessage.parse(skdm.serialize()));
      assertArrayEquals(padded, GroupCipher.decrypt(checker, ours), name + ": round trip");
    }
    assertTrue(step > 0);
  }

  @Test
  void receiverAcceptsBaileysIterationGapsAndKeepsSkippedKeys() {
    List<Object> steps = list(vector, "steps");
    SenderKeyRecord record = new SenderKeyRecord();
    SenderKeyDistributionMessage first =
        SenderKeyDistributionMessage.parse(hex(steps.get(0), "sender_key_distribution_message"));
    Map<String, Object> firstParsed = map(steps.get(0), "skdm_parsed");
    assertEquals(integer(firstParsed, "id"), first.keyId());
    assertEquals(integer(firstParsed, "iteration"), first.iteration());
    assertArrayEquals(hex(firstParsed, "chainKey"), first.chainKey());
    assertArrayEquals(hex(firstParsed, "signingKey"), first.signingKey());
    GroupSessionBuilder.process(record, first);

    List<Integer> iterations = new ArrayList<>();
    for (Object s : steps) {
      byte[] skmsg = hex(s, "skmsg");
      Map<String, Object> parsed = map(s, "skmsg_parsed");
      SenderKeyMessage m = SenderKeyMessage.parse(skmsg);
      assertEquals(integer(parsed, "id"), m.keyId());
      assertEquals(integer(parsed, "iteration"), m.iteration());
      assertArrayEquals(hex(parsed, "ciphertext"), m.ciphertext());
      iterations.add(integer(parsed, "iteration"));
      // Later SKDMs (as whatsmeow resends with every message) must not rewind the chain.
      GroupSessionBuilder.process(
          record, SenderKeyDistributionMessage.parse(hex(s, "sender_key_distribution_message")));
      assertArrayEquals(hex(s, "plaintext_padded"), GroupCipher.decrypt(record, skmsg));
    }
    SenderKeyState state = record.state(first.keyId());
    assertNotNull(state);
    int last = iterations.get(iterations.size() - 1);
    assertEquals(last + 1, state.iteration, "chain advanced past the newest message");
    for (int i = first.iteration(); i < last; i++) {
      if (!iterations.contains(i)) {
        assertTrue(state.skipped.containsKey(i), "skipped iteration " + i + " kept");
      }
    }
    // Each message decrypts once only.
    byte[] again = hex(steps.get(steps.size() - 1), "skmsg");
    CryptoException duplicate =
        assertThrows(CryptoException.class, () -> GroupCipher.decrypt(record, again));
    assertEquals(ErrorCode.DUPLICATE_MESSAGE, duplicate.errorCode());
    // Round trip of the record keeps everything.
    SenderKeyRecord copy = SenderKeyRecord.deserialize(record.serialize());
    assertArrayEquals(record.serialize(), copy.serialize());
  }
}
