package dev.wagateway.core.internal.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.ClientPayloadProtos.ClientPayload;
import dev.wagateway.core.internal.proto.DevicePropsProtos.DeviceProps;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The payload rules beyond what the recorded vectors exercise. */
class ClientPayloadsTest {
  private final SecureRandom random = new SecureRandom(new byte[] {3});

  @Test
  void buildHashIsMd5OfTheDottedVersion() {
    // docs/protocol/transport.md §4.5 examples
    assertEquals(
        "9fa53af9421567b114e33c9bb1ef7db2",
        Vectors.hex(
            ClientPayloads.buildHash(dev.wagateway.core.WaVersion.parse("2.3000.1045649367"))));
    assertEquals(
        "a2c9471eff910a9e1ae659890a28872d",
        Vectors.hex(
            ClientPayloads.buildHash(dev.wagateway.core.WaVersion.parse("2.3000.1035194821"))));
  }

  @Test
  void versionsParseAndPrintUnsigned() {
    dev.wagateway.core.WaVersion big = dev.wagateway.core.WaVersion.parse("2.3000.3000000000");
    assertEquals("2.3000.3000000000", big.format());
    assertThrows(ValidationException.class, () -> dev.wagateway.core.WaVersion.parse("2.3000"));
    assertThrows(ValidationException.class, () -> dev.wagateway.core.WaVersion.parse("2.x.1"));
  }

  @Test
  void registrationFromCredentials() throws InvalidProtocolBufferException {
    KeyPair identity = Curve.generateKeyPair(random);
    KeyPair spk = Curve.generateKeyPair(random);
    byte[] sig = Curve.sign(identity.privateKey(), Curve.withPrefix(spk.publicKey()), random);
    DeviceCredentials creds =
        new DeviceCredentials(
            Curve.generateKeyPair(random),
            identity,
            16380,
            new DeviceCredentials.SignedPreKey(0x010203, spk, sig),
            new byte[32],
            null);
    ClientPayload p =
        ClientPayload.parseFrom(
            ClientPayloads.registration(ClientPayloads.Profile.defaults(), creds));
    assertTrue(p.hasPassive() && !p.getPassive());
    assertTrue(p.hasPull() && !p.getPull());
    assertFalse(p.hasUsername());
    assertFalse(p.hasDevice());
    ClientPayload.DevicePairingRegistrationData d = p.getDevicePairingData();
    assertEquals("00003ffc", Vectors.hex(d.getERegid().toByteArray()));
    assertEquals("05", Vectors.hex(d.getEKeytype().toByteArray()));
    assertEquals("010203", Vectors.hex(d.getESkeyID().toByteArray()));
    assertEquals(Vectors.hex(identity.publicKey()), Vectors.hex(d.getEIdent().toByteArray()));
    assertEquals(Vectors.hex(sig), Vectors.hex(d.getESkeySig().toByteArray()));
    DeviceProps props = DeviceProps.parseFrom(d.getDeviceProps());
    assertEquals("Ubuntu", props.getOs());
    assertEquals(DeviceProps.PlatformType.CHROME, props.getPlatformType());
  }

  @Test
  void browserPicksThePlatformTypeAndFullSyncPicksTheSubPlatform()
      throws InvalidProtocolBufferException {
    ClientPayloads.Profile mac =
        new ClientPayloads.Profile(ClientPayloads.DEFAULT_VERSION, "Mac OS", "Safari", "DE", true);
    ClientPayload p = ClientPayload.parseFrom(ClientPayloads.login(mac, 15551234567L, 7));
    assertEquals(ClientPayload.WebInfo.WebSubPlatform.DARWIN, p.getWebInfo().getWebSubPlatform());
    assertEquals("DE", p.getUserAgent().getLocaleCountryIso31661Alpha2());
    assertEquals(15551234567L, p.getUsername());
    assertEquals(7, p.getDevice());
    assertTrue(p.getPull());
    assertFalse(p.hasDevicePairingData());

    assertEquals(DeviceProps.PlatformType.SAFARI, mac.platformType());
    assertEquals(
        DeviceProps.PlatformType.CHROME,
        new ClientPayloads.Profile(ClientPayloads.DEFAULT_VERSION, "Linux", "Lynx", "US", false)
            .platformType());
    assertEquals(
        ClientPayload.WebInfo.WebSubPlatform.WEB_BROWSER,
        new ClientPayloads.Profile(ClientPayloads.DEFAULT_VERSION, "Mac OS", "Safari", "DE", false)
            .webSubPlatform());
    assertEquals(
        ClientPayload.WebInfo.WebSubPlatform.WIN32,
        new ClientPayloads.Profile(ClientPayloads.DEFAULT_VERSION, "Windows", "Edge", "US", true)
            .webSubPlatform());
  }

