package dev.wagateway.core.internal.noise;

import com.google.protobuf.ByteString;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.ClientPayloadProtos.ClientPayload;
import dev.wagateway.core.internal.proto.ClientPayloadProtos.ClientPayload.DevicePairingRegistrationData;
import dev.wagateway.core.internal.proto.ClientPayloadProtos.ClientPayload.UserAgent;
import dev.wagateway.core.internal.proto.ClientPayloadProtos.ClientPayload.WebInfo;
import dev.wagateway.core.internal.proto.DevicePropsProtos.DeviceProps;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.DeviceCredentials.SignedPreKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds the ClientPayload sent encrypted in ClientFinish (docs/protocol/transport.md §4): the registration shape for
 * a device that is not paired yet, the login shape for a paired one. The shapes follow the web
 * client as Baileys sends it (so that the interop vectors are reproduced byte for byte): unset
 * fields are omitted, {@code passive}/{@code pull} are always written explicitly.
 */
public final class ClientPayloads {
  /** The WhatsApp Web version sent when the caller configures none (Baileys' at the time read). */
  public static final AppVersion DEFAULT_VERSION = new AppVersion(2, 3000, 1035194821);

  private static final String MCC = "000";
  private static final String MNC = "000";
  private static final String OS_VERSION = "0.1";
  private static final String DEVICE = "Desktop";
  private static final String OS_BUILD_NUMBER = "0.1";
  private static final String LANGUAGE = "en";
  private static final int HISTORY_STORAGE_QUOTA_MB = 10240;

  private ClientPayloads() {}

  /**
   * Registration payload: base ‖ {@code passive=false}, {@code pull=false}, {@code
   * devicePairingData} from the device's Signal keys.
   */
  public static byte[] registration(Profile profile, DeviceCredentials credentials) {
    return registration(
        profile,
        credentials.registrationId(),
        credentials.identityKey().publicKey(),
        credentials.signedPreKey());
  }

