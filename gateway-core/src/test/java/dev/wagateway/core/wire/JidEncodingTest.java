package dev.wagateway.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wagateway.core.Vectors;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JID encodings beyond the Baileys vectors: hosted, Messenger, interop, raw agents (§5.6). */
class JidEncodingTest {
  private static final NodeCodec CODEC = NodeCodec.standard();

  private static String encodeAttr(String value) {
    String hex = Vectors.hex(CODEC.encode(BinaryNode.of("iq", Map.of("to", value))));
    // 00 f8 03 19 11 <value>
    assertEquals("00f8031911", hex.substring(0, 10));
    return hex.substring(10);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // text, encoded value, decoded text
    "5511999:4@hosted, f78004ff845511999f, 5511999:4@hosted",
    "5511999@hosted, f78000ff845511999f, 5511999@hosted",
    "123:2@hosted.lid, f78102ff82123f, 123:2@hosted.lid",
    "123@lid, faff82123f76, 123@lid",
    "123:9@lid, f70109ff82123f, 123:9@lid",
    "100012345678:2@msgr, f6ff06100012345678" + "0002cc, 100012345678:2@msgr",
    "100012345678@msgr, f6ff061000123456780000cc, 100012345678:0@msgr",
    "7-5551234:3@interop, f5ff84555123" + "4f00030007fc07696e7465726f70, 7-5551234:3@interop",
    "123_5:2@s.whatsapp.net, f70502ff82123f, 123_5:2@s.whatsapp.net",
    "123_5:0@s.whatsapp.net, f70500ff82123f, 123_5:0@s.whatsapp.net",
    "status@broadcast, fa0b0d, status@broadcast",
    "@broadcast, fa000d, @broadcast",
  })
  void encodesAndDecodesJids(String text, String encoded, String decoded) throws Exception {
    assertEquals(encoded, encodeAttr(text));
    BinaryNode back = CODEC.decode(CODEC.encode(BinaryNode.of("iq", Map.of("to", text))));
    assertEquals(decoded, back.attr("to"));
    assertEquals(Jid.parse(decoded).toString(), decoded, "decoded text is a canonical Jid form");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // Text that contains '@' but cannot travel as a JID without loss goes raw and comes back as is.
    "123:300@s.whatsapp.net",
    "123:x@s.whatsapp.net",
    "123:1:2@s.whatsapp.net",
    "123_5@s.whatsapp.net",
    "123_x:2@s.whatsapp.net",
    "123_7:2@lid",
    "123:4@g.us",
    ":4@s.whatsapp.net",
    "a@b@c",
    "@",
    "a@",
  })
  void lossyJidTextIsWrittenRaw(String text) throws Exception {
    String hex = encodeAttr(text);
    assertEquals("fc", hex.substring(0, 2), "BINARY_8");
    BinaryNode back = CODEC.decode(CODEC.encode(BinaryNode.of("iq", Map.of("to", text))));
    assertEquals(text, back.attr("to"));
  }

  @Test
  void baileysAgentFormIsWrittenAsBaileysWritesIt() throws Exception {
    // Baileys 6.7 drops "_1" and writes domain 0: the agent byte 1 would mean lid.
    assertEquals("f70002ff82123f", encodeAttr("123_1:2@s.whatsapp.net"));
    // A numeric agent that names no domain is kept.
    assertEquals("f70702ff82123f", encodeAttr("123_7:2@s.whatsapp.net"));
    // Users are whatever precedes ':' / '_' (Baileys does not split on '.').
    assertEquals("f70002ff83123b5f", encodeAttr("123.5:2@s.whatsapp.net"));
    // Any text with one '@' and a non-empty server is a JID_PAIR, as in Baileys; it comes back.
    String odd = "foo+bar@example.com";
    assertEquals("fafc07666f6f2b626172fc0b6578616d706c652e636f6d", encodeAttr(odd));
    assertEquals(
        odd, CODEC.decode(CODEC.encode(BinaryNode.of("iq", Map.of("to", odd)))).attr("to"));
  }

  @Test
  void adJidDomainBytesDecodePerDossier() throws Exception {
    // AD_JID domain 128 / 129 / other (docs/protocol/transport.md §5.6).
    assertEquals("1234:2@hosted", decodeFrom("f78002ff021234"));
    assertEquals("1234:2@hosted.lid", decodeFrom("f78102ff021234"));
    assertEquals("1234_7:2@s.whatsapp.net", decodeFrom("f70702ff021234"));
    assertEquals("1234@s.whatsapp.net", decodeFrom("f70000ff021234"));
  }

  private static String decodeFrom(String valueHex) throws Exception {
    return CODEC.decode(Vectors.hex("00f8031306" + valueHex)).attr("from");
  }
}
