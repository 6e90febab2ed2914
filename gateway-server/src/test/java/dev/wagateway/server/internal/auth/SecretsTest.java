package dev.wagateway.server.internal.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The comparator behind every credential check. */
class SecretsTest {
  @Test
  void constantTimeEqualsComparesEveryByte() {
    byte[] a = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    assertTrue(Secrets.constantTimeEquals(a, a.clone()));
    for (int i = 0; i < a.length; i++) {
      byte[] b = a.clone();
      b[i] ^= 1;
      assertFalse(Secrets.constantTimeEquals(a, b), "differs at byte " + i);
    }
    assertFalse(Secrets.constantTimeEquals(a, new byte[a.length - 1]));
    assertFalse(Secrets.constantTimeEquals(a, null));
  }

  @Test
  void secretEqualsComparesDigestsSoLengthsDontMatter() {
    assertTrue(Secrets.secretEquals("wg_live_abc", "wg_live_abc"));
    assertFalse(Secrets.secretEquals("wg_live_abc", "wg_live_abd"));
    assertFalse(Secrets.secretEquals("wg_live_ab", "wg_live_abc"));
    assertFalse(Secrets.secretEquals(null, "x"));
  }

  @Test
  void sha256MatchesTheKnownVector() {
    assertArrayEquals(
        HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Secrets.sha256("abc"));
  }
}
