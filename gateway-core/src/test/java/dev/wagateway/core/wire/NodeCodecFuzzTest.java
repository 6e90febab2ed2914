package dev.wagateway.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wagateway.core.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing the decoder and a round-trip property for the encoder.
 *
 * <p>The two fuzz examples (random frames, and mutated frames of the benchmark corpus, plain and
 * compressed) assert that decoding only ever ends in a node or a {@link MalformedNodeException}
 * (never another exception, an OOM or a hang), and that whatever decodes re-encodes and decodes
 * again. They run {@code 3000} inputs each by default (a few seconds). Run longer with the system
 * property {@code wagateway.fuzz.tries}, e.g.
 *
 * <pre>
 * mvn -pl gateway-core verify -Dtest=NodeCodecFuzzTest -Dwagateway.fuzz.tries=1000000
 * </pre>
 *
 * Inputs are drawn with jqwik arbitraries; a failure prints the input as hex (and the mutation
 * seed), which is all that is needed to reproduce it.
 *
 * <p>The round-trip property checks {@code encode(decode(encode(n))) == encode(n)} for generated
 * nodes. Generated JID text avoids the one Baileys quirk that is lossy by design: an explicit
 * {@code :0} device on {@code s.whatsapp.net}/{@code lid} is written as AD_JID device 0 and comes
 * back without {@code :0}, so it re-encodes as JID_PAIR.
 */
class NodeCodecFuzzTest {
  private static final NodeCodec CODEC = NodeCodec.standard();
  private static final int TRIES = Integer.getInteger("wagateway.fuzz.tries", 3000);
  private static List<byte[]> corpus;

  @BeforeContainer
  static void loadCorpus() throws Exception {
    List<byte[]> frames = new ArrayList<>();
    for (Map<String, Object> e :
        NodeCodecVectorsTest.list(NodeCodecVectorsTest.load("bench-corpus.json"), "corpus")) {
      frames.add(Vectors.hex((String) e.get("encoded")));
    }
    corpus = frames;
  }

  @Example
  void randomFramesOnlyEverFailAsMalformed() {
    Arbitrary<byte[]> tails = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
    Arbitrary<byte[]> frames =
        Arbitraries.oneOf(
            tails,
            tails.map(t -> concat(new byte[] {0, (byte) 0xF8}, t)),
            tails.map(t -> concat(new byte[] {0, (byte) 0xF8, 0x07, 0x19}, t)),
            tails.map(t -> concat(new byte[] {2, 0x78, (byte) 0x9C}, t)));
    frames.sampleStream().limit(TRIES).forEach(f -> decodeOnlyMalformed(f, "random"));
  }

