package dev.wagateway.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wagateway.core.Vectors;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every node of {@code bench-corpus.json} (the benchmark corpus) encodes to its recorded Baileys
 * frame and round-trips; the digest over our encodings equals the corpus digest.
 */
class BenchCorpusTest {
  private static final NodeCodec CODEC = NodeCodec.standard();

  @Test
  void everyCorpusNodeEncodesToItsFrameAndRoundTrips() throws Exception {
    Map<String, Object> root = NodeCodecVectorsTest.load("bench-corpus.json");
    List<Map<String, Object>> corpus = NodeCodecVectorsTest.list(root, "corpus");
    assertEquals(((Number) root.get("count")).intValue(), corpus.size());
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Map<String, Object> entry : corpus) {
      String name = (String) entry.get("name");
      BinaryNode node = NodeJson.fromValue(entry.get("node"));
      byte[] expected = Vectors.hex((String) entry.get("encoded"));
      byte[] encoded = CODEC.encode(node);
      assertEquals(Vectors.hex(expected), Vectors.hex(encoded), name);
      all.writeBytes(encoded);

      BinaryNode decoded = CODEC.decode(expected);
      if (Boolean.TRUE.equals(entry.get("roundtrip_identical"))) {
        assertEquals(node, decoded, name);
      }
      // Decoding is a fixed point after one pass even where Baileys is lossy (":0", raw text).
      byte[] again = CODEC.encode(decoded);
      assertEquals(decoded, CODEC.decode(again), name);
      assertArrayEquals(again, CODEC.encode(CODEC.decode(again)), name);
      // And through the JSON form used by the CLI.
      assertEquals(decoded, NodeJson.fromJson(NodeJson.toJson(decoded)), name);
    }
    assertEquals(((Number) root.get("total_encoded_bytes")).intValue(), all.size());
    assertEquals(root.get("corpus_sha256"), NodeCodecVectorsTest.sha256(all.toByteArray()));
  }
}
