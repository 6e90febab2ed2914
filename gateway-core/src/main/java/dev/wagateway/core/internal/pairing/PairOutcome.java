package dev.wagateway.core.internal.pairing;

import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.wire.Jid;

/**
 * The result of checking a {@code pair-success}: either everything to persist and the {@code
 * pair-device-sign} reply, or the {@code pair-error} reply and nothing to persist.
 */
public sealed interface PairOutcome permits PairOutcome.Paired, PairOutcome.Rejected {
  /** The id of the pair-success iq, echoed by either reply. */
  String iqId();

  /**
   * Verified. Persist, in one transaction and before the reply goes out: {@link #account()} (the
   * signed device identity, with the account key, later sent as {@code <device-identity>} in pkmsg
   * stanzas and retry receipts), our JID and LID, the platform and business name, and {@link
   * #primaryIdentityKey()} as the trusted identity of device 0 of our own account.
   *
   * @param deviceJid our phone-number device JID, e.g. {@code 15551234567:12@s.whatsapp.net}
   * @param deviceLid our LID device JID, or null when the server sent none
   * @param account ADVSignedDeviceIdentity with details, accountSignatureKey, accountSignature and
   *     our deviceSignature
   * @param replyIdentity the same without accountSignatureKey: the {@code <device-identity>}
   *     content of the reply
   * @param keyIndex ADVDeviceIdentity.keyIndex, the reply's {@code key-index} attribute
   * @param primaryIdentityKey the primary's identity public key (32 bytes)
   * @param hosted true when the device identity is of the HOSTED type
   */
  record Paired(
      String iqId,
      Jid deviceJid,
      Jid deviceLid,
      String platform,
      String businessName,
      Long serverTime,
      byte[] account,
      byte[] replyIdentity,
      int keyIndex,
      byte[] primaryIdentityKey,
      boolean hosted)
      implements PairOutcome {
    public Paired {
      account = account.clone();
      replyIdentity = replyIdentity.clone();
      primaryIdentityKey = primaryIdentityKey.clone();
    }

    /**
     * The account record to persist in the device credentials: our JID and LID, the platform and
     * the signed device identity (no push name yet; it arrives later by app-state sync).
     */
    public DeviceCredentials.Account toAccount() {
      return new DeviceCredentials.Account(
          deviceJid.toString(),
          deviceLid == null ? null : deviceLid.toString(),
          null,
          platform,
          account);
    }

    @Override
    public byte[] account() {
      return account.clone();
    }

    @Override
    public byte[] replyIdentity() {
      return replyIdentity.clone();
    }

    @Override
    public byte[] primaryIdentityKey() {
      return primaryIdentityKey.clone();
    }

    @Override
    public String toString() {
      return "Paired[id=" + iqId + ", keyIndex=" + keyIndex + ", hosted=" + hosted + "]";
    }
  }

  /** Refused: send the pair-error reply, store nothing, and disconnect. */
  record Rejected(String iqId, PairingError error, String detail) implements PairOutcome {
    /** The failure as an exception with the error's stable code. */
    public CryptoException toException() {
      return new CryptoException(error.errorCode(), "pair-success rejected: " + detail);
    }
  }
}
