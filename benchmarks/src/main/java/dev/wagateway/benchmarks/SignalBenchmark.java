package dev.wagateway.benchmarks;

import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.InMemoryGatewayStore;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signal encrypt plus decrypt, in messages per second: one 1:1 message (double ratchet, an
 * established session, {@code msg}) and one group message (sender key, {@code skmsg}), each
 * encrypted by one party and decrypted by the other, with every state change written to an
 * in-memory store as the protocol does it (the store's copy-on-write commit is part of the cost).
 * The plaintext is a padded 120-byte text message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignalBenchmark {
  private static final String ALICE = "15550000001.0";
  private static final String BOB = "15550000002.0";
  private static final String GROUP = "120363000000000001@g.us";

  private SignalProtocol alice;
  private SignalProtocol bob;
  private byte[] plaintext;

  @Setup(Level.Trial)
  public void prepare() {
    SecureRandom random = new SecureRandom();
    alice = party("alice", random);
    GatewayStore bobStore = new InMemoryGatewayStore();
    DeviceCredentials bobCreds = DeviceCredentials.generate(random);
    bobStore.device("bob").credentials().save(bobCreds);
    List<PreKey> preKeys = DeviceCredentials.generatePreKeys(1, 1, random);
    bobStore.device("bob").preKeys().store(preKeys);
    bob = new SignalProtocol(bobStore, "bob", random);

    alice.processBundle(
        BOB,
        new PreKeyBundle(
            bobCreds.registrationId(),
            bobCreds.identityKey().publicKey(),
            bobCreds.signedPreKey().id(),
            bobCreds.signedPreKey().keyPair().publicKey(),
            bobCreds.signedPreKey().signature(),
            OptionalInt.of(preKeys.get(0).id()),
            preKeys.get(0).keyPair().publicKey()));
    // one round trip, so both sides send plain msg from now on
    EncryptResult first = alice.encrypt(BOB, bytes("hello"));
    bob.decrypt(ALICE, first.type(), first.ciphertext());
    EncryptResult reply = bob.encrypt(ALICE, bytes("hi"));
    alice.decrypt(BOB, reply.type(), reply.ciphertext());

    bob.processSenderKeyDistribution(GROUP, ALICE, alice.createSenderKeyDistribution(GROUP, ALICE));
    plaintext = new byte[120];
    random.nextBytes(plaintext);
  }

  private static SignalProtocol party(String id, SecureRandom random) {
    GatewayStore store = new InMemoryGatewayStore();
    store.device(id).credentials().save(DeviceCredentials.generate(random));
    return new SignalProtocol(store, id, random);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public byte[] oneToOne() {
    EncryptResult sent = alice.encrypt(BOB, plaintext);
    return bob.decrypt(ALICE, sent.type(), sent.ciphertext());
  }

  @Benchmark
  public byte[] group() {
    return bob.groupDecrypt(GROUP, ALICE, alice.groupEncrypt(GROUP, ALICE, plaintext));
  }
}
