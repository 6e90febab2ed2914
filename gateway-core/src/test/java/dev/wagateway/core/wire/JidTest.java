package dev.wagateway.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jid.json} (Baileys jidDecode / jidNormalizedUser / jidEncode) and the dossier forms.
 * Baileys 6.7's {@code domainType} is 1 for {@code lid} and 0 for everything else; ours follows the
 * dossier (128/129 for hosted servers), so those cases are compared with that documented
 * difference.
 */
class JidTest {

  @TestFactory
  List<DynamicTest> decodeCasesFromVectors() throws Exception {
    List<Map<String, Object>> cases =
        NodeCodecVectorsTest.list(NodeCodecVectorsTest.load("jid.json"), "decode");
    assertFalse(cases.isEmpty());
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : cases) {
      String text = (String) c.get("jid");
      tests.add(
          DynamicTest.dynamicTest(
              text,
              () -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> decoded = (Map<String, Object>) c.get("decoded");
                if (decoded == null) {
                  assertThrows(GatewayException.ValidationException.class, () -> Jid.parse(text));
                  assertEquals("", c.get("normalized"));
                  return;
                }
                Jid jid = Jid.parse(text);
                assertEquals(decoded.get("user"), jid.user(), "user");
                assertEquals(decoded.get("server"), jid.server(), "server");
                Object device = decoded.get("device");
                assertEquals(
                    device == null ? 0 : ((Number) device).intValue(), jid.device(), "device");
                int expectedDomain = ((Number) decoded.get("domainType")).intValue();
                if (jid.server().equals("hosted") || jid.server().equals("hosted.lid")) {
                  // Baileys 6.7 says 0 here; docs/protocol/transport.md §5.6 (whatsmeow) says 128 /
                  // 129.
                  assertEquals(0, expectedDomain, "Baileys 6.7 domainType");
                  assertEquals(jid.server().equals("hosted") ? 128 : 129, jid.domainType());
                } else if (jid.agent() != 0 && !jid.server().equals("s.whatsapp.net")) {
                  // Baileys 6.7 drops the agent; we keep it as the raw domain byte.
                  assertEquals(jid.server().equals("lid") ? 1 : 0, expectedDomain);
                  assertEquals(jid.server().equals("lid") ? 1 : jid.agent(), jid.domainType());
                } else {
                  assertEquals(expectedDomain, jid.domainType(), "domainType");
                }
                assertEquals(c.get("normalized"), jid.normalizedUser().toString(), "normalized");
              }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> encodeCasesFromVectors() throws Exception {
    List<Map<String, Object>> cases =
        NodeCodecVectorsTest.list(NodeCodecVectorsTest.load("jid.json"), "encode");
    assertFalse(cases.isEmpty());
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : cases) {
      String expected = (String) c.get("jid");
      tests.add(
          DynamicTest.dynamicTest(
              expected,
              () -> {
                List<?> args = (List<?>) c.get("args");
                Jid jid = Jid.of((String) args.get(0), (String) args.get(1));
                if (args.size() > 2 && args.get(2) != null) {
                  jid = jid.withDevice(((Number) args.get(2)).intValue());
                }
                if (args.size() > 3 && args.get(3) != null) {
                  jid = jid.withAgent(((Number) args.get(3)).intValue());
                }
                assertEquals(expected, jid.toString());
                assertEquals(jid, Jid.parse(expected), "parse(format(jid))");
              }));
    }
    return tests;
  }

  @Test
  void parsesEveryDossierForm() {
    Jid ad = Jid.parse("15551234567.3:7@s.whatsapp.net");
    assertEquals("15551234567", ad.user());
    assertEquals(3, ad.agent());
    assertEquals(7, ad.device());
    assertEquals("15551234567_3:7@s.whatsapp.net", ad.toString());
    assertEquals("15551234567.3:7@s.whatsapp.net", ad.adString());
    assertEquals(ad, Jid.parse("15551234567_3:7@s.whatsapp.net"));

    Jid device = Jid.parse("15551234567:12@s.whatsapp.net");
    assertEquals(12, device.device());
    assertEquals("15551234567:12@s.whatsapp.net", device.toString());
    assertEquals(Jid.parse("15551234567@s.whatsapp.net"), device.toNonAd());
    assertEquals(Jid.parse("15551234567:0@s.whatsapp.net"), device.toNonAd());

    assertTrue(Jid.parse("120363012345678901@g.us").isGroup());
    assertTrue(Jid.parse("status@broadcast").isStatusBroadcast());
    assertTrue(Jid.parse("120363123456789012@newsletter").isNewsletter());
    assertTrue(Jid.parse("123456789012345:7@lid").isLid());
    assertTrue(Jid.parse("16505361212@c.us").isUser());
    assertEquals(Jid.OFFICIAL_BUSINESS, Jid.parse("16505361212@c.us"));
    assertEquals(Jid.PSA, Jid.parse("0@s.whatsapp.net"));
    assertTrue(Jid.parse("867051314767696@bot").isUser());
    assertFalse(Jid.parse("120363012345678901@g.us").isUser());

    Jid server = Jid.parse("@s.whatsapp.net");
    assertTrue(server.isServer());
    assertEquals(Jid.SERVER, server);
    assertEquals("@s.whatsapp.net", server.toString());
    assertEquals("@g.us", Jid.GROUP_SERVER_JID.toString());

    Jid hosted = Jid.parse("5511999:4@hosted");
    assertEquals(128, hosted.domainType());
    assertEquals(129, Jid.parse("5511999:4@hosted.lid").domainType());
    assertEquals("@call", Jid.server("call").toString());

    Jid msgr = Jid.parse("100012345678:2@msgr");
    assertEquals(2, msgr.device());
    assertEquals("100012345678:0@msgr", msgr.withDevice(0).toString());

    Jid interop = Jid.parse("7-5551234:3@interop");
    assertEquals(7, interop.integrator());
    assertEquals("5551234", interop.user());
    assertEquals(3, interop.device());
    assertEquals(interop, Jid.interop("5551234", 3, 7));
    assertEquals("7-5551234:3@interop", interop.toString());
    assertEquals("0-555:0@interop", Jid.parse("555@interop").toString());
  }

  @Test
  void acceptsUnusualButWellFormedUsersAsBaileysDoes() {
    assertEquals("foo+bar", Jid.parse("foo+bar@example.com").user());
    assertEquals("example.com", Jid.parse("foo+bar@example.com").server());
    assertEquals("ünï", Jid.parse("ünï@s.whatsapp.net").user());
    assertEquals("491701234567-1600000000", Jid.parse("491701234567-1600000000@g.us").user());
  }

  @Test
  void signalAddressesFollowMessagingDossier() {
    assertEquals("15551234567:0", Jid.parse("15551234567@s.whatsapp.net").signalAddress());
    assertEquals("123456789012345_1:3", Jid.parse("123456789012345:3@lid").signalAddress());
    assertEquals("5511_128:2", Jid.parse("5511:2@hosted").signalAddress());
    assertEquals("5511_129:0", Jid.parse("5511@hosted.lid").signalAddress());
    // whatsmeow's ActualAgent: on s.whatsapp.net the domain is 0 whatever the raw agent.
    assertEquals("15551234567:2", Jid.parse("15551234567_5:2@s.whatsapp.net").signalAddress());
    assertEquals("123456789012345_1", Jid.parse("123456789012345:3@lid").signalName());
  }

  @Test
  void withDeviceAndValueSemantics() {
    Jid user = Jid.of("491701234567", Jid.WHATSAPP_SERVER);
    Jid dev = user.withDevice(5);
    assertEquals("491701234567:5@s.whatsapp.net", dev.toString());
    assertEquals(dev, Jid.of("491701234567", Jid.WHATSAPP_SERVER, 5));
    assertEquals(dev.hashCode(), Jid.parse("491701234567:5@s.whatsapp.net").hashCode());
    assertFalse(dev.equals(user));
    assertThrows(GatewayException.ValidationException.class, () -> user.withDevice(70000));
    assertThrows(GatewayException.ValidationException.class, () -> Jid.SERVER.withDevice(1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "s.whatsapp.net",
        "@",
        "user@",
        "a@b@c",
        ":3@s.whatsapp.net",
        "_1:3@s.whatsapp.net",
        "123:@s.whatsapp.net",
        "123:x@s.whatsapp.net",
        "123:1:2@s.whatsapp.net",
        "123:65536@s.whatsapp.net",
        "123_256@s.whatsapp.net",
        "123_@s.whatsapp.net",
        "12 3@s.whatsapp.net",
        "123@s.whats app.net",
        "123@s.whatsapp.net\n",
        "12\u00003@s.whatsapp.net",
        "123@s.whatsapp.net:5",
      })
  void rejectsGarbage(String text) {
    GatewayException.ValidationException e =
        assertThrows(GatewayException.ValidationException.class, () -> Jid.parse(text));
    assertEquals("validation_error", e.code());
    assertTrue(e.getMessage().startsWith("not a JID"), e.getMessage());
  }

  @Test
  void factoriesRejectInvalidParts() {
    assertThrows(GatewayException.ValidationException.class, () -> Jid.of("a:b", "s.whatsapp.net"));
    assertThrows(GatewayException.ValidationException.class, () -> Jid.of("a", ""));
    assertThrows(GatewayException.ValidationException.class, () -> Jid.of("a", "x@y"));
    assertThrows(GatewayException.ValidationException.class, () -> Jid.of("", "s.whatsapp.net", 3));
    assertThrows(GatewayException.ValidationException.class, () -> Jid.parse(null));
  }
}