  /**
   * Registration payload from the individual keys.
   *
   * @param registrationId the Signal registration id, sent as 4 bytes big-endian
   * @param identityPublicKey the 32-byte identity public key (a 0x05-prefixed key is accepted)
   * @param signedPreKey the signed prekey; its id is sent as 3 bytes big-endian
   */
  public static byte[] registration(
      Profile profile, int registrationId, byte[] identityPublicKey, SignedPreKey signedPreKey) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(signedPreKey, "signedPreKey");
    if (signedPreKey.id() < 0 || signedPreKey.id() > 0xFF_FFFF) {
      throw new ValidationException("signed prekey id does not fit in 3 bytes");
    }
    DevicePairingRegistrationData pairing =
        DevicePairingRegistrationData.newBuilder()
            .setERegid(ByteString.copyFrom(bigEndian(registrationId, 4)))
            .setEKeytype(ByteString.copyFrom(new byte[] {Curve.DJB_TYPE}))
            .setEIdent(ByteString.copyFrom(Curve.stripPrefix(identityPublicKey)))
            .setESkeyID(ByteString.copyFrom(bigEndian(signedPreKey.id(), 3)))
            .setESkeyVal(ByteString.copyFrom(signedPreKey.keyPair().publicKey()))
            .setESkeySig(ByteString.copyFrom(signedPreKey.signature()))
            .setBuildHash(ByteString.copyFrom(buildHash(profile.version())))
            .setDeviceProps(ByteString.copyFrom(deviceProps(profile)))
            .build();
    return base(profile)
        .setPassive(false)
        .setPull(false)
        .setDevicePairingData(pairing)
        .build()
        .toByteArray();
  }

  /**
   * Login payload for a paired device: base ‖ {@code username} (the account's phone number, the
   * user part of our JID), {@code device} (the {@code :N} of our JID), {@code passive=false},
   * {@code pull=true}.
   */
  public static byte[] login(Profile profile, long username, int device) {
    Objects.requireNonNull(profile, "profile");
    if (username <= 0) {
      throw new ValidationException("login username must be a positive phone number");
    }
    if (device < 0) {
      throw new ValidationException("device id must not be negative");
    }
    return base(profile)
        .setUsername(username)
        .setPassive(false)
        .setPull(true)
        .setDevice(device)
        .build()
        .toByteArray();
  }

  /** {@code MD5("primary.secondary.tertiary")}, the registration's build hash. */
  static byte[] buildHash(AppVersion version) {
    Memo<AppVersion> memo = lastBuildHash;
    if (memo != null && memo.key().equals(version)) {
      return memo.value().clone();
    }
    byte[] hash;
    try {
      hash =
          MessageDigest.getInstance("MD5")
              .digest(version.dotted().getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
    lastBuildHash = new Memo<>(version, hash);
    return hash.clone();
  }

  /**
   * The last result of a pure function of {@code key}: every connection of a host sends the same
   * build hash and device props, so they are computed once, not per connection.
   */
  private record Memo<K>(K key, byte[] value) {}

  private static volatile Memo<AppVersion> lastBuildHash;
  private static volatile Memo<Profile> lastDeviceProps;

  /** The serialized DeviceProps: how the phone lists us, and our history sync limits. */
  static byte[] deviceProps(Profile profile) {
    Memo<Profile> memo = lastDeviceProps;
    if (memo != null && memo.key().equals(profile)) {
      return memo.value().clone();
    }
    byte[] props = computeDeviceProps(profile);
    lastDeviceProps = new Memo<>(profile, props);
    return props.clone();
  }

  private static byte[] computeDeviceProps(Profile profile) {
    DeviceProps.HistorySyncConfig history =
        DeviceProps.HistorySyncConfig.newBuilder()
            .setStorageQuotaMb(HISTORY_STORAGE_QUOTA_MB)
            .setInlineInitialPayloadInE2EeMsg(true)
            .setSupportCallLogHistory(false)
            .setSupportBotUserAgentChatHistory(true)
            .setSupportCagReactionsAndPolls(true)
            .setSupportBizHostedMsg(true)
            .setSupportRecentSyncChunkMessageCountTuning(true)
            .setSupportHostedGroupMsg(true)
            .setSupportFbidBotChatHistory(true)
            .setSupportMessageAssociation(true)
            .build();
    return DeviceProps.newBuilder()
        .setOs(profile.osName())
        .setPlatformType(profile.platformType())
        .setRequireFullSync(profile.syncFullHistory())
        .setHistorySyncConfig(history)
        .build()
        .toByteArray();
  }

  private static ClientPayload.Builder base(Profile profile) {
    AppVersion v = profile.version();
    UserAgent userAgent =
        UserAgent.newBuilder()
            .setPlatform(UserAgent.Platform.WEB)
            .setAppVersion(
                UserAgent.AppVersion.newBuilder()
                    .setPrimary(v.primary())
                    .setSecondary(v.secondary())
                    .setTertiary(v.tertiary()))
            .setMcc(MCC)
            .setMnc(MNC)
            .setOsVersion(OS_VERSION)
            .setDevice(DEVICE)
            .setOsBuildNumber(OS_BUILD_NUMBER)
            .setReleaseChannel(UserAgent.ReleaseChannel.RELEASE)
            .setLocaleLanguageIso6391(LANGUAGE)
            .setLocaleCountryIso31661Alpha2(profile.countryCode())
            .build();
    return ClientPayload.newBuilder()
        .setUserAgent(userAgent)
        .setWebInfo(WebInfo.newBuilder().setWebSubPlatform(profile.webSubPlatform()))
        .setConnectType(ClientPayload.ConnectType.WIFI_UNKNOWN)
        .setConnectReason(ClientPayload.ConnectReason.USER_ACTIVATED);
  }

  private static byte[] bigEndian(int value, int bytes) {
    byte[] out = new byte[bytes];
    for (int i = bytes - 1, v = value; i >= 0; i--, v >>>= 8) {
      out[i] = (byte) v;
    }
    return out;
  }

  /**
   * A WhatsApp Web version {@code primary.secondary.tertiary}, e.g. {@code 2.3000.1035194821}. The
   * parts are uint32 on the wire: an {@code int} here, read as unsigned.
   */
  public record AppVersion(int primary, int secondary, int tertiary) {

    /** Parses {@code "2.3000.1035194821"}. */
    public static AppVersion parse(String dotted) {
      String[] parts = Objects.requireNonNull(dotted, "dotted").split("\\.", -1);
      if (parts.length != 3) {
        throw new ValidationException("version must look like 2.3000.1035194821: " + dotted);
      }
      try {
        return new AppVersion(
            Integer.parseUnsignedInt(parts[0]),
            Integer.parseUnsignedInt(parts[1]),
            Integer.parseUnsignedInt(parts[2]));
      } catch (NumberFormatException e) {
        throw new ValidationException("version must look like 2.3000.1035194821: " + dotted);
      }
    }

    /** The version as {@code primary.secondary.tertiary}, unsigned. */
    public String dotted() {
      return Integer.toUnsignedString(primary)
          + "."
          + Integer.toUnsignedString(secondary)
          + "."
          + Integer.toUnsignedString(tertiary);
    }

    @Override
    public String toString() {
      return dotted();
    }
  }

  /**
   * What the client says about itself.
   *
   * @param version the WhatsApp Web version (too old a version is refused with failure 405)
   * @param osName the name the phone shows under "Linked devices" (DeviceProps {@code os}), e.g.
   *     {@code "Ubuntu"}, {@code "Mac OS"}
   * @param browser the browser name, picks the icon (DeviceProps platform type), e.g. {@code
   *     "Chrome"}; an unknown name shows as Chrome
   * @param countryCode ISO 3166-1 alpha-2 country of the user agent, e.g. {@code "US"}
   * @param syncFullHistory whether to ask the phone for the full history
   */
  public record Profile(
      AppVersion version,
      String osName,
      String browser,
      String countryCode,
      boolean syncFullHistory) {
    public Profile {
      Objects.requireNonNull(version, "version");
      if (osName == null || osName.isBlank()) {
        throw new ValidationException("osName must not be blank");
      }
      if (browser == null || browser.isBlank()) {
        throw new ValidationException("browser must not be blank");
      }
      if (countryCode == null || countryCode.isBlank()) {
        throw new ValidationException("countryCode must not be blank");
      }
    }

    /** Ubuntu / Chrome, US, the default version, no full history. */
    public static Profile defaults() {
      return new Profile(DEFAULT_VERSION, "Ubuntu", "Chrome", "US", false);
    }

    public Profile withVersion(AppVersion newVersion) {
      return new Profile(newVersion, osName, browser, countryCode, syncFullHistory);
    }

    DeviceProps.PlatformType platformType() {
      try {
        return DeviceProps.PlatformType.valueOf(browser.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return DeviceProps.PlatformType.CHROME;
      }
    }

    WebInfo.WebSubPlatform webSubPlatform() {
      if (syncFullHistory && "Mac OS".equals(osName)) {
        return WebInfo.WebSubPlatform.DARWIN;
      }
      if (syncFullHistory && "Windows".equals(osName)) {
        return WebInfo.WebSubPlatform.WIN32;
      }
      return WebInfo.WebSubPlatform.WEB_BROWSER;
    }
  }
}
