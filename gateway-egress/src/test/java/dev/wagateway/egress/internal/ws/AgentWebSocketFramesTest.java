package dev.wagateway.egress.internal.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gateway's RFC 6455 framing: the RFC's own examples, the eight-byte unmasking against a
 * byte-at-a-time reference (every mask phase, buffer alignment, byte order and length around the
 * header size boundaries, fed in every kind of split), and every malformed frame with its close
 * code.
 */
class AgentWebSocketFramesTest {
  private static byte[] hex(String s) {
    s = s.replace(" ", "");
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** A client frame, masked one byte at a time (the reference). */
  private static byte[] frame(int firstByte, byte[] payload, int mask) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(firstByte);
    int len = payload.length;
    if (len <= 125) {
      out.write(0x80 | len);
    } else if (len <= 0xffff) {
      out.write(0x80 | 126);
      out.write(len >>> 8);
      out.write(len);
    } else {
      out.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) len >>> shift));
      }
    }
    byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    out.write(key, 0, 4);
    for (int i = 0; i < len; i++) {
      out.write(payload[i] ^ key[i % 4]);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  private static byte[] pattern(int len, int seed) {
    byte[] b = new byte[len];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Records what the framing delivers. */
  private static final class Recorder implements AgentWebSocketFrames.Handler {
    final List<String> events = new ArrayList<>();
    final List<byte[]> binaries = new ArrayList<>();

    @Override
    public void onBinary(byte[] message) {
      binaries.add(message);
      events.add("binary:" + message.length);
    }

    @Override
    public void onText(String message) {
      events.add("text:" + message);
    }

    @Override
    public void onPing(byte[] payload) {
      events.add("ping:" + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onClose(int code, String reason) {
      events.add("close:" + code + ":" + reason);
    }

    @Override
    public void onProtocolError(int closeCode, String message) {
      events.add("error:" + closeCode);
    }
  }

  /** Feeds {@code bytes} in one buffer; returns what feed said. */
  private static boolean feedAll(AgentWebSocketFrames frames, byte[] bytes) {
    return frames.feed(ByteBuffer.wrap(bytes));
  }

  private static Recorder run(byte[] bytes) {
    Recorder r = new Recorder();
    feedAll(new AgentWebSocketFrames(r), bytes);
    return r;
  }

  // ---- RFC 6455 §5.7 -----------------------------------------------------------------------

  @Test
  void rfcMaskedHello() {
    Recorder r = run(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
    assertEquals(List.of("text:Hello"), r.events);
  }

  @Test
  void rfcFragmentedHelloMasked() {
    byte[] bytes =
        concat(
            frame(0x01, "Hel".getBytes(StandardCharsets.UTF_8), 0x37fa213d),
            frame(0x80, "lo".getBytes(StandardCharsets.UTF_8), 0x01020304));
    assertEquals(List.of("text:Hello"), run(bytes).events);
  }

  @Test
  void rfcPingAndMaskedPong() {
    // The RFC's masked pong ("Hello") is taken and ignored; a masked ping is delivered.
    byte[] bytes =
        concat(
            hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
            frame(0x89, "Hello".getBytes(StandardCharsets.UTF_8), 0x37fa213d));
    assertEquals(List.of("ping:Hello"), run(bytes).events);
  }

  @Test
  void rfcLengths256And64KiB() {
    byte[] p256 = pattern(256, 1);
    byte[] f256 = frame(0x82, p256, 0xa1b2c3d4);
    assertArrayEquals(hex("82 fe 01 00"), java.util.Arrays.copyOf(f256, 4));
    byte[] p64k = pattern(65536, 2);
    byte[] f64k = frame(0x82, p64k, 0x0badf00d);
    assertArrayEquals(hex("82 ff 00 00 00 00 00 01 00 00"), java.util.Arrays.copyOf(f64k, 10));
    Recorder r = run(concat(f256, f64k));
    assertEquals(List.of("binary:256", "binary:65536"), r.events);
    assertArrayEquals(p256, r.binaries.get(0));
    assertArrayEquals(p64k, r.binaries.get(1));
  }

  @Test
  void controlFramesBetweenFragments() {
    byte[] a = pattern(100, 3);
    byte[] b = pattern(200, 4);
    byte[] bytes =
        concat(
            frame(0x02, a, 0x11223344),
            frame(0x89, "p1".getBytes(StandardCharsets.UTF_8), 0x55667788),
            frame(0x00, new byte[0], 0x01010101),
            frame(0x8a, "x".getBytes(StandardCharsets.UTF_8), 0x02020202),
            frame(0x80, b, 0x99aabbcc),
            frame(0x88, concat(hex("03 e8"), "bye".getBytes(StandardCharsets.UTF_8)), 0x12345678));
    Recorder r = run(bytes);
    assertEquals(List.of("ping:p1", "binary:300", "close:1000:bye"), r.events);
    assertArrayEquals(concat(a, b), r.binaries.get(0));
  }

  @Test
  void closeWithoutStatusIs1005AndNothingIsReadAfterIt() {
    Recorder r = new Recorder();
    AgentWebSocketFrames frames = new AgentWebSocketFrames(r);
    ByteBuffer in =
        ByteBuffer.wrap(concat(frame(0x88, new byte[0], 7), frame(0x82, new byte[3], 9)));
    assertFalse(frames.feed(in));
    assertEquals(List.of("close:1005:"), r.events);
    assertEquals(9, in.remaining(), "the frame after the close stays unread");
    assertFalse(frames.feed(ByteBuffer.wrap(frame(0x82, new byte[3], 9))));
    assertEquals(1, r.events.size());
  }

  // ---- unmasking against the byte-at-a-time reference ---------------------------------------

  private static final int[] LENGTHS = lengths();

  private static int[] lengths() {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i <= 70; i++) {
      l.add(i);
    }
    for (int n : new int[] {124, 125, 126, 127, 65534, 65535, 65536, 65537}) {
      l.add(n);
    }
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void unmaskMatchesTheReferenceAtEveryPhaseAlignmentAndOrder() {
    int mask = 0x9e3779b9;
    byte[] key = {(byte) 0x9e, 0x37, 0x79, (byte) 0xb9};
    for (int len = 0; len <= 70; len++) {
      byte[] plain = pattern(len, len);
      for (int phase = 0; phase < 4; phase++) {
        byte[] masked = new byte[len];
        for (int i = 0; i < len; i++) {
          masked[i] = (byte) (plain[i] ^ key[(phase + i) % 4]);
        }
        for (int align = 0; align < 8; align++) {
          for (boolean direct : new boolean[] {false, true}) {
            for (ByteOrder order :
                new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
              ByteBuffer src =
                  direct ? ByteBuffer.allocateDirect(len + 16) : ByteBuffer.allocate(len + 16);
              src.order(order);
              src.position(align);
              src.put(masked);
              byte[] dst = new byte[len + 8];
              int off = (align * 3) % 8;
              AgentWebSocketFrames.unmask(src, align, dst, off, len, mask, phase);
              assertArrayEquals(
                  plain,
                  java.util.Arrays.copyOfRange(dst, off, off + len),
                  "len " + len + " phase " + phase + " align " + align + " " + order);
            }
          }
        }
      }
    }
  }

  @Test
  void everyLengthAndMaskOneByteAtATime() {
    Random random = new Random(42);
    for (int len : LENGTHS) {
      if (len > 4096) {
        continue; // the big ones below, in bigger pieces
      }
      byte[] payload = pattern(len, len + 100);
      int mask = random.nextInt();
      Recorder r = new Recorder();
      AgentWebSocketFrames frames = new AgentWebSocketFrames(r);
      for (byte b : frame(0x82, payload, mask)) {
        assertTrue(frames.feed(ByteBuffer.wrap(new byte[] {b})));
      }
      assertEquals(List.of("binary:" + len), r.events, "len " + len);
      assertArrayEquals(payload, r.binaries.get(0), "len " + len);
    }
  }

  @Test
  void everyLengthInRandomSplitsAtEveryAlignment() {
    Random random = new Random(7);
    for (int len : LENGTHS) {
      byte[] payload = pattern(len, len + 200);
      for (int align = 0; align < 8; align++) {
        int mask = random.nextInt();
        byte[] wire = concat(frame(0x82, payload, mask), frame(0x82, payload, ~mask));
        Recorder r = new Recorder();
        AgentWebSocketFrames frames = new AgentWebSocketFrames(r);
        boolean direct = (align & 1) == 1;
        ByteBuffer buf =
            direct
                ? ByteBuffer.allocateDirect(wire.length + 8)
                : ByteBuffer.allocate(wire.length + 8);
        if ((align & 2) == 2) {
          buf.order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.position(align);
        buf.put(wire);
        buf.flip();
        buf.position(align);
        while (buf.hasRemaining()) {
          int piece = 1 + random.nextInt(Math.min(buf.remaining(), 1 + random.nextInt(70_000)));
          ByteBuffer slice = buf.duplicate().order(buf.order());
          slice.limit(buf.position() + piece);
          assertTrue(frames.feed(slice));
          assertFalse(slice.hasRemaining(), "feed consumes every byte");
          buf.position(buf.position() + piece);
        }
        assertEquals(List.of("binary:" + len, "binary:" + len), r.events, "len " + len);
        assertArrayEquals(payload, r.binaries.get(0), "len " + len + " align " + align);
        assertArrayEquals(payload, r.binaries.get(1), "len " + len + " align " + align);
      }
    }
  }

  @Test
  void fragmentedMessageInRandomPiecesMatchesTheReference() {
    Random random = new Random(11);
    byte[] whole = pattern(200_000, 5);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    int at = 0;
    boolean first = true;
    while (at < whole.length) {
      int n = Math.min(whole.length - at, random.nextInt(70_000));
      boolean last = at + n == whole.length;
      int op = (first ? 0x02 : 0x00) | (last ? 0x80 : 0);
      byte[] f = frame(op, java.util.Arrays.copyOfRange(whole, at, at + n), random.nextInt());
      wire.write(f, 0, f.length);
      byte[] ping = frame(0x89, new byte[] {(byte) at}, random.nextInt());
      wire.write(ping, 0, ping.length);
      at += n;
      first = false;
    }
    byte[] bytes = wire.toByteArray();
    Recorder r = new Recorder();
    AgentWebSocketFrames frames = new AgentWebSocketFrames(r);
    for (int i = 0; i < bytes.length; ) {
      int n = Math.min(bytes.length - i, 1 + random.nextInt(9000));
      assertTrue(frames.feed(ByteBuffer.wrap(bytes, i, n)));
      i += n;
    }
    assertEquals(1, r.binaries.size());
    assertArrayEquals(whole, r.binaries.get(0));
  }

  @Test
  void textUpToTheLimitAndUtf8AcrossFragments() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    byte[] bytes =
        concat(
            frame(0x01, java.util.Arrays.copyOf(euro, 1), 1),
            frame(0x80, java.util.Arrays.copyOfRange(euro, 1, 3), 2));
    assertEquals(List.of("text:€"), run(bytes).events);
    byte[] max = new byte[AgentWebSocketFrames.MAX_MESSAGE];
    Recorder r = run(frame(0x82, max, 0x5a5a5a5a));
    assertEquals(List.of("binary:" + AgentWebSocketFrames.MAX_MESSAGE), r.events);
  }

  // ---- malformed frames and their close codes -----------------------------------------------

  private static void assertFails(int code, byte[] bytes) {
    Recorder r = new Recorder();
    AgentWebSocketFrames frames = new AgentWebSocketFrames(r);
    assertFalse(frames.feed(ByteBuffer.wrap(bytes)));
    assertEquals("error:" + code, r.events.get(r.events.size() - 1), r.events.toString());
    // Whatever follows is ignored.
    assertFalse(frames.feed(ByteBuffer.wrap(frame(0x82, new byte[1], 1))));
    assertEquals("error:" + code, r.events.get(r.events.size() - 1));
  }

  @Test
  void unmaskedFrameIs1002() {
    assertFails(1002, hex("82 03 01 02 03"));
    // Refused on the second byte: nothing else needed.
    Recorder r = new Recorder();
    assertFalse(new AgentWebSocketFrames(r).feed(ByteBuffer.wrap(hex("81 05"))));
    assertEquals(List.of("error:1002"), r.events);
  }

  @Test
  void reservedBitsAndUnknownOpcodesAre1002() {
    assertFails(1002, frame(0xc2, new byte[1], 1)); // RSV1
    assertFails(1002, frame(0xa2, new byte[1], 1)); // RSV2
    assertFails(1002, frame(0x92, new byte[1], 1)); // RSV3
    for (int op : new int[] {3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf}) {
      assertFails(1002, frame(0x80 | op, new byte[1], 1));
    }
  }

  @Test
  void badControlFramesAre1002() {
    assertFails(1002, frame(0x89, new byte[126], 1)); // ping above 125 bytes
    assertFails(1002, frame(0x09, new byte[3], 1)); // fragmented ping
    assertFails(1002, frame(0x08, new byte[0], 1)); // fragmented close
    assertFails(1002, frame(0x88, new byte[1], 1)); // 1-byte close payload
    for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
      assertFails(1002, frame(0x88, new byte[] {(byte) (code >>> 8), (byte) code}, 1));
    }
  }

  @Test
  void validCloseCodesAreDelivered() {
    for (int code :
        new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1014, 3000, 4999}) {
      Recorder r = run(frame(0x88, new byte[] {(byte) (code >>> 8), (byte) code}, 3));
      assertEquals(List.of("close:" + code + ":"), r.events);
    }
  }

  @Test
  void badContinuationsAre1002() {
    assertFails(1002, frame(0x80, new byte[2], 1)); // continuation without a message
    assertFails(1002, concat(frame(0x02, new byte[2], 1), frame(0x82, new byte[2], 2)));
    assertFails(1002, concat(frame(0x01, new byte[2], 1), frame(0x81, new byte[2], 2)));
  }

  @Test
  void badUtf8Is1007() {
    assertFails(1007, frame(0x81, hex("c3 28"), 1)); // invalid sequence
    assertFails(1007, frame(0x81, hex("ed a0 80"), 1)); // encoded surrogate
    assertFails(1007, frame(0x81, hex("c0 af"), 1)); // overlong
    assertFails(1007, concat(frame(0x01, hex("e2 82"), 1), frame(0x80, hex("28"), 2)));
    assertFails(1007, frame(0x88, hex("03 e8 ff fe"), 1)); // close reason
  }

  @Test
  void tooBigIs1009BeforeAnyAllocation() {
    // A header claiming 2 GiB - 1 bytes with no payload behind it: refused from the header.
    assertFails(1009, hex("82 ff 00 00 00 00 7f ff ff ff 01 02 03 04"));
    assertFails(1009, hex("82 ff 00 00 00 01 00 00 00 00 01 02 03 04"));
    // Just above 1 MiB.
    assertFails(1009, hex("82 ff 00 00 00 00 00 10 00 01 01 02 03 04"));
    // Fragments that add up to more than 1 MiB.
    byte[] half = new byte[AgentWebSocketFrames.MAX_MESSAGE / 2];
    assertFails(
        1009, concat(frame(0x02, half, 1), frame(0x00, half, 2), frame(0x80, new byte[1], 3)));
    // A smaller limit applies too.
    Recorder r = new Recorder();
    assertFalse(
        new AgentWebSocketFrames(r, 1000).feed(ByteBuffer.wrap(frame(0x82, new byte[1001], 1))));
    assertEquals(List.of("error:1009"), r.events);
  }

  @Test
  void lengthWithTheTopBitSetIs1002() {
    assertFails(1002, hex("82 ff 80 00 00 00 00 00 00 05 01 02 03 04"));
    assertFails(1002, hex("82 ff ff ff ff ff ff ff ff ff 01 02 03 04"));
  }

  // ---- outbound frames ---------------------------------------------------------------------

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void outboundHeadersAreUnmaskedAndSizedByLength() {
    assertArrayEquals(hex("82 00"), bytes(AgentWebSocketFrames.binaryHeader(0)));
    assertArrayEquals(hex("82 7d"), bytes(AgentWebSocketFrames.binaryHeader(125)));
    assertArrayEquals(hex("82 7e 00 7e"), bytes(AgentWebSocketFrames.binaryHeader(126)));
    assertArrayEquals(hex("82 7e ff ff"), bytes(AgentWebSocketFrames.binaryHeader(65535)));
    assertArrayEquals(
        hex("82 7f 00 00 00 00 00 01 00 00"), bytes(AgentWebSocketFrames.binaryHeader(65536)));
    assertArrayEquals(hex("81 05"), bytes(AgentWebSocketFrames.textHeader(5)));
    assertThrows(IllegalArgumentException.class, () -> AgentWebSocketFrames.binaryHeader(-1));
  }

  @Test
  void outboundControlFrames() {
    assertArrayEquals(
        hex("8a 05 48 65 6c 6c 6f"),
        bytes(AgentWebSocketFrames.pong("Hello".getBytes(StandardCharsets.UTF_8))));
    assertArrayEquals(hex("88 05 03 e8 62 79 65"), bytes(AgentWebSocketFrames.close(1000, "bye")));
    assertArrayEquals(hex("88 00"), bytes(AgentWebSocketFrames.close(1005, "x")));
    assertArrayEquals(hex("88 00"), bytes(AgentWebSocketFrames.close(1006, "x")));
    // A long reason is cut to 123 bytes, not inside a character (€ is 3 bytes: 'a' and 40 of them =
    // 121).
    byte[] cut = bytes(AgentWebSocketFrames.close(1002, "a" + "€".repeat(60)));
    assertEquals(2 + 2 + 1 + 120, cut.length);
    assertEquals("a" + "€".repeat(40), new String(cut, 4, cut.length - 4, StandardCharsets.UTF_8));
    assertThrows(IllegalArgumentException.class, () -> AgentWebSocketFrames.pong(new byte[126]));
  }
}
