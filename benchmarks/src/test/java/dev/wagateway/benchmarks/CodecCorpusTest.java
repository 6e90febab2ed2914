package dev.wagateway.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeCodec;
import org.junit.jupiter.api.Test;

/** The benchmark's copy of the corpus is intact and our codec reproduces every frame. */
class CodecCorpusTest {
  @Test
  void corpusLoadsVerifiedAndEncodesToItsFrames() throws Exception {
    CodecCorpus corpus = CodecCorpus.load();
    BinaryNode[] nodes = corpus.nodes();
    byte[][] frames = corpus.frames();
    assertEquals(87, nodes.length);
    assertEquals(12793, corpus.totalBytes());
    NodeCodec codec = NodeCodec.standard();
    for (int i = 0; i < nodes.length; i++) {
      assertArrayEquals(frames[i], codec.encode(nodes[i]), "corpus entry " + i);
    }
  }
}
