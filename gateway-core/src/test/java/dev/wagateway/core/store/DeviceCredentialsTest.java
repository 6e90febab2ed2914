package dev.wagateway.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceCredentialsTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void generatedCredentialsFollowThePairingDossier() {
    for (int i = 0; i < 20; i++) {
      DeviceCredentials creds = DeviceKeys.credentials(RANDOM);
      assertEquals(32, creds.noiseKey().publicKey().length);
      assertEquals(32, creds.noiseKey().privateKey().length);
      assertEquals(32, creds.identityKey().publicKey().length);
      assertEquals(32, creds.identityKey().privateKey().length);
      assertEquals(32, creds.signedPreKey().keyPair().publicKey().length);
      assertEquals(32, creds.advSecret().length);
      assertEquals(64, creds.signedPreKey().signature().length);
      assertEquals(1, creds.signedPreKey().id());
      assertTrue(creds.registrationId() >= 1 && creds.registrationId() <= 16380);
      assertFalse(creds.paired());

      byte[] message = Curve.withPrefix(creds.signedPreKey().keyPair().publicKey());
      assertEquals(33, message.length);
      assertEquals(0x05, message[0]);
      assertTrue(
          Curve.verify(creds.identityKey().publicKey(), message, creds.signedPreKey().signature()));
      assertTrue(DeviceKeys.verify(creds.signedPreKey(), creds.identityKey().publicKey()));
      assertFalse(
          Curve.verify(creds.noiseKey().publicKey(), message, creds.signedPreKey().signature()),
          "signed by the identity key, not the noise key");
      // the signature covers 0x05||pub, not the bare 32-byte key
      assertFalse(
          Curve.verify(
              creds.identityKey().publicKey(),
              creds.signedPreKey().keyPair().publicKey(),
              creds.signedPreKey().signature()));

      assertEquals(
          HexFormat.of().formatHex(creds.identityKey().publicKey()),
          HexFormat.of()
              .formatHex(Curve.keyPairFromPrivate(creds.identityKey().privateKey()).publicKey()),
          "public key derives from the clamped private key");
      byte[] priv = creds.noiseKey().privateKey();
      assertEquals(0, priv[0] & 7, "clamped low bits");
      assertEquals(64, priv[31] & 0xC0, "clamped high bits");
    }
  }

  @Test
  void keysAreFreshEachTime() {
    DeviceCredentials a = DeviceKeys.credentials(RANDOM);
    DeviceCredentials b = DeviceKeys.credentials(RANDOM);
    assertNotEquals(a, b);
    assertFalse(java.util.Arrays.equals(a.noiseKey().publicKey(), a.identityKey().publicKey()));
    assertFalse(java.util.Arrays.equals(a.advSecret(), b.advSecret()));
  }

  @Test
  void toStringNeverContainsKeyMaterial() {
    DeviceCredentials creds =
        DeviceKeys.credentials(RANDOM)
            .withAccount(
                new DeviceCredentials.Account(
                    "15551234567:2@s.whatsapp.net", null, "Bob", null, new byte[] {9, 9, 9}));
    List<PreKey> preKeys = DeviceKeys.preKeys(1, 1, RANDOM);
    String text = creds + " " + creds.signedPreKey() + " " + creds.account() + " " + preKeys.get(0);
    List<byte[]> secrets =
        List.of(
            creds.noiseKey().privateKey(),
            creds.noiseKey().publicKey(),
            creds.identityKey().privateKey(),
            creds.identityKey().publicKey(),
            creds.signedPreKey().keyPair().privateKey(),
            creds.signedPreKey().keyPair().publicKey(),
            creds.signedPreKey().signature(),
            creds.advSecret(),
            preKeys.get(0).keyPair().privateKey(),
            preKeys.get(0).keyPair().publicKey());
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    for (byte[] secret : secrets) {
      String hex = HexFormat.of().formatHex(secret);
      for (int i = 0; i + 8 <= hex.length(); i += 2) {
        assertFalse(lower.contains(hex.substring(i, i + 8)), "key hex in toString: " + text);
      }
      assertFalse(text.contains(java.util.Base64.getEncoder().encodeToString(secret)));
    }
    assertTrue(text.contains("registrationId=" + creds.registrationId()));
  }

  @Test
  void equalityComparesContents() {
    DeviceCredentials creds = DeviceKeys.credentials(RANDOM);
    DeviceCredentials copy =
        new DeviceCredentials(
            new KeyPair(creds.noiseKey().publicKey(), creds.noiseKey().privateKey()),
            creds.identityKey(),
            creds.registrationId(),
            new DeviceCredentials.SignedPreKey(
                1, creds.signedPreKey().keyPair(), creds.signedPreKey().signature()),
            creds.advSecret(),
            null);
    assertEquals(creds, copy);
    assertEquals(creds.hashCode(), copy.hashCode());
    byte[] otherAdv = creds.advSecret();
    otherAdv[0] ^= 1;
    assertNotEquals(
        creds,
        new DeviceCredentials(
            creds.noiseKey(),
            creds.identityKey(),
            creds.registrationId(),
            creds.signedPreKey(),
            otherAdv,
            null));
  }

  @Test
  void preKeyBatchesAreSequentialAndDistinct() {
    List<PreKey> batch = DeviceKeys.preKeys(41, 50, RANDOM);
    assertEquals(50, batch.size());
    Set<String> publics = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      assertEquals(41 + i, batch.get(i).id());
      assertEquals(32, batch.get(i).keyPair().publicKey().length);
      publics.add(HexFormat.of().formatHex(batch.get(i).keyPair().publicKey()));
      assertArrayEquals(
          batch.get(i).keyPair().publicKey(),
          Curve.keyPairFromPrivate(batch.get(i).keyPair().privateKey()).publicKey());
    }
    assertEquals(50, publics.size());
    assertEquals(List.of(), DeviceKeys.preKeys(1, 0, RANDOM));
  }

  @Test
  void preKeyIdsWrapWithin24Bits() {
    List<PreKey> batch = DeviceKeys.preKeys(0xFFFFFE, 4, RANDOM);
    assertEquals(List.of(0xFFFFFE, 0xFFFFFF, 1, 2), batch.stream().map(PreKey::id).toList());
    assertEquals(1, PreKey.nextId(PreKey.MAX_ID));
    assertEquals(8, PreKey.nextId(7));
    assertThrows(IllegalArgumentException.class, () -> DeviceKeys.preKeys(0, 1, RANDOM));
    assertThrows(IllegalArgumentException.class, () -> DeviceKeys.preKeys(0x1000000, 1, RANDOM));
    assertThrows(IllegalArgumentException.class, () -> DeviceKeys.preKeys(1, -1, RANDOM));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PreKey(0, DeviceKeys.credentials(RANDOM).noiseKey()));
  }
}
