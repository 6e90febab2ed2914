package dev.wagateway.core.store;

import java.util.Objects;

/**
 * What a companion device generates once and keeps: the Noise static key pair, the Signal
 * identity key pair, the registration id (1..16380), a signed prekey signed by the identity key,
 * and the 32-byte ADV secret; plus, once paired, the account identity the phone gave us.
 *
 * @param account null until pairing has succeeded
 */
public record DeviceCredentials(
    KeyPair noiseKey,
    KeyPair identityKey,
    int registrationId,
    SignedPreKey signedPreKey,
    byte[] advSecret,
    Account account) {

  public DeviceCredentials {
    Objects.requireNonNull(noiseKey, "noiseKey");
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(signedPreKey, "signedPreKey");
    if (registrationId < 1 || registrationId > 16380) {
      throw new IllegalArgumentException("registration id out of range 1..16380");
    }
    if (advSecret == null || advSecret.length != 32) {
      throw new IllegalArgumentException("ADV secret must be 32 bytes");
    }
    advSecret = advSecret.clone();
  }

  @Override
  public byte[] advSecret() {
    return advSecret.clone();
  }

  public boolean paired() {
    return account != null;
  }

  public DeviceCredentials withAccount(Account newAccount) {
    return new DeviceCredentials(
        noiseKey, identityKey, registrationId, signedPreKey, advSecret, newAccount);
  }

  @Override
  public String toString() {
    return "DeviceCredentials[registrationId=" + registrationId + ", paired=" + paired() + "]";
  }

  /** The signed prekey: id, key pair and the identity key's signature over 0x05‖public. */
  public record SignedPreKey(int id, KeyPair keyPair, byte[] signature) {
    public SignedPreKey {
      Objects.requireNonNull(keyPair, "keyPair");
      if (signature == null || signature.length != 64) {
        throw new IllegalArgumentException("signature must be 64 bytes");
      }
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }
  }

  /**
   * The linked account, from pair-success.
   *
   * @param jid our device JID, e.g. {@code 15551234567:12@s.whatsapp.net}
   * @param lid our LID device JID, or null when the server gave none
   * @param pushName the account's push name when known, else null
   * @param platform the primary's platform from pair-success, or null
   * @param signedIdentity serialized ADVSignedDeviceIdentity with our device signature, sent in
   *     the login payload and with every pkmsg
   */
  public record Account(
      String jid, String lid, String pushName, String platform, byte[] signedIdentity) {
    public Account {
      Objects.requireNonNull(jid, "jid");
      Objects.requireNonNull(signedIdentity, "signedIdentity");
      signedIdentity = signedIdentity.clone();
    }

    @Override
    public byte[] signedIdentity() {
      return signedIdentity.clone();
    }

    public Account withPushName(String name) {
      return new Account(jid, lid, name, platform, signedIdentity);
    }
  }
}
