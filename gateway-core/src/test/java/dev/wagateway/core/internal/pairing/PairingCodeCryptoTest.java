package dev.wagateway.core.internal.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PairingCodeCryptoTest {
  private final Map<String, Object> v = Json.load("pairing-code.json");
  private final Map<String, Object> det = Json.obj(v, "deterministic");
  private final PairingCode code = PairingCode.parse(Json.str(det, "code"));

  private KeyPair key(String name) {
    Map<String, Object> k = Json.obj(det, "keys", name);
    KeyPair pair = Curve.keyPairFromPrivate(Json.hex(k, "private"));
    assertArrayEquals(Json.hex(k, "public"), pair.publicKey(), name + " public key");
    return pair;
  }

  @Test
  void constantsMatchTheVector() {
    assertEquals(
        ((Number) v.get("pbkdf2_iterations")).intValue(), PairingCodeCrypto.PBKDF2_ITERATIONS);
    assertEquals(v.get("crockford_alphabet"), PairingCode.ALPHABET);
  }

  @Test
  void codeFromEntropyUsesTheAlphabetMsbFirst() {
    for (Object o : Json.list(v, "crockford")) {
      PairingCode c = PairingCode.fromEntropy(Json.hex(o, "bytes"));
      assertEquals(Json.str(o, "code"), c.value());
      assertEquals(c.value().substring(0, 4) + "-" + c.value().substring(4), c.code());
    }
  }

  @Test
  void generateDrawsFiveBytes() {
    ReplayRandom random = new ReplayRandom(Vectors.hex("0123456789"));
    assertEquals("15JMBSWA", PairingCode.generate(random).value());
    assertEquals(0, random.left());
  }

  @Test
  void parseAcceptsDisplayFormAndRefusesOtherSymbols() {
    assertEquals("K7QF3M9Z", PairingCode.parse("k7qf-3m9z").value());
    assertEquals(PairingCode.parse("K7QF3M9Z"), PairingCode.parse(" K7QF-3M9Z "));
    ValidationException bad =
        assertThrows(ValidationException.class, () -> PairingCode.parse("K7QF3M9O"));
    assertEquals("validation_error", bad.code());
    assertThrows(ValidationException.class, () -> PairingCode.parse("K7QF3M9"));
    assertThrows(ValidationException.class, () -> PairingCode.parse("K7QF3M9ZZ"));
    assertThrows(ValidationException.class, () -> PairingCode.parse(null));
    assertFalse(PairingCode.parse("K7QF3M9Z").toString().contains("K7QF"));
  }

  @Test
  void pbkdf2KeysMatch() {
    for (String stage : List.of("companion_hello", "primary_hello")) {
      Map<String, Object> s = Json.obj(det, stage);
      assertArrayEquals(
          Json.hex(s, "pbkdf2_key"), PairingCodeCrypto.codeKey(code, Json.hex(s, "salt")), stage);
    }
  }

  @Test
  void companionEphemeralIsWrappedFromInjectedSaltAndIv() {
    Map<String, Object> hello = Json.obj(det, "companion_hello");
    KeyPair ephemeral = key("companion_pairing_ephemeral");
    ReplayRandom random = new ReplayRandom(Json.hex(hello, "salt"), Json.hex(hello, "iv"));
    byte[] wrapped = PairingCodeCrypto.wrapEphemeral(code, ephemeral.publicKey(), random);
    assertArrayEquals(Json.hex(hello, "wrapped_companion_ephemeral_pub"), wrapped);
    assertEquals(PairingCodeCrypto.WRAPPED_EPHEMERAL_LENGTH, wrapped.length);
    assertEquals(0, random.left());
    assertArrayEquals(ephemeral.publicKey(), PairingCodeCrypto.unwrapEphemeral(code, wrapped));
  }

  @Test
  void primaryEphemeralUnwraps() {
    byte[] wrapped = Json.hex(det, "primary_hello", "wrapped_primary_ephemeral_pub");
    assertArrayEquals(
        key("primary_ephemeral").publicKey(), PairingCodeCrypto.unwrapEphemeral(code, wrapped));
    byte[] longer = Arrays.copyOf(wrapped, wrapped.length + 7);
    assertArrayEquals(
        key("primary_ephemeral").publicKey(), PairingCodeCrypto.unwrapEphemeral(code, longer));
    CryptoException shortInput =
        assertThrows(
            CryptoException.class,
            () -> PairingCodeCrypto.unwrapEphemeral(code, Arrays.copyOf(wrapped, 79)));
    assertEquals("bad_wrapped_key", shortInput.code());
  }

  @Test
  void wrongCodeUnwrapsToAnotherKey() {
    byte[] wrapped = Json.hex(det, "primary_hello", "wrapped_primary_ephemeral_pub");
    byte[] other = PairingCodeCrypto.unwrapEphemeral(PairingCode.parse("K7QF3M9Y"), wrapped);
    assertFalse(Arrays.equals(key("primary_ephemeral").publicKey(), other));
  }

  @Test
  void everyIntermediateOfTheKeyBundleMatches() {
    Map<String, Object> fin = Json.obj(det, "companion_finish");
    KeyPair companionEphemeral = key("companion_pairing_ephemeral");
    KeyPair identity = key("companion_identity");
    KeyPair primaryEphemeral = key("primary_ephemeral");
    KeyPair primaryIdentity = key("primary_identity");

    byte[] ephemeralShared =
        Curve.agree(primaryEphemeral.publicKey(), companionEphemeral.privateKey());
    assertArrayEquals(Json.hex(fin, "companion_shared_key"), ephemeralShared);
    byte[] identityShared = Curve.agree(primaryIdentity.publicKey(), identity.privateKey());
    assertArrayEquals(Json.hex(fin, "identity_shared_key"), identityShared);
    assertArrayEquals(
        Json.hex(fin, "bundle_key"),
        PairingCodeCrypto.bundleKey(ephemeralShared, Json.hex(fin, "bundle_salt")));
    assertArrayEquals(
        Json.hex(fin, "adv_secret"),
        PairingCodeCrypto.advSecret(
            ephemeralShared, identityShared, Json.hex(fin, "bundle_random")));
  }

  @Test
  void companionFinishReproducesBundleAndAdvSecret() throws Exception {
    Map<String, Object> fin = Json.obj(det, "companion_finish");
    ReplayRandom random =
        new ReplayRandom(
            Json.hex(fin, "bundle_random"),
            Json.hex(fin, "bundle_salt"),
            Json.hex(fin, "bundle_iv"));
    PairingCodeCrypto.KeyBundle bundle =
        PairingCodeCrypto.companionFinish(
            code,
            key("companion_pairing_ephemeral"),
            key("companion_identity"),
            Json.hex(det, "primary_hello", "wrapped_primary_ephemeral_pub"),
            key("primary_identity").publicKey(),
            random);
    assertEquals(0, random.left());
    assertArrayEquals(Json.hex(fin, "wrapped_key_bundle"), bundle.wrappedKeyBundle());
    assertEquals(PairingCodeCrypto.WRAPPED_BUNDLE_LENGTH, bundle.wrappedKeyBundle().length);
    assertArrayEquals(Json.hex(fin, "adv_secret"), bundle.advSecret());
    assertEquals(
        Json.str(fin, "adv_secret_base64"), Base64.getEncoder().encodeToString(bundle.advSecret()));
    assertArrayEquals(
        Json.hex(fin, "bundle_plaintext"),
        openBundle(Json.hex(fin, "bundle_key"), bundle.wrappedKeyBundle()));
  }

  /**
   * The live exchange: Baileys with its persisted pairing ephemeral key (no key draw), the recorded
   * random draws in order, and the stanza contents it sent.
   */
  @Test
  void liveExchangeReproducesTheSentContent() throws Exception {
    Map<String, Object> live = Json.obj(v, "live");
    PairingCode liveCode = PairingCode.parse(Json.str(live, "code_returned_by_requestPairingCode"));
    List<Object> draws = Json.list(live, "rng_draws");
    byte[][] d = new byte[draws.size()][];
    for (int i = 0; i < d.length; i++) {
      d[i] = Json.hex(draws.get(i), "hex");
    }
    ReplayRandom random = new ReplayRandom(d);
    KeyPair ephemeral = key("companion_pairing_ephemeral");
    KeyPair identity = key("companion_identity");

    byte[] wrapped = PairingCodeCrypto.wrapEphemeral(liveCode, ephemeral.publicKey(), random);
    Map<String, Object> helloReg = child(Json.obj(live, "companion_hello_stanza"), 0);
    assertArrayEquals(
        childBytes(helloReg, "link_code_pairing_wrapped_companion_ephemeral_pub"), wrapped);

    Map<String, Object> primaryHello = Json.obj(live, "primary_hello_sent_by_mock");
    byte[] wrappedPrimary = Json.hex(primaryHello, "wrapped_primary_ephemeral_pub");
    PairingCodeCrypto.KeyBundle bundle =
        PairingCodeCrypto.companionFinish(
            liveCode,
            ephemeral,
            identity,
            wrappedPrimary,
            key("primary_identity").publicKey(),
            random);
    assertEquals(0, random.left());

    Map<String, Object> finishReg = child(Json.obj(live, "companion_finish_stanza"), 0);
    assertArrayEquals(
        childBytes(finishReg, "link_code_pairing_wrapped_key_bundle"), bundle.wrappedKeyBundle());
    assertArrayEquals(childBytes(finishReg, "companion_identity_public"), identity.publicKey());
    assertArrayEquals(
        Json.str(primaryHello, "ref").getBytes(StandardCharsets.UTF_8),
        childBytes(finishReg, "link_code_pairing_ref"));
    assertArrayEquals(Json.hex(live, "adv_secret"), bundle.advSecret());
    assertEquals(
        Json.str(live, "baileys_creds_adv_secret_base64"),
        Base64.getEncoder().encodeToString(bundle.advSecret()));

    byte[] primaryEphemeral = PairingCodeCrypto.unwrapEphemeral(liveCode, wrappedPrimary);
    byte[] bundleKey =
        PairingCodeCrypto.bundleKey(
            Curve.agree(primaryEphemeral, ephemeral.privateKey()),
            Arrays.copyOfRange(bundle.wrappedKeyBundle(), 0, 32));
    byte[] plain = openBundle(bundleKey, bundle.wrappedKeyBundle());
    assertArrayEquals(Json.hex(live, "decrypted_bundle_random"), Arrays.copyOfRange(plain, 64, 96));
  }

  @Test
  void differentRandomGivesDifferentBundle() {
    byte[] wrapped = Json.hex(det, "primary_hello", "wrapped_primary_ephemeral_pub");
    KeyPair primaryIdentity = key("primary_identity");
    PairingCodeCrypto.KeyBundle a =
        PairingCodeCrypto.companionFinish(
            code,
            key("companion_pairing_ephemeral"),
            key("companion_identity"),
            wrapped,
            primaryIdentity.publicKey(),
            new java.security.SecureRandom());
    PairingCodeCrypto.KeyBundle b =
        PairingCodeCrypto.companionFinish(
            code,
            key("companion_pairing_ephemeral"),
            key("companion_identity"),
            wrapped,
            primaryIdentity.publicKey(),
            new java.security.SecureRandom());
    assertNotEquals(Vectors.hex(a.advSecret()), Vectors.hex(b.advSecret()));
    assertThrows(
        CryptoException.class,
        () ->
            PairingCodeCrypto.companionFinish(
                code,
                key("companion_pairing_ephemeral"),
                key("companion_identity"),
                wrapped,
                new byte[31],
                new java.security.SecureRandom()));
  }

  private static byte[] openBundle(byte[] key, byte[] wrapped) throws Exception {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, Arrays.copyOfRange(wrapped, 32, 44)));
    return cipher.doFinal(Arrays.copyOfRange(wrapped, 44, wrapped.length));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> node, int index) {
    return (Map<String, Object>) ((List<Object>) node.get("content")).get(index);
  }

  @SuppressWarnings("unchecked")
  private static byte[] childBytes(Map<String, Object> node, String tag) {
    for (Object o : (List<Object>) node.get("content")) {
      Map<String, Object> c = (Map<String, Object>) o;
      if (tag.equals(c.get("tag"))) {
        Map<String, Object> content = (Map<String, Object>) c.get("content");
        return content.containsKey("bytes")
            ? Vectors.hex((String) content.get("bytes"))
            : ((String) content.get("string")).getBytes(StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no child " + tag);
  }
}
