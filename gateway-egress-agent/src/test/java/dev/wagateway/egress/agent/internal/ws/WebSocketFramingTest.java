package dev.wagateway.egress.agent.internal.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 6455 framing of the agent's client WebSocket: masking, parsing, control frames, limits. */
class WebSocketFramingTest {
  private static byte[] hex(String s) {
    s = s.replace(" ", "");
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** A SecureRandom that hands out fixed bytes (to pin a mask key in a test). */
  private static SecureRandom fixed(byte[] bytes) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;
      private int next;

      @Override
      public void nextBytes(byte[] out) {
        for (int i = 0; i < out.length; i++) {
          out[i] = bytes[next++ % bytes.length];
        }
      }
    };
  }

  /** Records what the reader delivers. */
  private static final class Recorder implements WebSocketReader.Handler {
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
  }

  private static WebSocketReader reader(byte[] wire, int max) {
    return new WebSocketReader(new ByteArrayInputStream(wire), max);
  }

  @Test
  void masksTheRfcExampleHello() throws IOException {
    // RFC 6455 §5.7: a single-frame masked text message "Hello", key 37 fa 21 3d.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WebSocketWriter w = new WebSocketWriter(out, fixed(hex("37fa213d")), 1024);
    byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);
    w.fragment(Rfc6455.OP_TEXT, true, hello, 0, hello.length);
    assertArrayEquals(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), out.toByteArray());
  }

  @Test
  void readsTheRfcExamplesFromTheServer() throws IOException {
    // §5.7: unmasked "Hello"; fragmented "Hel" + "lo"; unmasked ping "Hello".
    byte[] wire =
        hex("81 05 48 65 6c 6c 6f" + "01 03 48 65 6c" + "89 05 48 65 6c 6c 6f" + "80 02 6c 6f");
    Recorder r = new Recorder();
    WebSocketReader reader = reader(wire, 1024);
    assertTrue(reader.readMessage(r));
    assertTrue(reader.readMessage(r));
    assertEquals(List.of("text:Hello", "ping:Hello", "text:Hello"), r.events);
  }

  @Test
  void readsThe256ByteAnd64KiBLengthForms() throws IOException {
    // §5.7: 256 bytes in one unmasked binary frame (7e 01 00); 65536 bytes (7f + 8-byte length).
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(hex("82 7e 01 00"));
    wire.write(new byte[256]);
    wire.write(hex("82 7f 00 00 00 00 00 01 00 00"));
    byte[] big = new byte[65536];
    big[65535] = 7;
    wire.write(big);
    Recorder r = new Recorder();
    WebSocketReader reader = reader(wire.toByteArray(), 1 << 20);
    assertTrue(reader.readMessage(r));
    assertTrue(reader.readMessage(r));
    assertEquals(List.of("binary:256", "binary:65536"), r.events);
    assertEquals(7, r.binaries.get(1)[65535]);
  }

  @Test
  void maskedFramesRoundTripAtEveryLengthAndPhase() throws IOException {
    SecureRandom random = new SecureRandom();
    for (int len : new int[] {0, 1, 3, 7, 8, 9, 125, 126, 127, 65535, 65536, 70001}) {
      byte[] payload = new byte[len];
      random.nextBytes(payload);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      // A small buffer forces one frame through several writes (the mask phase carries over).
      new WebSocketWriter(out, random, 1000).binary(payload, 0, len);
      byte[] wire = out.toByteArray();
      int pos = 2 + (len <= 125 ? 0 : len <= 0xffff ? 2 : 8);
      assertEquals(0x82, wire[0] & 0xff);
      assertTrue((wire[1] & 0x80) != 0, "client frames carry the mask bit");
      byte[] key = {wire[pos], wire[pos + 1], wire[pos + 2], wire[pos + 3]};
      assertEquals(pos + 4 + len, wire.length);
      for (int i = 0; i < len; i++) {
        assertEquals(
            payload[i], (byte) (wire[pos + 4 + i] ^ key[i % 4]), "byte " + i + " of " + len);
      }
    }
  }

  @Test
  void aPrefixAndAPayloadGoOutAsOneMessage() throws IOException {
    byte[] prefix = {0x13, 0, 0, 0, 0, 5};
    byte[] payload = new byte[70_001];
    new SecureRandom().nextBytes(payload);
    byte[] joined = new byte[prefix.length + 1000];
    System.arraycopy(prefix, 0, joined, 0, prefix.length);
    System.arraycopy(payload, 17, joined, prefix.length, 1000);
    byte[] key = hex("01020304");
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    new WebSocketWriter(a, fixed(key), 300).binary(prefix, payload, 17, 1000);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    new WebSocketWriter(b, fixed(key), 300).binary(joined, 0, joined.length);
    assertArrayEquals(b.toByteArray(), a.toByteArray());
  }

  @Test
  void masksWithAFreshRandomKeyPerFrame() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WebSocketWriter w = new WebSocketWriter(out, new SecureRandom(), 1024);
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      out.reset();
      w.binary(new byte[4], 0, 4);
      byte[] wire = out.toByteArray();
      // Payload is zeros, so the masked payload is the key itself.
      assertArrayEquals(
          java.util.Arrays.copyOfRange(wire, 2, 6), java.util.Arrays.copyOfRange(wire, 6, 10));
      keys.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(wire, 2, 6)));
    }
    assertTrue(keys.size() > 190, "mask keys repeat: " + keys.size() + " distinct of 200");
  }

  @Test
  void controlFramesBetweenFragmentsAreHandledInPlace() throws IOException {
    byte[] wire = hex("02 02 01 02" + "89 02 68 69" + "00 01 03" + "8a 00" + "80 02 04 05");
    Recorder r = new Recorder();
    assertTrue(reader(wire, 1024).readMessage(r));
    assertEquals(List.of("ping:hi", "binary:5"), r.events);
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, r.binaries.get(0));
  }

  @Test
  void refusesAMessageAboveTheLimitBeforeReadingIt() {
    WebSocketProtocolException e =
        assertThrows(
            WebSocketProtocolException.class,
            () -> reader(hex("82 7e 04 01"), 1024).readMessage(new Recorder()));
    assertEquals(Rfc6455.MESSAGE_TOO_BIG, e.closeCode());
    assertEquals("websocket_message_too_big", e.code());
    // Fragments count together: 600 + 600 > 1024.
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(hex("02 7e 02 58"));
    wire.writeBytes(new byte[600]);
    wire.writeBytes(hex("80 7e 02 58"));
    wire.writeBytes(new byte[600]);
    e =
        assertThrows(
            WebSocketProtocolException.class,
            () -> reader(wire.toByteArray(), 1024).readMessage(new Recorder()));
    assertEquals(Rfc6455.MESSAGE_TOO_BIG, e.closeCode());
  }

  @Test
  void refusesMalformedFrames() {
    String[] bad = {
      "c2 00", // RSV1 without an extension
      "82 81 00 00 00 00 00", // masked server frame
      "83 00", // reserved data opcode
      "8b 00", // reserved control opcode
      "80 00", // continuation without a message
      "02 01 00 82 01 00", // new message inside a fragmented one
      "09 00", // fragmented ping
      "89 7e 00 7e", // control frame above 125 bytes
      "82 7f 80 00 00 00 00 00 00 00", // 64-bit length with the top bit set
      "88 01 03", // close with a 1-byte payload
      "88 02 03 ed", // close code 1005 may not be sent
      "88 02 03 ee", // 1006 neither
      "88 02 07 d0", // 2000 is not assignable
      "88 04 03 e8 c3 28", // reason not UTF-8
    };
    for (String frame : bad) {
      assertThrows(
          WebSocketProtocolException.class,
          () -> reader(hex(frame), 1024).readMessage(new Recorder()),
          frame);
    }
  }

  @Test
  void closeFramesCarryCodeAndReason() throws IOException {
    Recorder r = new Recorder();
    assertFalse(reader(hex("88 05 0f a3 62 79 65"), 1024).readMessage(r));
    assertFalse(reader(hex("88 00"), 1024).readMessage(r));
    assertFalse(reader(hex("88 02 03 e8"), 1024).readMessage(r));
    assertEquals(List.of("close:4003:bye", "close:1005:", "close:1000:"), r.events);
    assertTrue(Rfc6455.validCloseCode(1000));
    assertTrue(Rfc6455.validCloseCode(4999));
    assertFalse(Rfc6455.validCloseCode(999));
    assertFalse(Rfc6455.validCloseCode(1004));
    assertFalse(Rfc6455.validCloseCode(5000));
  }

  @Test
  void writesTheCloseFrameOnceWithCodeAndReason() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WebSocketWriter w = new WebSocketWriter(out, new SecureRandom(), 1024);
    assertTrue(w.close(4007, "protocol_error", 100));
    assertFalse(w.close(1000, "again", 100));
    byte[] wire = out.toByteArray();
    assertEquals(0x88, wire[0] & 0xff);
    int len = wire[1] & 0x7f;
    assertEquals(2 + "protocol_error".length(), len);
    byte[] unmasked = new byte[len];
    for (int i = 0; i < len; i++) {
      unmasked[i] = (byte) (wire[6 + i] ^ wire[2 + i % 4]);
    }
    assertEquals(4007, ((unmasked[0] & 0xff) << 8) | (unmasked[1] & 0xff));
    assertEquals("protocol_error", new String(unmasked, 2, len - 2, StandardCharsets.UTF_8));
    assertThrows(IOException.class, () -> w.binary(new byte[1], 0, 1));
    // A long reason is cut to 123 bytes without splitting a UTF-8 character.
    ByteArrayOutputStream out2 = new ByteArrayOutputStream();
    new WebSocketWriter(out2, new SecureRandom(), 1024).close(1000, "é".repeat(100), 100);
    assertEquals(2 + 122, out2.toByteArray()[1] & 0x7f);
  }

  @Test
  void truncatedFrameIsAnEof() {
    assertThrows(
        EOFException.class, () -> reader(hex("82 05 01 02"), 1024).readMessage(new Recorder()));
  }

  @Test
  void upgradeResponseIsChecked() throws IOException {
    // RFC 6455 §1.3's example key and accept value.
    String key = "dGhlIHNhbXBsZSBub25jZQ==";
    assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.acceptFor(key));
    String ok =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    ByteArrayInputStream in =
        new ByteArrayInputStream((ok + "\u0082\u0001\u0009").getBytes(StandardCharsets.ISO_8859_1));
    WebSocketHandshake.readResponse(in, key);
    // The first frame right behind the head is still there for the reader.
    Recorder r = new Recorder();
    assertTrue(new WebSocketReader(in, 16).readMessage(r));
    assertArrayEquals(new byte[] {9}, r.binaries.get(0));

    String wrongAccept = ok.replace("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    assertThrows(WebSocketProtocolException.class, () -> head(wrongAccept, key));
    String deflate =
        ok.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
    assertThrows(WebSocketProtocolException.class, () -> head(deflate, key));
    String noUpgrade = ok.replace("Upgrade: websocket\r\n", "");
    assertThrows(WebSocketProtocolException.class, () -> head(noUpgrade, key));
    WebSocketHandshake.UpgradeRefusedException refused =
        assertThrows(
            WebSocketHandshake.UpgradeRefusedException.class,
            () -> head("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", key));
    assertEquals(404, refused.status());
    assertEquals("HTTP 404 on upgrade", refused.getMessage());
    assertThrows(EOFException.class, () -> head("HTTP/1.1 101 Switching", key));
    assertThrows(
        WebSocketProtocolException.class, () -> head("HTTP/1.1 101 " + "x".repeat(20000), key));
  }

  private static void head(String response, String key) throws IOException {
    WebSocketHandshake.readResponse(
        new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1)), key);
  }

  @Test
  void maskingMatchesTheBytewiseDefinitionAtEveryOffset() {
    SecureRandom random = new SecureRandom();
    byte[] src = new byte[100];
    random.nextBytes(src);
    int mask = 0x37fa213d;
    byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
    for (int off = 0; off < 9; off++) {
      for (int phase = 0; phase < 4; phase++) {
        byte[] dst = new byte[100];
        int len = 90 - off;
        Masking.mask(src, off, dst, 3, len, mask, phase);
        for (int i = 0; i < len; i++) {
          assertEquals((byte) (src[off + i] ^ key[(phase + i) % 4]), dst[3 + i]);
        }
      }
    }
  }
}
