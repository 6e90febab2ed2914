package dev.wagateway.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.MalformedNodeException;
import dev.wagateway.core.wire.NodeCodec;
import dev.wagateway.core.wire.NodeJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/**
 * Compares our codec with Baileys' on the JSON lines written by {@code baileys/codec-diff.mjs}:
 * every node must encode to Baileys' bytes, and Baileys' bytes must decode to what Baileys decodes
 * (or fail where Baileys fails). Prints the first mismatches and a summary; exits 1 on any
 * mismatch. Usage: {@code java -cp benchmarks.jar dev.wagateway.benchmarks.BaileysCodecDiff
 * cases.jsonl} (see {@code baileys/diff-codec.sh}).
 */
public final class BaileysCodecDiff {
  private BaileysCodecDiff() {}

  public static void main(String[] args) throws IOException {
    JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
    NodeCodec codec = NodeCodec.standard();
    HexFormat hex = HexFormat.of();
    int cases = 0;
    int mismatches = 0;
    try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        Map<?, ?> c = (Map<?, ?>) json.fromJson(line);
        cases++;
        BinaryNode node = NodeJson.fromValue(c.get("node"));
        String ours = hex.formatHex(codec.encode(node));
        if (!ours.equals(c.get("encoded"))) {
          if (mismatches++ < 10) {
            System.out.println("encode " + NodeJson.toJson(node));
            System.out.println("  baileys " + c.get("encoded") + "\n  ours    " + ours);
          }
        }
        Object expected = c.get("decoded");
        String decoded;
        try {
          decoded = NodeJson.toJson(codec.decode(hex.parseHex((String) c.get("encoded"))));
        } catch (MalformedNodeException e) {
          decoded = "ERR " + e.getMessage();
        }
        boolean same =
            expected instanceof String
                ? decoded.startsWith("ERR ")
                : decoded.equals(NodeJson.toJson(NodeJson.fromValue(expected)));
        if (!same && mismatches++ < 10) {
          System.out.println("decode " + c.get("encoded"));
          System.out.println("  baileys " + expected + "\n  ours    " + decoded);
        }
      }
    }
    System.out.println(cases + " nodes, " + mismatches + " mismatches");
    if (mismatches > 0) {
      System.exit(1);
    }
  }
}