  @Test
  void badInputsAreValidationErrors() {
    assertThrows(
        ValidationException.class,
        () -> ClientPayloads.login(ClientPayloads.Profile.defaults(), 0, 1));
    assertThrows(
        ValidationException.class,
        () ->
            new ClientPayloads.Profile(ClientPayloads.DEFAULT_VERSION, " ", "Chrome", "US", false));
  }

  /**
   * The login payload byte for byte against whatsmeow's shape, encoded here by hand. Sources
   * (whatsmeow store/clientpayload.go at 6eefbff4, read via docs/protocol/transport.md §4.1-4.3 and
   * ../shared/protocol/currency-2026.md row 1b; field numbers from proto/waWa6/WAWebProtobufsWa6):
   * username=1, passive=3 true (getLoginPayload), userAgent=5 (BaseClientPayload: platform WEB=14,
   * appVersion, mcc/mnc "000", osVersion "0.1", manufacturer "" (present), device "Desktop",
   * osBuildNumber "0.1", releaseChannel RELEASE=0, language "en", country), webInfo=6
   * (webSubPlatform WEB_BROWSER=0), connectType=12 WIFI_UNKNOWN=1, connectReason=13
   * USER_ACTIVATED=1, device=18, lc=24 1, pull=33 true, lidDbMigrated=41 true.
   */
  @Test
  void loginIsWhatsmeowsShapeByteForByte() {
    ClientPayloads.Profile profile =
        new ClientPayloads.Profile(
            dev.wagateway.core.WaVersion.parse("2.3000.1045649367"),
            "Ubuntu",
            "Chrome",
            "US",
            false);
    java.io.ByteArrayOutputStream appVersion = new java.io.ByteArrayOutputStream();
    varintField(appVersion, 1, 2);
    varintField(appVersion, 2, 3000);
    varintField(appVersion, 3, 1045649367L);
    java.io.ByteArrayOutputStream userAgent = new java.io.ByteArrayOutputStream();
    varintField(userAgent, 1, 14);
    bytesField(userAgent, 2, appVersion.toByteArray());
    stringField(userAgent, 3, "000");
    stringField(userAgent, 4, "000");
    stringField(userAgent, 5, "0.1");
    stringField(userAgent, 6, "");
    stringField(userAgent, 7, "Desktop");
    stringField(userAgent, 8, "0.1");
    varintField(userAgent, 10, 0);
    stringField(userAgent, 11, "en");
    stringField(userAgent, 12, "US");
    java.io.ByteArrayOutputStream webInfo = new java.io.ByteArrayOutputStream();
    varintField(webInfo, 4, 0);
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    varintField(expected, 1, 15551234567L);
    varintField(expected, 3, 1);
    bytesField(expected, 5, userAgent.toByteArray());
    bytesField(expected, 6, webInfo.toByteArray());
    varintField(expected, 12, 1);
    varintField(expected, 13, 1);
    varintField(expected, 18, 7);
    varintField(expected, 24, 1);
    varintField(expected, 33, 1);
    varintField(expected, 41, 1);

    byte[] login = ClientPayloads.login(profile, 15551234567L, 7);
    assertEquals(Vectors.hex(expected.toByteArray()), Vectors.hex(login));
    assertEquals(
        Vectors.hex(login),
        Vectors.hex(
            ClientPayloads.login(ClientPayloads.Shape.WHATSMEOW, profile, 15551234567L, 7)));
  }

  @Test
  void baileys6ShapeIsTheOldActiveLogin() throws InvalidProtocolBufferException {
    ClientPayload old =
        ClientPayload.parseFrom(
            ClientPayloads.login(
                ClientPayloads.Shape.BAILEYS_6,
                ClientPayloads.Profile.defaults(),
                15551234567L,
                7));
    assertFalse(old.getPassive());
    assertFalse(old.hasLidDbMigrated());
    assertFalse(old.hasLc());
    assertFalse(old.getUserAgent().hasManufacturer());
    ClientPayload current =
        ClientPayload.parseFrom(
            ClientPayloads.login(ClientPayloads.Profile.defaults(), 15551234567L, 7));
    assertTrue(current.getPassive() && current.getPull() && current.getLidDbMigrated());
    assertEquals(1, current.getLc());
  }

  @Test
  void defaultVersionIsWhatsmeowsNewestRead() {
    assertEquals("2.3000.1045649367", ClientPayloads.Profile.defaults().version().format());
  }

  private static void varintField(java.io.ByteArrayOutputStream out, int field, long value) {
    varint(out, ((long) field << 3));
    varint(out, value);
  }

  private static void stringField(java.io.ByteArrayOutputStream out, int field, String value) {
    bytesField(out, field, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void bytesField(java.io.ByteArrayOutputStream out, int field, byte[] value) {
    varint(out, ((long) field << 3) | 2);
    varint(out, value.length);
    out.writeBytes(value);
  }

  private static void varint(java.io.ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
