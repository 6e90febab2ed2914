package dev.wagateway.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wagateway.core.Vectors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dictionary in our resources is Baileys' dictionary version 3 ({@code wabinary-tokens.json}):
 * every token encodes to its index and decodes back, and the tag constants agree.
 */
class TokenDictionaryTest {
  private static final NodeCodec CODEC = NodeCodec.standard();

  @Test
  @SuppressWarnings("unchecked")
  void everyTokenEncodesToItsIndexAndBack() throws Exception {
    Map<String, Object> root = NodeCodecVectorsTest.load("wabinary-tokens.json");
    List<String> single = (List<String>) root.get("single_byte_tokens");
    List<List<String>> dbl = (List<List<String>>) root.get("double_byte_tokens");
    assertEquals(236, single.size());
    assertEquals(4, dbl.size());
    assertEquals("", single.get(0));
    for (int i = 1; i < single.size(); i++) {
      String token = single.get(i);
      byte[] frame = CODEC.encode(BinaryNode.of(token));
      assertEquals("00f801" + Vectors.hex(new byte[] {(byte) i}), Vectors.hex(frame), token);
      assertEquals(token, CODEC.decode(frame).tag());
    }
    for (int d = 0; d < dbl.size(); d++) {
      assertEquals(256, dbl.get(d).size());
      for (int j = 0; j < 256; j++) {
        String token = dbl.get(d).get(j);
        byte[] frame = CODEC.encode(BinaryNode.of(token));
        assertEquals(
            "00f801" + Vectors.hex(new byte[] {(byte) (236 + d), (byte) j}),
            Vectors.hex(frame),
            token);
        assertEquals(token, CODEC.decode(frame).tag());
      }
    }
    // "" is token 0: the single byte 00.
    assertEquals("00f803190800", Vectors.hex(CODEC.encode(BinaryNode.of("iq", Map.of("id", "")))));
    // xmlstreamend (the stream end) is single-byte token 2.
    assertEquals("00f80102", Vectors.hex(CODEC.encode(BinaryNode.of("xmlstreamend"))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void tagConstantsMatchTheVectors() throws Exception {
    Map<String, Object> tags =
        (Map<String, Object>) NodeCodecVectorsTest.load("wabinary-tokens.json").get("tags");
    Map<String, Integer> ours =
        Map.ofEntries(
            Map.entry("LIST_EMPTY", 0),
            Map.entry("DICTIONARY_0", 236),
            Map.entry("DICTIONARY_1", 237),
            Map.entry("DICTIONARY_2", 238),
            Map.entry("DICTIONARY_3", 239),
            Map.entry("INTEROP_JID", 245),
            Map.entry("FB_JID", 246),
            Map.entry("AD_JID", 247),
            Map.entry("LIST_8", 248),
            Map.entry("LIST_16", 249),
            Map.entry("JID_PAIR", 250),
            Map.entry("HEX_8", 251),
            Map.entry("BINARY_8", 252),
            Map.entry("BINARY_20", 253),
            Map.entry("BINARY_32", 254),
            Map.entry("NIBBLE_8", 255),
            Map.entry("PACKED_MAX", 127));
    for (Map.Entry<String, Object> e : tags.entrySet()) {
      assertEquals(ours.get(e.getKey()), ((Number) e.getValue()).intValue(), e.getKey());
    }
    // Each constant is what the codec writes: check the ones a plain node can show.
    BinaryNode list300 =
        BinaryNode.of("list", Map.of(), java.util.Collections.nCopies(300, BinaryNode.of("item")));
    assertEquals("00f8027" + "1f9012c", Vectors.hex(CODEC.encode(list300)).substring(0, 14));
    String packedMax = "1".repeat(127);
    assertEquals(
        "ffc0",
        Vectors.hex(CODEC.encode(BinaryNode.of("iq", Map.of("id", packedMax)))).substring(10, 14));
    assertEquals(
        "fc80",
        Vectors.hex(CODEC.encode(BinaryNode.of("iq", Map.of("id", packedMax + "1"))))
            .substring(10, 14));
  }
}
