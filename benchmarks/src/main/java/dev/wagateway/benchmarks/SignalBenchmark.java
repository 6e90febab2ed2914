package dev.wagateway.benchmarks;

import dev.wagateway.core.host.Stores;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.internal.signal.Padding;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import java.security.SecureRandom;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signal throughput through the public {@link SignalProtocol} facade over the in-memory store
 * ({@link Stores#inMemory()}, what the gateway runs, minus the disk): every operation loads its
 * record, works on it and stores it again in one store transaction. One benchmark invocation is one
 * message encrypted by one device and decrypted by the other, so the scores are <b>messages/s</b>.
 *
 * <ul>
 *   <li>{@code oneToOne}: a {@code msg} on an established session, always from Alice to Bob (the
 *       steady state: symmetric chain steps only).
 *   <li>{@code oneToOneAlternating}: the direction flips on every message, so every message carries
 *       a new ratchet key and costs a DH ratchet step on both sides (the worst case of a chat).
 *   <li>{@code group}: an skmsg with Alice's sender key (sign on encrypt, verify on decrypt).
 * </ul>
 *
 * <p>The plaintext is a 100-byte text message padded as WhatsApp pads {@code v="2"} payloads
 * ({@link Padding}); the decrypted bytes are unpadded and their length checked.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignalBenchmark {
  static final int TEXT_BYTES = 100;
  private static final String ALICE = SignalProtocol.address("15550001111", 0, 1);
  private static final String BOB = SignalProtocol.address("15550002222", 0, 1);
  private static final String GROUP = "120363000000000001@g.us";

  private GatewayStore store;
  private SignalProtocol alice;
  private SignalProtocol bob;
  private byte[] padded;
  private boolean aliceSends;

  @Setup(Level.Trial)
  public void prepare() {
    SecureRandom random = new SecureRandom();
    store = Stores.inMemory();
    for (String id : new String[] {"alice", "bob"}) {
      store.device(id).credentials().save(DeviceKeys.credentials(random));
      store.device(id).preKeys().store(DeviceKeys.preKeys(1, 2, random));
    }
    alice = new SignalProtocol(store, "alice", random);
    bob = new SignalProtocol(store, "bob", random);
    byte[] text = new byte[TEXT_BYTES];
    Arrays.fill(text, (byte) 'a');
    padded = Padding.pad(text, random);

    // 1:1: Alice builds from Bob's bundle; the first pkmsg and a reply make the session two-way.
    alice.processBundle(BOB, bundle("bob", 1));
    EncryptResult first = alice.encrypt(BOB, padded);
    check(bob.decrypt(ALICE, first.type(), first.ciphertext()));
    EncryptResult reply = bob.encrypt(ALICE, padded);
    check(alice.decrypt(BOB, reply.type(), reply.ciphertext()));
    EncryptResult established = alice.encrypt(BOB, padded);
    if (!established.type().equals(EncryptResult.MSG)) {
      throw new IllegalStateException("session did not become established");
    }
    check(bob.decrypt(ALICE, established.type(), established.ciphertext()));
    aliceSends = true;

    // Group: Alice's sender key, distributed to Bob.
    byte[] skdm = alice.createSenderKeyDistribution(GROUP, ALICE);
    bob.processSenderKeyDistribution(GROUP, ALICE, skdm);
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
  }

  /** Alice to Bob on an established session: encrypt, then decrypt. */
  @Benchmark
  public byte[] oneToOne() {
    EncryptResult m = alice.encrypt(BOB, padded);
    return check(bob.decrypt(ALICE, m.type(), m.ciphertext()));
  }

  /** Direction flips every message: a DH ratchet step on both sides per message. */
  @Benchmark
  public byte[] oneToOneAlternating() {
    aliceSends = !aliceSends;
    if (aliceSends) {
      EncryptResult m = alice.encrypt(BOB, padded);
      return check(bob.decrypt(ALICE, m.type(), m.ciphertext()));
    }
    EncryptResult m = bob.encrypt(ALICE, padded);
    return check(alice.decrypt(BOB, m.type(), m.ciphertext()));
  }

  /** Sender-key message: Alice encrypts for the group, Bob decrypts. */
  @Benchmark
  public byte[] group() {
    byte[] skmsg = alice.groupEncrypt(GROUP, ALICE, padded);
    return check(bob.groupDecrypt(GROUP, ALICE, skmsg));
  }

  private PreKeyBundle bundle(String sessionId, int preKeyId) {
    DeviceCredentials c = store.device(sessionId).credentials().load().orElseThrow();
    PreKey opk = store.device(sessionId).preKeys().get(preKeyId).orElseThrow();
    return new PreKeyBundle(
        c.registrationId(),
        c.identityKey().publicKey(),
        c.signedPreKey().id(),
        c.signedPreKey().keyPair().publicKey(),
        c.signedPreKey().signature(),
        OptionalInt.of(preKeyId),
        opk.keyPair().publicKey());
  }

  private static byte[] check(byte[] decrypted) {
    byte[] text = Padding.unpad(decrypted);
    if (text.length != TEXT_BYTES) {
      throw new IllegalStateException("decrypted text has the wrong length: " + text.length);
    }
    return text;
  }
}
