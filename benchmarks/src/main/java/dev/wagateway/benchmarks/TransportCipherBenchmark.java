package dev.wagateway.benchmarks;

import dev.wagateway.core.internal.noise.NoiseCipher;
import dev.wagateway.core.wire.WireException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the Noise transport cipher (AES-256-GCM, one counter per direction, empty AAD) on
 * frame payloads of typical sizes: 64 B (receipts, acks, presence), 1 KiB (a text message stanza),
 * 64 KiB (history sync and app-state chunks). Scores are frames per second; MB/s = score × {@code
 * frameSize} / 10^6.
 *
 * <p>Decryption needs frames made under consecutive counters, so a block of frames is sealed in
 * advance and the receiving cipher is renewed after each pass over the block (about 16 MiB of
 * frames, so the renewal cost is far below the noise).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransportCipherBenchmark {
  private static final int BLOCK_BYTES = 16 << 20;

  @Param({"64", "1024", "65536"})
  public int frameSize;

  private NoiseCipher.Keys keys;
  private byte[] plaintext;
  private NoiseCipher sender;
  private byte[][] sealed;
  private NoiseCipher receiver;
  private int next;

  @Setup(Level.Trial)
  public void prepare() {
    Random random = new Random(20261122L);
    byte[] write = new byte[32];
    byte[] read = new byte[32];
    random.nextBytes(write);
    random.nextBytes(read);
    keys = new NoiseCipher.Keys(write, read);
    plaintext = new byte[frameSize];
    random.nextBytes(plaintext);

    NoiseCipher server = NoiseCipher.forResponder(keys);
    sealed = new byte[Math.max(64, BLOCK_BYTES / frameSize)][];
    for (int i = 0; i < sealed.length; i++) {
      sealed[i] = server.encrypt(plaintext);
    }
  }

  /** A fresh sender per iteration keeps the write counter far from its 2^32 limit. */
  @Setup(Level.Iteration)
  public void freshCiphers() {
    sender = NoiseCipher.forInitiator(keys);
    receiver = NoiseCipher.forInitiator(keys);
    next = 0;
  }

  @Benchmark
  public byte[] encrypt() {
    return sender.encrypt(plaintext);
  }

  @Benchmark
  public byte[] decrypt() throws WireException {
    if (next == sealed.length) {
      receiver = NoiseCipher.forInitiator(keys);
      next = 0;
    }
    return receiver.decrypt(sealed[next++]);
  }
}
