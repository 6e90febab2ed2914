package dev.wagateway.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.noise.ClientPayloads;
import dev.wagateway.core.store.DeviceCredentials;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PresentedPayloadTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void registrationCarriesTheCompanionsKeysAndHowItIsListed() throws Exception {
    DeviceCredentials credentials = DeviceKeys.credentials(random);
    PresentedPayload payload =
        PresentedPayload.parse(
            ClientPayloads.registration(ClientPayloads.Profile.defaults(), credentials));
    assertTrue(payload.isRegistration());
    assertFalse(payload.isLogin());
    PresentedPayload.Registration r = payload.registration();
    assertArrayEquals(credentials.identityKey().publicKey(), r.identityKey());
    assertEquals(credentials.registrationId(), r.registrationId());
    assertEquals(credentials.signedPreKey().id(), r.signedPreKeyId());
    assertArrayEquals(credentials.signedPreKey().keyPair().publicKey(), r.signedPreKey());
    assertArrayEquals(credentials.signedPreKey().signature(), r.signedPreKeySignature());
    assertEquals("Ubuntu", r.os());
    assertEquals("CHROME", r.platformType());
  }

  @Test
  void loginNamesThePhoneAndDevice() throws Exception {
    PresentedPayload payload =
        PresentedPayload.parse(
            ClientPayloads.login(ClientPayloads.Profile.defaults(), 15551234567L, 12));
    assertTrue(payload.isLogin());
    assertNull(payload.registration());
    assertEquals(15551234567L, payload.username());
    assertEquals(12, payload.device());
  }

  @Test
  void refusesGarbageAndForgedSignedPreKeys() throws Exception {
    assertThrows(
        PresentedPayload.BadPayloadException.class,
        () -> PresentedPayload.parse(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    DeviceCredentials credentials = DeviceKeys.credentials(random);
    DeviceCredentials other = DeviceKeys.credentials(random);
    byte[] forged =
        ClientPayloads.registration(
            ClientPayloads.Shape.WHATSMEOW,
            ClientPayloads.Profile.defaults(),
            credentials.registrationId(),
            credentials.identityKey().publicKey(),
            other.signedPreKey());
    assertThrows(PresentedPayload.BadPayloadException.class, () -> PresentedPayload.parse(forged));
    PresentedPayload neither = PresentedPayload.parse(new byte[] {0x18, 0x01});
    assertFalse(neither.isLogin());
    assertFalse(neither.isRegistration());
  }
}
