package dev.wagateway.testkit.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.WaVersion;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.ClientPayloadProtos.ClientPayload;
import dev.wagateway.core.internal.proto.ClientPayloadProtos.ClientPayload.DevicePairingRegistrationData;
import dev.wagateway.core.internal.proto.DevicePropsProtos.DeviceProps;

/**
 * What the server reads from a client's ClientPayload (docs/protocol/pairing.md §2.1 and §6.1):
 * either a registration (a new companion's Signal keys and how the phone should list it), a login
 * (phone number and device number), or neither (a payload with no username and no pairing data,
 * which the simulator leaves alone).
 *
 * @param registration non-null for a registration payload
 * @param username the login's phone number, or 0 for a registration
 * @param device the login's device number
 * @param passive the payload's passive flag
 * @param pushName the payload's push name (Baileys sends it when configured), or null
 * @param version the user agent's WhatsApp Web version, or null when the payload has none
 */
public record PresentedPayload(
    Registration registration,
    long username,
    int device,
    boolean passive,
    String pushName,
    WaVersion version) {

  /** Thrown for a payload the server cannot use. */
  public static final class BadPayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    BadPayloadException(String message) {
      super(message);
    }
  }

  /**
   * The companion's keys from {@code devicePairingData}.
   *
   * @param identityKey 32-byte identity public key ({@code eIdent})
   * @param registrationId {@code eRegid} (4 bytes BE)
   * @param signedPreKeyId {@code eSkeyID} (3 bytes BE)
   * @param signedPreKey {@code eSkeyVal}
   * @param signedPreKeySignature {@code eSkeySig}
   * @param os {@code DeviceProps.os}, what the phone lists (e.g. "Ubuntu"), or null
   * @param platformType {@code DeviceProps.platformType} name, or null
   */
  public record Registration(
      byte[] identityKey,
      int registrationId,
      int signedPreKeyId,
      byte[] signedPreKey,
      byte[] signedPreKeySignature,
      String os,
      String platformType) {
    public Registration {
      identityKey = identityKey.clone();
      signedPreKey = signedPreKey.clone();
      signedPreKeySignature = signedPreKeySignature.clone();
    }

    @Override
    public byte[] identityKey() {
      return identityKey.clone();
    }

    @Override
    public byte[] signedPreKey() {
      return signedPreKey.clone();
    }

    @Override
    public byte[] signedPreKeySignature() {
      return signedPreKeySignature.clone();
    }

    @Override
    public String toString() {
      return "Registration[os=" + os + ", platform=" + platformType + "]";
    }
  }

  public boolean isRegistration() {
    return registration != null;
  }

  /** A login payload: it names a phone number. */
  public boolean isLogin() {
    return registration == null && username > 0;
  }

  /** Parses a serialized ClientPayload. */
  public static PresentedPayload parse(byte[] payload) throws BadPayloadException {
    ClientPayload parsed;
    try {
      parsed = ClientPayload.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new BadPayloadException("ClientPayload does not parse");
    }
    String pushName = parsed.hasPushName() ? parsed.getPushName() : null;
    WaVersion version = null;
    if (parsed.getUserAgent().hasAppVersion()) {
      ClientPayload.UserAgent.AppVersion v = parsed.getUserAgent().getAppVersion();
      version = new WaVersion(v.getPrimary(), v.getSecondary(), v.getTertiary());
    }
    if (parsed.hasUsername()) {
      if (parsed.getUsername() <= 0) {
        throw new BadPayloadException("login username must be a positive number");
      }
      return new PresentedPayload(
          null, parsed.getUsername(), parsed.getDevice(), parsed.getPassive(), pushName, version);
    }
    if (!parsed.hasDevicePairingData()) {
      return new PresentedPayload(null, 0, 0, parsed.getPassive(), pushName, version);
    }
    DevicePairingRegistrationData data = parsed.getDevicePairingData();
    byte[] identity = data.getEIdent().toByteArray();
    if (identity.length == 33) {
      identity = Curve.stripPrefix(identity);
    }
    if (identity.length != 32) {
      throw new BadPayloadException("eIdent is not a 32-byte key");
    }
    byte[] regId = data.getERegid().toByteArray();
    byte[] skeyId = data.getESkeyID().toByteArray();
    byte[] skey = data.getESkeyVal().toByteArray();
    byte[] skeySig = data.getESkeySig().toByteArray();
    if (regId.length != 4 || skeyId.length != 3 || skey.length != 32 || skeySig.length != 64) {
      throw new BadPayloadException("devicePairingData has fields of the wrong size");
    }
    if (!Curve.verify(identity, Curve.withPrefix(skey), skeySig)) {
      throw new BadPayloadException("signed prekey signature does not verify");
    }
    String os = null;
    String platformType = null;
    if (data.hasDeviceProps()) {
      try {
        DeviceProps props = DeviceProps.parseFrom(data.getDeviceProps());
        os = props.hasOs() ? props.getOs() : null;
        platformType = props.hasPlatformType() ? props.getPlatformType().name() : null;
      } catch (InvalidProtocolBufferException e) {
        throw new BadPayloadException("deviceProps does not parse");
      }
    }
    Registration registration =
        new Registration(identity, toInt(regId), toInt(skeyId), skey, skeySig, os, platformType);
    return new PresentedPayload(registration, 0, 0, parsed.getPassive(), pushName, version);
  }

  private static int toInt(byte[] bigEndian) {
    int v = 0;
    for (byte b : bigEndian) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }
}
