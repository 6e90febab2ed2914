package dev.wagateway.core.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.wire.WireException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  @Test
  void connectionHeaderAndIntro() {
    assertEquals("57410603", Vectors.hex(FrameCodec.connectionHeader()));
    assertEquals("57410603", Vectors.hex(FrameCodec.intro(null)));
    assertEquals("57410603", Vectors.hex(FrameCodec.intro(new byte[0])));
    assertEquals("45440001000002abcd57410603", Vectors.hex(FrameCodec.intro(Vectors.hex("abcd"))));
  }

  @Test
  void frameIsUint24BigEndianLengthThenData() {
    assertEquals("000000", Vectors.hex(FrameCodec.frame(new byte[0])));
    assertEquals("000002abcd", Vectors.hex(FrameCodec.frame(Vectors.hex("abcd"))));
    byte[] big = FrameCodec.frame(new byte[0x012345]);
    assertEquals("012345", Vectors.hex(Arrays.copyOf(big, 3)));
    assertEquals(3 + 0x012345, big.length);
  }

  @Test
  void framesBeyondTwentyFourBitsAreRefused() {
    assertThrows(ValidationException.class, () -> FrameCodec.frame(new byte[1 << 24]));
    assertEquals(
        3 + FrameCodec.MAX_FRAME_LENGTH,
        FrameCodec.frame(new byte[FrameCodec.MAX_FRAME_LENGTH]).length);
  }

  @Test
  void decoderReassemblesAcrossEveryCutPoint() throws WireException {
    byte[] a = Vectors.hex("0102030405");
    byte[] b = new byte[0];
    byte[] c = Vectors.hex("ff");
    byte[] stream = concat(FrameCodec.frame(a), FrameCodec.frame(b), FrameCodec.frame(c));
    for (int cut1 = 0; cut1 <= stream.length; cut1++) {
      for (int cut2 = cut1; cut2 <= stream.length; cut2++) {
        FrameCodec.Decoder decoder = new FrameCodec.Decoder();
        List<byte[]> out = new ArrayList<>();
        out.addAll(decoder.feed(Arrays.copyOfRange(stream, 0, cut1)));
        out.addAll(decoder.feed(Arrays.copyOfRange(stream, cut1, cut2)));
        out.addAll(decoder.feed(Arrays.copyOfRange(stream, cut2, stream.length)));
        assertEquals(3, out.size(), "cuts " + cut1 + "," + cut2);
        assertArrayEquals(a, out.get(0));
        assertArrayEquals(b, out.get(1));
        assertArrayEquals(c, out.get(2));
        assertEquals(0, decoder.buffered());
      }
    }
  }

  @Test
  void decoderByteByByteHoldsOnlyThePartialFrame() throws WireException {
    byte[] payload = new byte[5000];
    Arrays.fill(payload, (byte) 0x5a);
    byte[] stream = FrameCodec.frame(payload);
    FrameCodec.Decoder decoder = new FrameCodec.Decoder();
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      out.addAll(decoder.feed(new byte[] {stream[i]}));
      if (i < stream.length - 1) {
        assertEquals(i + 1, decoder.buffered());
      }
    }
    assertEquals(1, out.size());
    assertArrayEquals(payload, out.get(0));
  }

  @Test
  void declaredLengthAboveTheCapIsRefusedAndPoisonsTheStream() {
    FrameCodec.Decoder decoder = new FrameCodec.Decoder(1024);
    WireException e = assertThrows(WireException.class, () -> decoder.feed(Vectors.hex("000401")));
    assertEquals("frame_too_large", e.code());
    WireException again = assertThrows(WireException.class, () -> decoder.feed(new byte[] {0}));
    assertEquals("frame_too_large", again.code());
  }

  @Test
  void aFrameExactlyAtTheCapIsAccepted() throws WireException {
    FrameCodec.Decoder decoder = new FrameCodec.Decoder(4);
    List<byte[]> out = decoder.feed(Vectors.hex("00000401020304"));
    assertEquals(1, out.size());
    assertEquals("01020304", Vectors.hex(out.get(0)));
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
