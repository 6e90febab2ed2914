package dev.wagateway.core.internal.pairing;

/**
 * The parts of a server {@code <iq type="set"><pair-success>} (docs/protocol/pairing.md §3.1), as
 * read from the stanza. Fields the server may leave out are null.
 *
 * @param iqId the iq id; the reply echoes it
 * @param serverTime the iq {@code t} attribute (Unix seconds), or null
 * @param deviceIdentity the {@code <device-identity>} bytes (ADVSignedDeviceIdentityHMAC), or null
 * @param deviceJid {@code <device jid>}: our own phone-number device JID, or null
 * @param deviceLid {@code <device lid>}: our own LID device JID, or null
 * @param platform {@code <platform name>}, or null
 * @param businessName {@code <biz name>}, or null
 * @param clientProps {@code <client-props>} bytes (ClientPairingProps), or null
 */
public record PairSuccess(
    String iqId,
    Long serverTime,
    byte[] deviceIdentity,
    String deviceJid,
    String deviceLid,
    String platform,
    String businessName,
    byte[] clientProps) {
  public PairSuccess {
    if (iqId == null || iqId.isEmpty()) {
      throw new IllegalArgumentException("pair-success iq id must be given");
    }
    deviceIdentity = deviceIdentity == null ? null : deviceIdentity.clone();
    clientProps = clientProps == null ? null : clientProps.clone();
  }

  @Override
  public byte[] deviceIdentity() {
    return deviceIdentity == null ? null : deviceIdentity.clone();
  }

  @Override
  public byte[] clientProps() {
    return clientProps == null ? null : clientProps.clone();
  }

  @Override
  public String toString() {
    return "PairSuccess[id=" + iqId + ", platform=" + platform + "]";
  }
}
