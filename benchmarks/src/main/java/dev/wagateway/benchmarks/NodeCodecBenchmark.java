package dev.wagateway.benchmarks;

import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.MalformedNodeException;
import dev.wagateway.core.wire.NodeCodec;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * WABinary node encode and decode over exactly the {@code bench-corpus.json} corpus (87 stanzas,
 * 12793 encoded bytes). One invocation walks the whole corpus and counts 87 operations, so the
 * reported ops/s are nodes/s; MB/s = nodes/s &times; 12793 / 87 / 10^6 (see README.md and {@code
 * baileys/compare-codec.sh}, which derives both and sets them beside Baileys).
 *
 * <p>Decode includes the flag byte check; encode includes the flag byte and the final exact-size
 * copy, i.e. exactly what {@link NodeCodec#encode} / {@link NodeCodec#decode} do for the transport.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NodeCodecBenchmark {
  private final NodeCodec codec = NodeCodec.standard();
  private BinaryNode[] nodes;
  private byte[][] frames;

  @Setup
  public void load() throws IOException {
    CodecCorpus corpus = CodecCorpus.load();
    nodes = corpus.nodes();
    frames = corpus.frames();
    for (int i = 0; i < nodes.length; i++) {
      if (!Arrays.equals(codec.encode(nodes[i]), frames[i])) {
        throw new IllegalStateException("corpus node " + i + " does not encode to its frame");
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(CodecCorpus.EXPECTED_COUNT)
  public void encode(Blackhole bh) {
    for (BinaryNode node : nodes) {
      bh.consume(codec.encode(node));
    }
  }

  @Benchmark
  @OperationsPerInvocation(CodecCorpus.EXPECTED_COUNT)
  public void decode(Blackhole bh) throws MalformedNodeException {
    for (byte[] frame : frames) {
      bh.consume(codec.decode(frame));
    }
  }
}
