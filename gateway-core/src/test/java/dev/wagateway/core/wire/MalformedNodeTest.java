package dev.wagateway.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.wire.MalformedNodeException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed input: every failure is a MalformedNodeException with the right reason and offset. */
class MalformedNodeTest {
  private static final NodeCodec CODEC = NodeCodec.standard();

  private static MalformedNodeException fails(NodeCodec codec, byte[] frame) {
    return assertThrows(MalformedNodeException.class, () -> codec.decode(frame));
  }

  private static MalformedNodeException fails(String hex) {
    return fails(CODEC, Vectors.hex(hex));
  }

  @Test
  void truncationAtEveryOffsetOfRealStanzas() throws Exception {
    List<Map<String, Object>> cases =
        NodeCodecVectorsTest.list(NodeCodecVectorsTest.load("wabinary.json"), "cases");
    int checked = 0;
    for (Map<String, Object> c : cases) {
      byte[] frame = Vectors.hex((String) c.get("encoded"));
      if (frame.length > 600) {
        continue;
      }
      for (int len = 0; len < frame.length; len++) {
        byte[] prefix = Arrays.copyOf(frame, len);
        MalformedNodeException e = fails(CODEC, prefix);
        String where = c.get("name") + " cut at " + len + ": " + e.getMessage();
        assertTrue(
            e.reason() == Reason.TRUNCATED || e.reason() == Reason.LENGTH_OUT_OF_RANGE, where);
        assertTrue(e.offset() <= len, where);
        if (e.reason() == Reason.TRUNCATED) {
          assertTrue(e.offset() >= len - 4, where);
        }
        assertFalse(e.inInflatedBody());
        checked++;
      }
    }
    assertTrue(checked > 1000, "checked " + checked + " truncations");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // name, frame, reason, offset
    "empty frame, '', TRUNCATED, 0",
    "flag only, 00, TRUNCATED, 1",
    "attribute cut off, 00f8031908, LENGTH_OUT_OF_RANGE, 1",
    "BINARY_8 length missing, 00f8031908fc, TRUNCATED, 6",
    "string tag 240, 00f801f000, INVALID_TAG, 3",
    "string tag 244, 00f801f4, INVALID_TAG, 3",
    "node header not a list, 001908, INVALID_TAG, 1",
    "zero list size, 0000, INVALID_NODE, 1",
    "LIST_8 of zero, 00f800, INVALID_NODE, 1",
    "empty tag, 00f801fc00, INVALID_NODE, 1",
    "BINARY_32 length 2^31-1, 00f8021dfe7fffffff01, LENGTH_OUT_OF_RANGE, 5",
    "BINARY_32 negative length, 00f8021dfeffffffff01, LENGTH_OUT_OF_RANGE, 5",
    "BINARY_20 max length, 00f8021dfd0fffff01, LENGTH_OUT_OF_RANGE, 5",
    "BINARY_8 beyond end, 00f8031908fc0561, LENGTH_OUT_OF_RANGE, 6",
    "LIST_16 of 65535 children, 00f80271f9fffff80171, LENGTH_OUT_OF_RANGE, 4",
    "32767 attributes, 00f9ffff190804, LENGTH_OUT_OF_RANGE, 1",
    "packed length beyond end, 00f8026cff7f12, LENGTH_OUT_OF_RANGE, 5",
    "invalid nibble 12, 00f8026cff01c1, INVALID_PACKED, 6",
    "JID pair without server, 00f8031306fa0300, INVALID_JID, 7",
    "JID pair with empty server, 00f8031306fa03fc00, INVALID_JID, 7",
    "JID nested in JID, 00f8031306fafa000303, INVALID_JID, 6",
    "AD_JID empty user, 00f8031306f7000100, INVALID_JID, 8",
    "FB_JID wrong server, 00f8031306f6ff82123f000103, INVALID_JID, 12",
    "INTEROP_JID wrong server, 00f8031306f5ff82123f0001000203, INVALID_JID, 14",
    "trailing bytes, 00f8015600, TRAILING_BYTES, 4",
  })
  void reportsReasonAndOffset(String name, String hex, Reason reason, int offset) {
    MalformedNodeException e = fails(hex == null ? "" : hex);
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
    assertEquals("malformed_node", e.code());
    assertTrue(e.getMessage().contains("at offset " + offset), e.getMessage());
  }

  @Test
  void everyTokenIndexOfDictionaryThreeIsValidAndUnusedTagsAreNot() throws Exception {
    for (int i = 1; i < 236; i++) {
      BinaryNode n = CODEC.decode(new byte[] {0, (byte) 0xF8, 1, (byte) i});
      assertFalse(n.tag().isEmpty());
    }
    for (int d = 0; d < 4; d++) {
      for (int i = 0; i < 256; i++) {
        BinaryNode n = CODEC.decode(new byte[] {0, (byte) 0xF8, 1, (byte) (0xEC + d), (byte) i});
        assertFalse(n.tag().isEmpty());
      }
    }
    for (int tag = 0xF0; tag <= 0xF4; tag++) {
      MalformedNodeException e = fails(CODEC, new byte[] {0, (byte) 0xF8, 1, (byte) tag});
      assertEquals(Reason.INVALID_TAG, e.reason());
      assertEquals(3, e.offset());
    }
    // A double-byte token whose index byte is missing.
    assertEquals(Reason.TRUNCATED, fails("00f801ec").reason());
  }

  @Test
  void nestingBeyondTheLimitIsRejectedWithoutStackOverflow() throws Exception {
    int depth = 5000;
    byte[] frame = new byte[1 + depth * 5 + 3];
    int p = 1;
    for (int i = 0; i < depth; i++) {
      frame[p++] = (byte) 0xF8;
      frame[p++] = 2;
      frame[p++] = 0x71; // "list"
      frame[p++] = (byte) 0xF8;
      frame[p++] = 1;
    }
    frame[p++] = (byte) 0xF8;
    frame[p++] = 1;
    frame[p] = 0x56; // "ping"
    MalformedNodeException e = fails(CODEC, frame);
    assertEquals(Reason.TOO_DEEP, e.reason());
    assertEquals(1 + 64 * 5, e.offset(), "the 65th node starts here");

    NodeCodec deep = CODEC.withLimits(CODEC.limits().withMaxDepth(1000));
    byte[] ok = Arrays.copyOf(frame, 1 + 900 * 5 + 3);
    System.arraycopy(new byte[] {(byte) 0xF8, 1, 0x56}, 0, ok, 1 + 900 * 5, 3);
    BinaryNode n = deep.decode(ok);
    int levels = 1;
    while (!n.children().isEmpty()) {
      n = n.children().get(0);
      levels++;
    }
    assertEquals(901, levels);
  }

  @Test
  void encoderRefusesNodesDeeperThanTheLimit() {
    BinaryNode n = BinaryNode.of("ping");
    for (int i = 0; i < 64; i++) {
      n = BinaryNode.of("list", Map.of(), List.of(n));
    }
    BinaryNode tooDeep = n;
    GatewayException.ValidationException e =
        assertThrows(GatewayException.ValidationException.class, () -> CODEC.encode(tooDeep));
    assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
  }

  @Test
  void listLongerThanTheLimitIsRejected() throws Exception {
    BinaryNode node =
        BinaryNode.of(
            "list", Map.of(), List.of(BinaryNode.of("a"), BinaryNode.of("b"), BinaryNode.of("c")));
    byte[] frame = CODEC.encode(node);
    NodeCodec strict = CODEC.withLimits(CODEC.limits().withMaxListSize(2));
    MalformedNodeException e = fails(strict, frame);
    assertEquals(Reason.LIST_TOO_LARGE, e.reason());
    assertEquals(4, e.offset());
    assertEquals(node, CODEC.decode(frame));
  }

  @Test
  void frameLargerThanTheLimitIsRejectedBeforeDecoding() {
    NodeCodec small = CODEC.withLimits(CODEC.limits().withMaxFrameBytes(16));
    MalformedNodeException e = fails(small, new byte[17]);
    assertEquals(Reason.FRAME_TOO_LARGE, e.reason());
    assertEquals(0, e.offset());
    assertThrows(
        GatewayException.ValidationException.class,
        () -> small.encode(BinaryNode.of("enc", Map.of(), new byte[64])));
  }

  @Test
  void zipBombIsRejectedAtTheInflateLimit() {
    byte[] zeros = new byte[40 << 20];
    byte[] frame = compressedFrame(zeros, zeros.length);
    assertTrue(frame.length < 100_000, "the bomb is small: " + frame.length);
    MalformedNodeException e = fails(CODEC, frame);
    assertEquals(Reason.ZIP_BOMB, e.reason(), e.getMessage());
    assertFalse(e.inInflatedBody());

    NodeCodec tight = CODEC.withLimits(CODEC.limits().withMaxInflatedBytes(1024));
    byte[] small = compressedFrame(new byte[2048], 2048);
    assertEquals(Reason.ZIP_BOMB, fails(tight, small).reason());
  }

  @Test
  void compressedFramesDecodeAndBrokenZlibIsRejected() throws Exception {
    BinaryNode node =
        BinaryNode.newBuilder("iq")
            .attr("id", "42")
            .attr("type", "result")
            .attr("from", "@s.whatsapp.net")
            .build();
    byte[] compressed = CODEC.encodeCompressed(node);
    assertEquals(0x02, compressed[0]);
    assertEquals(node, CODEC.decode(compressed));

    assertEquals(Reason.BAD_ZLIB, fails("02").reason());
    assertEquals(Reason.BAD_ZLIB, fails("02000102").reason());
    MalformedNodeException cut = fails(CODEC, Arrays.copyOf(compressed, compressed.length - 6));
    assertEquals(Reason.BAD_ZLIB, cut.reason(), cut.getMessage());

    // A malformed node inside a valid zlib body: the offset indexes the inflated body.
    byte[] body = Vectors.hex("f8031908fc05616263");
    MalformedNodeException inner = fails(CODEC, compressedFrame(body, body.length));
    assertEquals(Reason.LENGTH_OUT_OF_RANGE, inner.reason());
    assertEquals(5, inner.offset());
    assertTrue(inner.inInflatedBody());
    assertTrue(inner.getMessage().contains("inflated body"), inner.getMessage());
  }

  @Test
  void otherFlagBitsAreIgnored() throws Exception {
    assertEquals(BinaryNode.of("ping"), CODEC.decode(Vectors.hex("fdf80156")));
  }

  @Test
  void decodeOfASliceReportsOffsetsRelativeToTheSlice() {
    byte[] buf = Vectors.hex("aabb00f80319f0cc");
    MalformedNodeException e =
        assertThrows(MalformedNodeException.class, () -> CODEC.decode(buf, 2, 6));
    assertEquals(Reason.INVALID_TAG, e.reason());
    assertEquals(4, e.offset());
  }

  @Test
  void duplicateAttributesKeepFirstPositionAndLastValue() throws Exception {
    // <iq id="1" type="get" id="2"/>
    BinaryNode n = CODEC.decode(Vectors.hex("00f8071908ff8113042908ff812f"));
    assertEquals(List.of("id", "type"), List.copyOf(n.attrs().keySet()));
    assertEquals("2", n.attr("id"));
  }

  private static byte[] compressedFrame(byte[] body, int length) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(body, 0, length);
      deflater.finish();
      byte[] out = new byte[1 + length / 100 + 1024];
      out[0] = 2;
      int n = 1;
      while (!deflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }
}
