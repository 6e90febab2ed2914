package dev.wagateway.core.internal.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.internal.crypto.Curve;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QrCodesTest {
  private final Map<String, Object> v = Json.load("qr.json");
  private final byte[] noise = Json.hex(v, "inputs", "noise_key", "public");
  private final byte[] identity = Json.hex(v, "inputs", "identity_key", "public");
  private final byte[] adv = Json.hex(v, "inputs", "adv_secret_key");

  private List<String> refs() {
    List<String> refs = new ArrayList<>();
    for (Object r : Json.list(v.get("inputs"), "refs")) {
      refs.add((String) r);
    }
    return refs;
  }

  @Test
  void payloadReproducesEveryVectorString() {
    List<String> refs = refs();
    List<Object> expected = Json.list(v, "qr_strings");
    assertEquals(refs.size(), expected.size());
    for (int i = 0; i < refs.size(); i++) {
      assertEquals(expected.get(i), QrCodes.payload(refs.get(i), noise, identity, adv));
    }
  }

  @Test
  void vectorKeysAreConsistent() {
    assertArrayEquals(
        noise, Curve.keyPairFromPrivate(Json.hex(v, "inputs", "noise_key", "private")).publicKey());
    assertArrayEquals(
        identity,
        Curve.keyPairFromPrivate(Json.hex(v, "inputs", "identity_key", "private")).publicKey());
    assertEquals(
        Json.str(v, "inputs", "adv_secret_key_base64"), Base64.getEncoder().encodeToString(adv));
  }

  @Test
  void linkIsPrefixPayloadAndPlatform() {
    String ref = refs().get(0);
    String link = QrCodes.link(ref, noise, identity, adv, CompanionPlatform.OTHER_WEB_CLIENT);
    assertEquals(
        "https://wa.me/settings/linked_devices#" + Json.list(v, "qr_strings").get(0) + ",9", link);
    String[] parts = link.substring(QrCodes.LINK_PREFIX.length()).split(",");
    assertEquals(5, parts.length);
    assertEquals(ref, parts[0]);
    assertArrayEquals(noise, Base64.getDecoder().decode(parts[1]));
    assertArrayEquals(identity, Base64.getDecoder().decode(parts[2]));
    assertArrayEquals(adv, Base64.getDecoder().decode(parts[3]));
    assertEquals(44, parts[1].length());
    assertTrue(QrCodes.link(ref, noise, identity, adv, CompanionPlatform.CHROME).endsWith("=,1"));
  }

  @Test
  void refTextKeepsTheBytesVerbatim() {
    String ref = refs().get(1);
    assertEquals(ref, QrCodes.refText(ref.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> QrCodes.payload("", noise, identity, adv));
    assertThrows(
        IllegalArgumentException.class, () -> QrCodes.payload("2@a,b", noise, identity, adv));
    assertThrows(
        IllegalArgumentException.class, () -> QrCodes.payload("2@a", new byte[31], identity, adv));
    assertThrows(
        IllegalArgumentException.class,
        () -> QrCodes.payload("2@a", noise, identity, new byte[33]));
  }

  @Test
  void rotationFollowsTheVectorBehaviour() {
    long ttlMs = ((Number) Json.obj(v, "inputs").get("qr_timeout_ms_used")).longValue();
    Duration ttl = Duration.ofMillis(ttlMs);
    List<String> refs = refs();
    QrRotation rotation = new QrRotation(refs, ttl, ttl);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < refs.size(); i++) {
      assertFalse(rotation.exhausted());
      assertEquals(refs.size() - i, rotation.remaining());
      QrRotation.Shown shown = rotation.next(now).orElseThrow();
      assertEquals(refs.get(i), shown.ref());
      assertEquals(i, shown.index());
      assertEquals(now.plus(ttl), shown.expiresAt());
      now = shown.expiresAt();
    }
    assertTrue(rotation.exhausted());
    assertEquals(Optional.empty(), rotation.next(now));
    Map<String, Object> after = Json.obj(v, "after_last_ref");
    assertEquals(((Number) after.get("statusCode")).intValue(), QrRotation.EXHAUSTED_STATUS);
    assertEquals(after.get("message"), QrRotation.EXHAUSTED_REASON);
  }

  @Test
  void standardTimingIsSixtyThenTwentySeconds() {
    List<String> six = List.of("r1", "r2", "r3", "r4", "r5", "r6");
    QrRotation rotation = new QrRotation(six);
    Instant t0 = Instant.EPOCH;
    assertEquals(Duration.ofSeconds(160), rotation.totalLifetime());
    QrRotation.Shown first = rotation.next(t0).orElseThrow();
    assertEquals(t0.plusSeconds(60), first.expiresAt());
    Instant at = first.expiresAt();
    for (int i = 1; i < 6; i++) {
      QrRotation.Shown shown = rotation.next(at).orElseThrow();
      assertEquals(at.plusSeconds(20), shown.expiresAt());
      at = shown.expiresAt();
    }
    assertEquals(t0.plusSeconds(160), at);
    assertTrue(rotation.next(at).isEmpty());
  }

  @Test
  void rotationRefusesNoRefs() {
    assertThrows(IllegalArgumentException.class, () -> new QrRotation(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new QrRotation(List.of("a", "")));
  }
}
