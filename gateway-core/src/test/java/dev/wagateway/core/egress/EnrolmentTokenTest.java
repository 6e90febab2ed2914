package dev.wagateway.core.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EnrolmentTokenTest {
  private static final Instant T0 = Instant.parse("2026-11-22T17:00:00Z");
  private static final Predicate<String> NONE_REVOKED = id -> false;

  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  private final MutableClock clock = new MutableClock(T0);
  private final EnrolmentTokenKeys keys = EnrolmentTokenKeys.of("k1", key(1));
  private final EnrolmentToken tokens = new EnrolmentToken(keys, clock, new SecureRandom());

  private static ErrorCode code(Runnable r) {
    GatewayException e = assertThrows(GatewayException.class, r::run);
    assertTrue(e instanceof EnrolmentTokenException, "typed: " + e);
    assertEquals(e.errorCode().wireName(), e.code());
    return e.errorCode();
  }

  @Test
  void roundTripCarriesTheClaims() {
    EnrolmentToken.Issued issued = tokens.issue("node-7", "org-42", Duration.ofMinutes(10));
    assertEquals(T0.plusSeconds(600), issued.expiresAt());
    assertTrue(issued.token().matches("[A-Za-z0-9_-]+"), "url-safe, no padding");

    EnrolmentToken.Claims claims = tokens.verify(issued.token(), NONE_REVOKED);
    assertEquals("k1", claims.keyId());
    assertEquals("node-7", claims.nodeId());
    assertEquals("org-42", claims.orgId());
    assertEquals(T0.plusSeconds(600), claims.expiresAt());
    assertEquals(16, Base64.getUrlDecoder().decode(claims.nonce()).length);
  }

  @Test
  void layoutIsTheDocumentedOneAndTheMacIsHmacSha256OverThePayload() throws Exception {
    String token = tokens.issue("n", "o", Duration.ofSeconds(30)).token();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    ByteBuffer in = ByteBuffer.wrap(raw);
    assertEquals(1, in.get());
    assertEquals(2, in.get());
    assertEquals('k', in.get());
    assertEquals('1', in.get());
    assertEquals(1, in.get());
    assertEquals('n', in.get());
    assertEquals(1, in.get());
    assertEquals('o', in.get());
    assertEquals(T0.getEpochSecond() + 30, in.getLong());
    in.position(in.position() + 16);
    assertEquals(32, in.remaining());
    int bodyLength = in.position();

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key(1), "HmacSHA256"));
    byte[] expected = mac.doFinal(Arrays.copyOf(raw, bodyLength));
    assertArrayEquals(expected, Arrays.copyOfRange(raw, bodyLength, raw.length));
  }

  @Test
  void noncesDifferBetweenTokens() {
    String a = tokens.issue("node", "org", Duration.ofMinutes(1)).token();
    String b = tokens.issue("node", "org", Duration.ofMinutes(1)).token();
    assertNotEquals(a, b);
    assertNotEquals(tokens.verify(a, NONE_REVOKED).nonce(), tokens.verify(b, NONE_REVOKED).nonce());
  }

  @Test
  void expiresExactlyAtExpiresAt() {
    String token = tokens.issue("node", "org", Duration.ofMinutes(5)).token();
    clock.set(T0.plusSeconds(299));
    assertEquals("node", tokens.verify(token, NONE_REVOKED).nodeId());
    clock.set(T0.plusSeconds(300));
    assertEquals(ErrorCode.TOKEN_EXPIRED, code(() -> tokens.verify(token, NONE_REVOKED)));
    clock.set(T0.plusSeconds(86_400));
    assertEquals(ErrorCode.TOKEN_EXPIRED, code(() -> tokens.verify(token, NONE_REVOKED)));
  }

  @Test
  void flippingAnyBitOfAnyByteMakesTheTokenInvalid() {
    String token = tokens.issue("node-1", "org-1", Duration.ofMinutes(5)).token();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    for (int i = 0; i < raw.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = raw.clone();
        tampered[i] ^= (byte) (1 << bit);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
        int at = i;
        assertEquals(
            ErrorCode.TOKEN_INVALID,
            code(() -> tokens.verify(t, NONE_REVOKED)),
            "byte " + at + " bit " + bit);
      }
    }
  }

  @Test
  void changingAnyCharacterMakesTheTokenInvalid() {
    String token = tokens.issue("node-1", "org-1", Duration.ofMinutes(5)).token();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      char other = alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length());
      String t = token.substring(0, i) + other + token.substring(i + 1);
      assertEquals(ErrorCode.TOKEN_INVALID, code(() -> tokens.verify(t, NONE_REVOKED)));
    }
  }

  @Test
  void extendingTheExpiryWithoutTheKeyIsInvalidNotAccepted() {
    String token = tokens.issue("node", "org", Duration.ofSeconds(10)).token();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    int expiryAt = 1 + 1 + 2 + 1 + 4 + 1 + 3;
    ByteBuffer.wrap(raw).putLong(expiryAt, T0.getEpochSecond() + 3600);
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    clock.set(T0.plusSeconds(60));
    assertEquals(ErrorCode.TOKEN_INVALID, code(() -> tokens.verify(forged, NONE_REVOKED)));
  }

  @Test
  void malformedInputIsInvalid() {
    String valid = tokens.issue("node", "org", Duration.ofMinutes(1)).token();
    for (String bad :
        new String[] {
          "",
          "!!!!",
          "abc",
          valid + "=",
          valid + "A",
          valid.substring(0, valid.length() - 1),
          valid.substring(0, 20),
          "A".repeat(5000),
          "+" + valid.substring(1)
        }) {
      assertEquals(ErrorCode.TOKEN_INVALID, code(() -> tokens.verify(bad, NONE_REVOKED)), bad);
    }
    assertEquals(ErrorCode.TOKEN_INVALID, code(() -> tokens.verify(null, NONE_REVOKED)));
  }

  @Test
  void tokenSignedWithAnUnknownKeyIdIsInvalid() {
    EnrolmentToken other =
        new EnrolmentToken(EnrolmentTokenKeys.of("k9", key(1)), clock, new SecureRandom());
    String token = other.issue("node", "org", Duration.ofMinutes(1)).token();
    EnrolmentTokenException e =
        assertThrows(EnrolmentTokenException.class, () -> tokens.verify(token, NONE_REVOKED));
    assertEquals(ErrorCode.TOKEN_INVALID, e.errorCode());
    assertEquals("enrolment token signed with an unknown key", e.getMessage());
  }

  @Test
  void tokenUnderSameKeyIdButDifferentKeyIsInvalid() {
    EnrolmentToken other =
        new EnrolmentToken(EnrolmentTokenKeys.of("k1", key(2)), clock, new SecureRandom());
    String token = other.issue("node", "org", Duration.ofMinutes(1)).token();
    EnrolmentTokenException e =
        assertThrows(EnrolmentTokenException.class, () -> tokens.verify(token, NONE_REVOKED));
    assertEquals("enrolment token MAC does not match", e.getMessage());
  }

  @Test
  void rotationKeepsOldTokensValidUntilTheKeyIsRetired() {
    String old = tokens.issue("node-a", "org", Duration.ofMinutes(10)).token();

    EnrolmentTokenKeys rotated = keys.rotate("k2", key(2));
    assertEquals("k2", rotated.currentKeyId());
    assertEquals(Set.of("k1", "k2"), rotated.keyIds());
    EnrolmentToken afterRotation = tokens.withKeys(rotated);
    String fresh = afterRotation.issue("node-b", "org", Duration.ofMinutes(10)).token();

    assertEquals("k1", afterRotation.verify(old, NONE_REVOKED).keyId());
    assertEquals("k2", afterRotation.verify(fresh, NONE_REVOKED).keyId());
    // The old keyring does not know k2.
    assertEquals(ErrorCode.TOKEN_INVALID, code(() -> tokens.verify(fresh, NONE_REVOKED)));

    EnrolmentToken retired = afterRotation.withKeys(rotated.retire("k1"));
    assertEquals(ErrorCode.TOKEN_INVALID, code(() -> retired.verify(old, NONE_REVOKED)));
    assertEquals("node-b", retired.verify(fresh, NONE_REVOKED).nodeId());
  }

  @Test
  void revokedNodeIsRefusedAfterTheMacCheck() {
    String token = tokens.issue("node-x", "org", Duration.ofMinutes(1)).token();
    EnrolmentTokenException e =
        assertThrows(EnrolmentTokenException.class, () -> tokens.verify(token, "node-x"::equals));
    assertEquals(ErrorCode.NODE_REVOKED, e.errorCode());
    assertFalse(e.getMessage().contains(token));
    assertEquals("node-x", tokens.verify(token, "node-y"::equals).nodeId());
  }

  @Test
  void expiryIsCheckedBeforeRevocation() {
    String token = tokens.issue("node-x", "org", Duration.ofMinutes(1)).token();
    clock.set(T0.plusSeconds(61));
    assertEquals(ErrorCode.TOKEN_EXPIRED, code(() -> tokens.verify(token, id -> true)));
  }

  @Test
  void issueValidatesItsInput() {
    assertThrows(ValidationException.class, () -> tokens.issue("", "org", Duration.ofMinutes(1)));
    assertThrows(ValidationException.class, () -> tokens.issue("n", null, Duration.ofMinutes(1)));
    assertThrows(
        ValidationException.class, () -> tokens.issue("n".repeat(256), "o", Duration.ofMinutes(1)));
    assertThrows(ValidationException.class, () -> tokens.issue("n", "o", Duration.ZERO));
    assertThrows(ValidationException.class, () -> tokens.issue("n", "o", Duration.ofHours(25)));
    String maxIds = tokens.issue("é".repeat(127), "o".repeat(255), EnrolmentToken.MAX_TTL).token();
    assertEquals("é".repeat(127), tokens.verify(maxIds, NONE_REVOKED).nodeId());
  }

  @Test
  void keyringValidatesAndHidesKeys() {
    assertThrows(ValidationException.class, () -> EnrolmentTokenKeys.of("k1", new byte[31]));
    assertThrows(ValidationException.class, () -> EnrolmentTokenKeys.of("bad id", key(1)));
    assertThrows(ValidationException.class, () -> EnrolmentTokenKeys.of("x".repeat(17), key(1)));
    assertThrows(ValidationException.class, () -> keys.retire("k1"));
    assertThrows(ValidationException.class, () -> keys.retire("nope"));
    assertThrows(ValidationException.class, () -> keys.withAccepted("k1", key(3)));
    assertEquals("EnrolmentTokenKeys[current=k1, accepted=[k1]]", keys.toString());

    byte[] mutable = key(5);
    EnrolmentTokenKeys copy = EnrolmentTokenKeys.of("k5", mutable);
    String token =
        new EnrolmentToken(copy, clock, new SecureRandom())
            .issue("n", "o", Duration.ofMinutes(1))
            .token();
    mutable[0] = 99;
    assertEquals(
        "n",
        new EnrolmentToken(copy, clock, new SecureRandom()).verify(token, NONE_REVOKED).nodeId());
  }

  @Test
  void issuedToStringDoesNotRevealTheToken() {
    EnrolmentToken.Issued issued = tokens.issue("node", "org", Duration.ofMinutes(1));
    assertFalse(issued.toString().contains(issued.token()));
    assertTrue(issued.toString().contains("redacted"));
  }

  @Test
  void nodeIdIsUtf8() {
    String token = tokens.issue("nœud", "org", Duration.ofMinutes(1)).token();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    assertEquals("nœud".getBytes(StandardCharsets.UTF_8).length, raw[4]);
    assertEquals("nœud", tokens.verify(token, NONE_REVOKED).nodeId());
  }
}
