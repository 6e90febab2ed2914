package dev.wagateway.egress.agent.internal.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frame header layout and the JSON subset of the control frames. */
class FrameJsonTest {
  @Test
  void headerIsTypeFlagsAndBigEndianStreamId() throws Exception {
    byte[] f = Frame.encode(Frame.DATA, 0x01020304L, new byte[] {9, 8});
    assertEquals("130001020304" + "0908", HexFormat.of().formatHex(f));
    Frame d = Frame.decode(f);
    assertEquals(Frame.DATA, d.type());
    assertEquals(0x01020304L, d.streamId());
    assertArrayEquals(new byte[] {9, 8}, d.payload());
    assertEquals(
        "14000000000000000100", HexFormat.of().formatHex(Frame.u32(Frame.WINDOW_UPDATE, 0, 256)));
    assertEquals(0xffffffffL, Frame.decode(Frame.empty(Frame.CLOSE, 0xffffffffL)).streamId());
    assertThrows(TunnelProtocolException.class, () -> Frame.decode(new byte[5]));
  }

  @Test
  void resetCarriesCodeAndAtMost256MessageBytes() throws Exception {
    Frame r = Frame.decode(Frame.reset(5, ResetCode.DESTINATION_ERROR, "x".repeat(300)));
    assertEquals(257, r.payloadLength());
    assertEquals(0x02, r.payload()[0]);
    assertEquals("destination_error", ResetCode.nameOf(2));
    assertEquals("0x7f", ResetCode.nameOf(0x7f));
  }

  @Test
  void jsonRoundTripsAndRejectsMalformedInput() throws Exception {
    Json.Obj o =
        new Json.Obj()
            .put("s", "a\"b\\c\n\u0001é")
            .put("n", 42L)
            .put("b", true)
            .put("z", null)
            .put("l", List.of(1L, 2L));
    Json.Obj back = Json.parseObject(o.toString());
    assertEquals("a\"b\\c\n\u0001é", back.string("s"));
    assertEquals(42, back.integer("n"));
    assertEquals(Boolean.TRUE, back.optBool("b"));
    assertEquals(null, back.optString("z"));
    assertEquals(List.of(1L, 2L), back.integers("l"));
    assertEquals("\u00e9", Json.parseObject("{\"u\":\"\\u00e9\"}").string("u"));
    for (String bad :
        new String[] {
          "",
          "[]",
          "{",
          "{\"a\":}",
          "{\"a\":1,}",
          "{\"a\":1} x",
          "{a:1}",
          "{\"a\":tru}",
          "{\"a\":\"\\q\"}",
          "{\"a\":1e}",
          "[".repeat(40)
        }) {
      assertThrows(TunnelProtocolException.class, () -> Json.parseObject(bad), bad);
    }
    Json.Obj typed = Json.parseObject("{\"n\":\"1\",\"s\":2}");
    assertThrows(TunnelProtocolException.class, () -> typed.integer("n"));
    assertThrows(TunnelProtocolException.class, () -> typed.string("s"));
    assertThrows(TunnelProtocolException.class, () -> typed.string("missing"));
  }

  @Test
  void jsonPayloadIsLimitedTo4096Bytes() {
    byte[] big = ("{\"a\":\"" + "x".repeat(4100) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThrows(
        TunnelProtocolException.class,
        () -> Frame.decode(Frame.encode(Frame.REPORT, 0, big)).jsonPayload());
  }

  @Test
  void signaturesCoverNonceAndSubject() throws Exception {
    var keys = NodeKeys.generate(new java.security.SecureRandom());
    byte[] nonce = new byte[32];
    nonce[0] = 1;
    String sig = NodeKeys.sign(keys.getPrivate(), nonce, "node-1");
    var pub = NodeKeys.publicKey(NodeKeys.b64(keys.getPublic().getEncoded()));
    assertEquals(true, NodeKeys.verify(pub, nonce, "node-1", sig));
    assertEquals(false, NodeKeys.verify(pub, nonce, "node-2", sig));
    byte[] other = nonce.clone();
    other[31] = 1;
    assertEquals(false, NodeKeys.verify(pub, other, "node-1", sig));
    assertEquals(false, NodeKeys.verify(pub, nonce, "node-1", "not base64!"));
    assertArrayEquals(
        ("wagateway-tunnel-v1\0").getBytes(StandardCharsets.US_ASCII),
        java.util.Arrays.copyOf(NodeKeys.transcript(nonce, "s"), 20));
    assertThrows(TunnelProtocolException.class, () -> NodeKeys.publicKey("AAAA"));
  }
}
