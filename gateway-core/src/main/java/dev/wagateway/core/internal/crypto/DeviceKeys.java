package dev.wagateway.core.internal.crypto;

import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.DeviceCredentials.SignedPreKey;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Generates and checks a device's key material. The store package holds the values ({@link
 * DeviceCredentials}, {@link PreKey}); making and signing them is crypto and lives here.
 */
public final class DeviceKeys {
  private DeviceKeys() {}

  /**
   * Fresh, unpaired credentials: noise and identity key pairs, a registration id in 1..16380,
   * signed prekey 1 signed by the identity key over {@code 0x05 || signedPreKeyPublic}, and a
   * 32-byte ADV secret. Persist them before their first use on the wire.
   */
  public static DeviceCredentials credentials(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    KeyPair noise = Curve.generateKeyPair(random);
    KeyPair identity = Curve.generateKeyPair(random);
    int registrationId = random.nextInt(DeviceCredentials.MAX_REGISTRATION_ID) + 1;
    SignedPreKey signed = signedPreKey(DeviceCredentials.SIGNED_PRE_KEY_ID, identity, random);
    byte[] adv = new byte[32];
    random.nextBytes(adv);
    return new DeviceCredentials(noise, identity, registrationId, signed, adv, null);
  }

  /**
   * {@code count} one-time prekeys with ids {@code startId, startId+1, ...}, wrapping from {@link
   * PreKey#MAX_ID} back to 1 (ids are 24-bit on the wire).
   */
  public static List<PreKey> preKeys(int startId, int count, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    if (startId < 1 || startId > PreKey.MAX_ID) {
      throw new IllegalArgumentException("prekey start id out of range 1..16777215");
    }
    if (count < 0 || count > PreKey.MAX_ID) {
      throw new IllegalArgumentException("prekey count out of range 0..16777215");
    }
    List<PreKey> out = new ArrayList<>(count);
    int id = startId;
    for (int i = 0; i < count; i++) {
      out.add(new PreKey(id, Curve.generateKeyPair(random)));
      id = PreKey.nextId(id);
    }
    return List.copyOf(out);
  }

  /** A fresh key pair with id {@code id}, signed by {@code identityKey}. */
  public static SignedPreKey signedPreKey(int id, KeyPair identityKey, SecureRandom random) {
    KeyPair pair = Curve.generateKeyPair(random);
    byte[] signature =
        Curve.sign(identityKey.privateKey(), Curve.withPrefix(pair.publicKey()), random);
    return new SignedPreKey(id, pair, signature);
  }

  /** Whether {@code signedPreKey}'s signature verifies under {@code identityPublicKey}. */
  public static boolean verify(SignedPreKey signedPreKey, byte[] identityPublicKey) {
    return Curve.verify(
        identityPublicKey,
        Curve.withPrefix(signedPreKey.keyPair().publicKey()),
        signedPreKey.signature());
  }
}
