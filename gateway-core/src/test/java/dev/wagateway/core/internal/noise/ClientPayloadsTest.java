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
            ClientPayloads.buildHash(ClientPayloads.AppVersion.parse("2.3000.1045649367"))));
    assertEquals(
        "a2c9471eff910a9e1ae659890a28872d",
        Vectors.hex(
            ClientPayloads.buildHash(ClientPayloads.AppVersion.parse("2.3000.1035194821"))));
  }

  @Test
  void versionsParseAndPrintUnsigned() {
    ClientPayloads.AppVersion big = ClientPayloads.AppVersion.parse("2.3000.3000000000");
    assertEquals("2.3000.3000000000", big.dotted());
    assertThrows(ValidationException.class, () -> ClientPayloads.AppVersion.parse("2.3000"));
    assertThrows(ValidationException.class, () -> ClientPayloads.AppVersion.parse("2.x.1"));
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
}
