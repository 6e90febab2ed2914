package dev.wagateway.core.internal.noise;

import com.google.protobuf.ByteString;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.WaVersion;
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
 * Builds the ClientPayload sent encrypted in ClientFinish (docs/protocol/transport.md §4): the
 * registration shape for a device that is not paired yet, the login shape for a paired one.
 * Sessions send {@link Shape#WHATSMEOW}, whatsmeow's current shape ({@code store/clientpayload.go}
 * at 6eefbff4/33cfac51: a login is passive, pulls, says its LID database is migrated, {@code lc=1},
 * and the user agent carries an empty manufacturer). {@link Shape#BAILEYS_6} is the shape the
 * recorded interop vectors were made with (Baileys 6.7: an active login without {@code
 * lidDbMigrated} or {@code lc}), kept so those vectors are still reproduced byte for byte; clients
 * that send it are flagged as automation (../shared/protocol/currency-2026.md row 1b).
 */
public final class ClientPayloads {
  /** The WhatsApp Web version sent when the caller configures none ({@link WaVersion#DEFAULT}). */
  public static final WaVersion DEFAULT_VERSION = WaVersion.DEFAULT;

  private static final String MCC = "000";
  private static final String MNC = "000";
  private static final String OS_VERSION = "0.1";
  private static final String DEVICE = "Desktop";
  private static final String OS_BUILD_NUMBER = "0.1";
  private static final String LANGUAGE = "en";
  private static final int HISTORY_STORAGE_QUOTA_MB = 10240;

  private ClientPayloads() {}

  /** Which client's payload shape to copy. */
  public enum Shape {
    /** whatsmeow's current shape: what sessions send. */
    WHATSMEOW,
    /** Baileys 6.7's shape, as in the recorded interop vectors. */
    BAILEYS_6
  }

  /**
   * Registration payload: base ‖ {@code passive=false}, {@code pull=false}, {@code
   * devicePairingData} from the device's Signal keys.
   */
  public static byte[] registration(Profile profile, DeviceCredentials credentials) {
    return registration(
        Shape.WHATSMEOW,
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
      Shape shape,
      Profile profile,
      int registrationId,
      byte[] identityPublicKey,
      SignedPreKey signedPreKey) {
    Objects.requireNonNull(shape, "shape");
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
    return base(shape, profile)
        .setPassive(false)
        .setPull(false)
        .setDevicePairingData(pairing)
        .build()
        .toByteArray();
  }

  /** The login payload in {@link Shape#WHATSMEOW}, what sessions send. */
  public static byte[] login(Profile profile, long username, int device) {
    return login(Shape.WHATSMEOW, profile, username, device);
  }

  /**
   * Login payload for a paired device: base ‖ {@code username} (the account's phone number, the
   * user part of our JID), {@code device} (the {@code :N} of our JID), {@code pull=true}; for
   * whatsmeow also {@code passive=true}, {@code lc=1} and {@code lidDbMigrated=true}, for Baileys 6
   * {@code passive=false}.
   */
  public static byte[] login(Shape shape, Profile profile, long username, int device) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(profile, "profile");
    if (username <= 0) {
      throw new ValidationException("login username must be a positive phone number");
    }
    if (device < 0) {
      throw new ValidationException("device id must not be negative");
    }
    ClientPayload.Builder login = base(shape, profile).setUsername(username);
    if (shape == Shape.BAILEYS_6) {
      return login.setPassive(false).setPull(true).setDevice(device).build().toByteArray();
    }
    // store/clientpayload.go getLoginPayload: Passive=true, Pull=true, LidDbMigrated=true, Lc=1
    return login
        .setPassive(true)
        .setPull(true)
        .setDevice(device)
        .setLc(1)
        .setLidDbMigrated(true)
        .build()
        .toByteArray();
  }

  /** {@code MD5("primary.secondary.tertiary")}, the registration's build hash. */
  static byte[] buildHash(WaVersion version) {
    Memo<WaVersion> memo = lastBuildHash;
    if (memo != null && memo.key().equals(version)) {
      return memo.value().clone();
    }
    byte[] hash;
    try {
      hash =
          MessageDigest.getInstance("MD5")
              .digest(version.format().getBytes(StandardCharsets.US_ASCII));
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

  private static volatile Memo<WaVersion> lastBuildHash;
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

  private static ClientPayload.Builder base(Shape shape, Profile profile) {
    WaVersion v = profile.version();
    UserAgent.Builder userAgent =
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
            .setLocaleCountryIso31661Alpha2(profile.countryCode());
    if (shape == Shape.WHATSMEOW) {
      // BaseClientPayload sets Manufacturer to "" (present, empty); Baileys leaves it out
      userAgent.setManufacturer("");
    }
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
      WaVersion version,
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

    public Profile withVersion(WaVersion newVersion) {
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
