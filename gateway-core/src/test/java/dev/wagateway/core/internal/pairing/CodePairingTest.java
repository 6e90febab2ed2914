package dev.wagateway.core.internal.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodePairingTest {
  private final Map<String, Object> v = Json.load("pairing-code.json");
  private final Map<String, Object> live = Json.obj(v, "live");

  private KeyPair key(String name) {
    return Curve.keyPairFromPrivate(Json.hex(v, "deterministic", "keys", name, "private"));
  }

  private byte[][] draws() {
    List<Object> list = Json.list(live, "rng_draws");
    byte[][] d = new byte[list.size()][];
    for (int i = 0; i < d.length; i++) {
      d[i] = Json.hex(list.get(i), "hex");
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> reg(Map<String, Object> iq) {
    return (Map<String, Object>) ((List<Object>) iq.get("content")).get(0);
  }

  @SuppressWarnings("unchecked")
  private static String wrappedInStanza(Map<String, Object> reg) {
    Map<String, Object> first = (Map<String, Object>) ((List<Object>) reg.get("content")).get(0);
    assertEquals("link_code_pairing_wrapped_companion_ephemeral_pub", first.get("tag"));
    return Json.str(first, "content", "bytes");
  }

  @Test
  void liveFlowThroughThePendingState() {
    Map<String, Object> helloReg = reg(Json.obj(live, "companion_hello_stanza"));
    String phone = Json.str(helloReg, "attrs", "jid").replace("@s.whatsapp.net", "");
    CodePairing pairing =
        CodePairing.start(
            "+" + phone,
            PairingCode.parse(Json.str(live, "code_returned_by_requestPairingCode")),
            key("companion_pairing_ephemeral"));
    assertEquals(Json.str(helloReg, "attrs", "jid"), pairing.phoneJid());
    assertNull(pairing.ref());

    ReplayRandom random = new ReplayRandom(draws());
    byte[] wrapped = pairing.wrappedEphemeral(random);
    assertEquals(wrappedInStanza(helloReg), Vectors.hex(wrapped));
    Map<String, Object> mock = Json.obj(live, "primary_hello_sent_by_mock");
    byte[] ref = Json.str(mock, "ref").getBytes(StandardCharsets.UTF_8);
    PrimaryHello hello =
        new PrimaryHello(
            "mock-2",
            ref,
            Json.hex(mock, "wrapped_primary_ephemeral_pub"),
            key("primary_identity").publicKey());
    assertFalse(pairing.matches(hello), "no ref yet");

    CodePairing answered = pairing.withRef(ref);
    assertTrue(answered.matches(hello));
    PairingCodeCrypto.KeyBundle bundle = answered.finish(key("companion_identity"), hello, random);
    assertEquals(0, random.left());
    assertArrayEquals(Json.hex(live, "adv_secret"), bundle.advSecret());
  }

  @Test
  void foreignPrimaryHelloIsRefused() {
    CodePairing pairing =
        CodePairing.start(
                "15550001234", PairingCode.parse("K7QF3M9Z"), key("companion_pairing_ephemeral"))
            .withRef("ref-a".getBytes(StandardCharsets.UTF_8));
    PrimaryHello other =
        new PrimaryHello(
            "n1", "ref-b".getBytes(StandardCharsets.UTF_8), new byte[80], new byte[32]);
    CryptoException e =
        assertThrows(
            CryptoException.class,
            () -> pairing.finish(key("companion_identity"), other, new ReplayRandom()));
    assertEquals("pairing_ref_mismatch", e.code());
    assertThrows(CryptoException.class, () -> pairing.withRef(new byte[0]));
  }

  @Test
  void startValidatesThePhoneAndDrawsCodeThenKey() {
    assertThrows(ValidationException.class, () -> CodePairing.start("0123", new ReplayRandom()));
    byte[] keySeed =
        Vectors.hex(Json.str(v, "deterministic", "keys", "companion_identity", "private"));
    ReplayRandom random = new ReplayRandom(Vectors.hex("28ed3afaae"), keySeed);
    CodePairing pairing = CodePairing.start("+1 (555) 000-1234", random);
    assertEquals("15550001234", pairing.phoneDigits());
    assertEquals("64PLNYNF", pairing.code().value());
    assertArrayEquals(key("companion_identity").publicKey(), pairing.ephemeral().publicKey());
    assertFalse(pairing.toString().contains("64PL"));
  }
}
