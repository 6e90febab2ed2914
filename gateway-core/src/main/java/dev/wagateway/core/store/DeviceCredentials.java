package dev.wagateway.core.store;

import dev.wagateway.core.store.PreKeyStore.PreKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a companion device generates once and keeps: the Noise static key pair, the Signal identity
 * key pair, the registration id (1..16380), a signed prekey signed by the identity key, and the
 * 32-byte ADV secret; plus, once paired, the account identity the phone gave us. {@link
 * #toString()} never prints key material; {@code equals} compares contents.
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
    if (signedPreKey.id() < 1 || signedPreKey.id() > PreKey.MAX_ID) {
      throw new IllegalArgumentException("signed prekey id out of range 1..16777215");
    }
    if (advSecret == null || advSecret.length != 32) {
      throw new IllegalArgumentException("ADV secret must be 32 bytes");
    }
    advSecret = advSecret.clone();
  }

  /** Registration ids are drawn from 1..16380 (libsignal's KeyHelper convention). */
  public static final int MAX_REGISTRATION_ID = 16380;

  /** The signed prekey id both reference clients use. */
  public static final int SIGNED_PRE_KEY_ID = 1;

  @Override
  public byte[] advSecret() {
    return advSecret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceCredentials other
        && noiseKey.equals(other.noiseKey)
        && identityKey.equals(other.identityKey)
        && registrationId == other.registrationId
        && signedPreKey.equals(other.signedPreKey)
        && Arrays.equals(advSecret, other.advSecret)
        && Objects.equals(account, other.account);
  }

  @Override
  public int hashCode() {
    return Objects.hash(noiseKey, identityKey, registrationId);
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

    @Override
    public boolean equals(Object o) {
      return o instanceof SignedPreKey other
          && id == other.id
          && keyPair.equals(other.keyPair)
          && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
      return 31 * id + keyPair.hashCode();
    }

    @Override
    public String toString() {
      return "SignedPreKey[id=" + id + "]";
    }
  }

  /**
   * The linked account, from pair-success.
   *
   * @param jid our device JID, e.g. {@code 15551234567:12@s.whatsapp.net}
   * @param lid our LID device JID, or null when the server gave none
   * @param pushName the account's push name when known, else null
   * @param platform the primary's platform from pair-success, or null
   * @param signedIdentity serialized ADVSignedDeviceIdentity with our device signature, sent in the
   *     login payload and with every pkmsg
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

    public Account withLid(String newLid) {
      return new Account(jid, newLid, pushName, platform, signedIdentity);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Account other
          && jid.equals(other.jid)
          && Objects.equals(lid, other.lid)
          && Objects.equals(pushName, other.pushName)
          && Objects.equals(platform, other.platform)
          && Arrays.equals(signedIdentity, other.signedIdentity);
    }

    @Override
    public int hashCode() {
      return jid.hashCode();
    }

    @Override
    public String toString() {
      return "Account[jid=" + jid + ", lid=" + lid + "]";
    }
  }
}