  @Example
  void mutatedCorpusFramesOnlyEverFailAsMalformed() {
    Arbitraries.longs()
        .sampleStream()
        .limit(TRIES)
        .forEach(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              byte[] frame = corpus.get(random.nextInt(corpus.size()));
              boolean compress = random.nextInt(8) == 0;
              byte[] mutated = mutate(compress ? compress(frame) : frame, random);
              decodeOnlyMalformed(mutated, "seed " + seed);
            });
  }

  @Property(tries = 300)
  void encodeDecodeEncodeIsStable(@ForAll("nodes") BinaryNode node) throws Exception {
    byte[] once = CODEC.encode(node);
    BinaryNode decoded = CODEC.decode(once);
    assertArrayEquals(once, CODEC.encode(decoded), () -> "for " + node);
    assertEquals(decoded, CODEC.decode(CODEC.encodeCompressed(node)));
  }

  private static void decodeOnlyMalformed(byte[] frame, String origin) {
    BinaryNode node;
    try {
      node = CODEC.decode(frame);
    } catch (MalformedNodeException expected) {
      if (expected.offset() < 0) {
        fail("negative offset for " + origin + ": " + Vectors.hex(frame));
      }
      return;
    } catch (Throwable t) {
      throw new AssertionError(
          "decode threw " + t + " for " + origin + ", input " + Vectors.hex(frame), t);
    }
    try {
      byte[] again = CODEC.encode(node);
      CODEC.decode(again);
    } catch (MalformedNodeException | RuntimeException e) {
      throw new AssertionError(
          "decoded node does not re-encode (" + e + ") for " + origin + ": " + Vectors.hex(frame),
          e);
    }
  }

  private static byte[] mutate(byte[] frame, SplittableRandom random) {
    byte[] out = frame.clone();
    int steps = 1 + random.nextInt(4);
    for (int s = 0; s < steps && out.length > 1; s++) {
      int at = 1 + random.nextInt(out.length - 1);
      switch (random.nextInt(7)) {
        case 0: // random byte
          out[at] = (byte) random.nextInt(256);
          break;
        case 1: // an interesting tag byte
          int[] tags = {
            0x00, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF, 0xEC
          };
          out[at] = (byte) tags[random.nextInt(tags.length)];
          break;
        case 2: // large length bytes
          out[at] = (byte) 0xFF;
          if (at + 1 < out.length) {
            out[at + 1] = (byte) 0xFF;
          }
          break;
        case 3: // truncate
          out = Arrays.copyOf(out, at);
          break;
        case 4: // delete a range
          int len = Math.min(1 + random.nextInt(8), out.length - at);
          byte[] cut = new byte[out.length - len];
          System.arraycopy(out, 0, cut, 0, at);
          System.arraycopy(out, at + len, cut, at, out.length - at - len);
          out = cut;
          break;
        case 5: // duplicate a range
          int dl = Math.min(1 + random.nextInt(16), out.length - at);
          byte[] dup = new byte[out.length + dl];
          System.arraycopy(out, 0, dup, 0, at + dl);
          System.arraycopy(out, at, dup, at + dl, out.length - at);
          out = dup;
          break;
        default: // insert random bytes
          int il = 1 + random.nextInt(6);
          byte[] ins = new byte[out.length + il];
          System.arraycopy(out, 0, ins, 0, at);
          for (int i = 0; i < il; i++) {
            ins[at + i] = (byte) random.nextInt(256);
          }
          System.arraycopy(out, at, ins, at + il, out.length - at);
          out = ins;
          break;
      }
    }
    return out;
  }

  private static byte[] compress(byte[] frame) {
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(frame, 1, frame.length - 1);
      deflater.finish();
      byte[] out = new byte[frame.length * 2 + 64];
      out[0] = 2;
      int n = 1 + deflater.deflate(out, 1, out.length - 1);
      return Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---- node generators for the round-trip property ----

  private static final List<String> TOKENS =
      List.of(
          "iq",
          "id",
          "type",
          "get",
          "set",
          "result",
          "to",
          "from",
          "message",
          "receipt",
          "participant",
          "s.whatsapp.net",
          "g.us",
          "lid",
          "status",
          "broadcast",
          "read-self",
          "pair-device",
          "ref",
          "skey",
          "active",
          "passive",
          "failure",
          "reason",
          "");

  @Provide
  Arbitrary<BinaryNode> nodes() {
    return node(3);
  }

  private Arbitrary<BinaryNode> node(int depth) {
    Arbitrary<String> tag =
        Arbitraries.oneOf(Arbitraries.of(TOKENS).filter(t -> !t.isEmpty()), plain());
    Arbitrary<Map<String, String>> attrs =
        Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(TOKENS), plain()), value())
            .ofMaxSize(6)
            .map(LinkedHashMap::new);
    List<Arbitrary<BinaryNode>> shapes = new ArrayList<>();
    shapes.add(Combinators.combine(tag, attrs).as(BinaryNode::of));
    shapes.add(Combinators.combine(tag, attrs, value()).as(BinaryNode::ofText));
    shapes.add(
        Combinators.combine(tag, attrs, Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
            .as(BinaryNode::of));
    if (depth > 0) {
      shapes.add(
          Combinators.combine(tag, attrs, node(depth - 1).list().ofMaxSize(4)).as(BinaryNode::of));
    }
    return Arbitraries.oneOf(shapes);
  }

  private static Arbitrary<String> plain() {
    return Arbitraries.strings()
        .alpha()
        .numeric()
        .withChars('-', '_', '.')
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  private static Arbitrary<String> value() {
    return Arbitraries.oneOf(
            Arbitraries.of(TOKENS),
            Arbitraries.strings().numeric().withChars('-', '.').ofMinLength(1).ofMaxLength(140),
            Arbitraries.strings()
                .withChars("0123456789ABCDEFabcdef")
                .ofMinLength(1)
                .ofMaxLength(140),
            Arbitraries.strings().all().ofMaxLength(40),
            Arbitraries.strings().withChars("0123456789:_.@-abslid").ofMaxLength(24),
            Arbitraries.strings().ascii().ofMinLength(250).ofMaxLength(300),
            jids())
        .filter(v -> !isLossyZeroDevice(v));
  }

  private static Arbitrary<String> jids() {
    Arbitrary<String> user = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(16);
    Arbitrary<String> server =
        Arbitraries.of(
            "s.whatsapp.net",
            "lid",
            "g.us",
            "broadcast",
            "newsletter",
            "c.us",
            "hosted",
            "hosted.lid",
            "msgr",
            "interop",
            "bot",
            "call");
    Arbitrary<Integer> device = Arbitraries.integers().between(1, 300);
    Arbitrary<Integer> agent = Arbitraries.integers().between(0, 255);
    return Arbitraries.oneOf(
        server.map(s -> "@" + s),
        Combinators.combine(user, server).as((u, s) -> u + "@" + s),
        Combinators.combine(user, device, server).as((u, d, s) -> u + ":" + d + "@" + s),
        Combinators.combine(user, agent, device)
            .as((u, a, d) -> u + "_" + a + ":" + d + "@s.whatsapp.net"),
        Combinators.combine(user, Arbitraries.integers().between(0, 9999))
            .as((u, i) -> i + "-" + u + ":2@interop"));
  }

  /**
   * The Baileys quirk: an explicit zero device on {@code s.whatsapp.net}/{@code lid} is written as
   * AD_JID device 0 and decodes without it ({@code user:0@s.whatsapp.net} becomes {@code
   * user@s.whatsapp.net}), so it re-encodes as JID_PAIR. Read the way the encoder reads JID text:
   * server after the first '@', device after the first ':'.
   */
  private static boolean isLossyZeroDevice(String v) {
    int at = v.indexOf('@');
    if (at < 0) {
      return false;
    }
    String server = v.substring(at + 1);
    if (!server.equals("s.whatsapp.net") && !server.equals("lid")) {
      return false;
    }
    String user = v.substring(0, at);
    int colon = user.indexOf(':');
    if (colon < 0 || colon + 1 == user.length() || user.length() - colon - 1 > 5) {
      return false;
    }
    for (int i = colon + 1; i < user.length(); i++) {
      if (user.charAt(i) < '0' || user.charAt(i) > '9') {
        return false;
      }
    }
    if (Integer.parseInt(user.substring(colon + 1)) != 0) {
      return false;
    }
    int underscore = user.indexOf('_');
    if (underscore < 0 || underscore > colon) {
      return true;
    }
    String agent = user.substring(underscore + 1, colon);
    return agent.equals("1") || agent.equals("128") || agent.equals("129") || agent.matches("0+");
  }
}
