package dev.wagateway.core.internal.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdsTest {
  /** Serves the same 16 bytes every time. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedRandom(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }

  @Test
  void idIsThePrefixAndNineHashBytesInUpperHex() throws Exception {
    byte[] salt = new byte[16];
    Arrays.fill(salt, (byte) 0xA5);
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_123L), ZoneOffset.UTC);
    String id = new MessageIds(clock, new FixedRandom(salt)).next("15550001111");

    ByteBuffer data = ByteBuffer.allocate(8 + "15550001111@c.us".length() + 16);
    data.putLong(1_700_000_123L)
        .put("15550001111@c.us".getBytes(StandardCharsets.US_ASCII))
        .put(salt);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(data.array());
    String expected = "3EB0" + HexFormat.of().withUpperCase().formatHex(hash, 0, 9);

    assertEquals(expected, id);
    assertEquals(22, id.length());
    assertEquals(MessageIds.LENGTH, id.length());
    assertTrue(id.matches("3EB0[0-9A-F]{18}"), id);
  }

  @Test
  void idsAreUniqueAndDependOnTimeUserAndRandomness() {
    MessageIds ids = new MessageIds(Clock.systemUTC(), new SecureRandom());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.add(ids.next("15550001111")));
    }
    byte[] salt = new byte[16];
    Clock t1 = Clock.fixed(Instant.ofEpochSecond(1), ZoneOffset.UTC);
    Clock t2 = Clock.fixed(Instant.ofEpochSecond(2), ZoneOffset.UTC);
    assertNotEquals(
        new MessageIds(t1, new FixedRandom(salt)).next("1"),
        new MessageIds(t2, new FixedRandom(salt)).next("1"));
    assertNotEquals(
        new MessageIds(t1, new FixedRandom(salt)).next("1"),
        new MessageIds(t1, new FixedRandom(salt)).next("2"));
    assertThrows(ValidationException.class, () -> ids.next(""));
  }
}
