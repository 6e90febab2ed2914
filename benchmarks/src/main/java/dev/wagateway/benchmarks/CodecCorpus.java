package dev.wagateway.benchmarks;

import com.squareup.moshi.Moshi;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The codec benchmark corpus: {@code vectors/bench-corpus.json} (87 stanzas with the frames Baileys
 * encodes them to), copied into this module's resources. Loading verifies the count, the total size
 * and {@code corpus_sha256}, so figures are always measured on exactly those bytes.
 */
public final class CodecCorpus {
  public static final String RESOURCE = "/dev/wagateway/benchmarks/bench-corpus.json";
  public static final int EXPECTED_COUNT = 87;

  private final BinaryNode[] nodes;
  private final byte[][] frames;
  private final long totalBytes;

  private CodecCorpus(BinaryNode[] nodes, byte[][] frames, long totalBytes) {
    this.nodes = nodes;
    this.frames = frames;
    this.totalBytes = totalBytes;
  }

  /** Loads and verifies the corpus. */
  @SuppressWarnings("unchecked")
  public static CodecCorpus load() throws IOException {
    String json;
    try (InputStream in = CodecCorpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("benchmark corpus missing: " + RESOURCE);
      }
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Object> root =
        (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(json);
    List<Map<String, Object>> corpus = (List<Map<String, Object>>) root.get("corpus");
    int count = ((Number) root.get("count")).intValue();
    if (corpus.size() != count || count != EXPECTED_COUNT) {
      throw new IOException("corpus has " + corpus.size() + " entries, expected " + EXPECTED_COUNT);
    }
    BinaryNode[] nodes = new BinaryNode[count];
    byte[][] frames = new byte[count][];
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      nodes[i] = NodeJson.fromValue(corpus.get(i).get("node"));
      frames[i] = HexFormat.of().parseHex((String) corpus.get(i).get("encoded"));
      all.writeBytes(frames[i]);
    }
    String sha;
    try {
      sha =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (!sha.equals(root.get("corpus_sha256"))) {
      throw new IOException("corpus_sha256 mismatch: " + sha);
    }
    if (all.size() != ((Number) root.get("total_encoded_bytes")).intValue()) {
      throw new IOException("total_encoded_bytes mismatch: " + all.size());
    }
    return new CodecCorpus(nodes, frames, all.size());
  }

  public BinaryNode[] nodes() {
    return nodes.clone();
  }

  public byte[][] frames() {
    return frames.clone();
  }

  /** Sum of the encoded frame lengths (flag byte included): 12793 bytes. */
  public long totalBytes() {
    return totalBytes;
  }

  /** Prints the corpus facts the benchmark figures are derived from. */
  public static void main(String[] args) throws IOException {
    CodecCorpus c = load();
    System.out.println(
        "nodes="
            + c.nodes.length
            + " bytes="
            + c.totalBytes
            + " bytesPerNode="
            + ((double) c.totalBytes / c.nodes.length));
  }
}
