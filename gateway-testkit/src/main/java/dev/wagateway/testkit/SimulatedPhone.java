package dev.wagateway.testkit;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.pairing.PairingCodeCrypto;
import dev.wagateway.core.internal.pairing.PrimaryAdv;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.testkit.PhoneException.Reason;
import dev.wagateway.testkit.internal.PresentedPayload;
import dev.wagateway.testkit.internal.QrPayload;
import dev.wagateway.testkit.internal.ServerStanzas;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A primary phone on the {@link WaSimulator}: an account ({@code <phone>@s.whatsapp.net}, a LID, an
 * account identity key) that links companion devices the way the real phone does, by scanning their
 * QR code ({@link #scanQr}) or by the user typing the pairing code they show ({@link
 * #enterPairingCode}), and can unlink them ({@link #unlink}).
 *
 * <p>Pairing runs on the caller's thread and waits at most the simulator's phone timeout for each
 * answer of the companion. The primary side of the cryptography is core's ({@link PrimaryAdv},
 * {@link PairingCodeCrypto}), the mirror of what the companion verifies.
 */
public final class SimulatedPhone {
  private final WaSimulator simulator;
  private final Accounts accounts;
  private final String phoneDigits;
  private final String pushName;
  private final SecureRandom random;
  private final KeyPair identity;
  private final int rawId;
  private final String lidUser;
  private final AtomicInteger nextDeviceId = new AtomicInteger(1);
  private volatile String platform = "android";
  private volatile String businessName;
  private volatile boolean hosted;

  SimulatedPhone(
      WaSimulator simulator,
      Accounts accounts,
      String phoneDigits,
      String pushName,
      SecureRandom random) {
    this(
        simulator,
        accounts,
        random,
        new Saved(
            phoneDigits,
            pushName,
            Curve.generateKeyPair(random),
            random.nextInt() & 0x7FFF_FFFF,
            Long.toString(100_000_000_000_000L + (random.nextLong() >>> 1) % 900_000_000_000_000L),
            1,
            "android",
            null,
            false));
  }

  /** A phone as it was saved (see {@link SimulatorState}). */
  SimulatedPhone(WaSimulator simulator, Accounts accounts, SecureRandom random, Saved saved) {
    this.simulator = simulator;
    this.accounts = accounts;
    this.phoneDigits = saved.phoneDigits();
    this.pushName = saved.pushName();
    this.random = random;
    this.identity = saved.identity();
    this.rawId = saved.rawId();
    this.lidUser = saved.lidUser();
    this.nextDeviceId.set(saved.nextDeviceId());
    this.platform = saved.platform();
    this.businessName = saved.businessName();
    this.hosted = saved.hosted();
  }

  /** What {@link SimulatorState} keeps of a phone across a restart of the simulator. */
  record Saved(
      String phoneDigits,
      String pushName,
      KeyPair identity,
      int rawId,
      String lidUser,
      int nextDeviceId,
      String platform,
      String businessName,
      boolean hosted) {}

  Saved saved() {
    return new Saved(
        phoneDigits,
        pushName,
        identity,
        rawId,
        lidUser,
        nextDeviceId.get(),
        platform,
        businessName,
        hosted);
  }

  /** The account's phone number, digits only. */
  public String phoneDigits() {
    return phoneDigits;
  }

  /** {@code <phone>@s.whatsapp.net}. */
  public String jid() {
    return phoneDigits + "@s.whatsapp.net";
  }

  /** The account's LID user JID, {@code <15 digits>@lid}. */
  public String lid() {
    return lidUser + "@lid";
  }

  /** The account's push name (sent as {@code display_name} in success), or null. */
  public String pushName() {
    return pushName;
  }

  /** The account identity public key (32 bytes): the key that signs linked devices. */
  public byte[] identityPublicKey() {
    return identity.publicKey();
  }

  /** The primary's platform named in pair-success ({@code android} by default). */
  public String platform() {
    return platform;
  }

  /** Sets the platform named in later pair-success stanzas, e.g. {@code smba} or {@code iphone}. */
  public SimulatedPhone platform(String name) {
    this.platform = Objects.requireNonNull(name, "name");
    return this;
  }

  /** The business name sent as {@code <biz name>} in pair-success, or null. */
  public String businessName() {
    return businessName;
  }

  /** Makes this a business account: later pair-success stanzas carry {@code <biz name>}. */
  public SimulatedPhone businessName(String name) {
    this.businessName = name;
    return this;
  }

  /** Whether this is a hosted (business cloud) account. */
  public boolean hosted() {
    return hosted;
  }

  /**
   * Makes later pair-success stanzas HOSTED (docs/protocol/pairing.md §3.3): account and device
   * type HOSTED, the HMAC over {@code 06 05 || details} and the account signature under {@code 06
   * 05}.
   */
  public SimulatedPhone hosted(boolean enabled) {
    this.hosted = enabled;
    return this;
  }

  /** The devices currently linked to this phone. */
  public List<LinkedDevice> linkedDevices() {
    return accounts.linkedDevices(this);
  }

  /**
   * Scans a companion's QR code and links it: checks the QR's keys against the registration
   * handshake, sends pair-success, verifies the companion's pair-device-sign, then ends the stream
   * with 515 so the companion logs in.
   *
   * @param qr the link form ({@code https://wa.me/settings/linked_devices#ref,noise,identity,adv,
   *     type}) or the bare four-part form
   * @throws PhoneException if the QR does not name a waiting companion ({@code qr_malformed},
   *     {@code qr_unknown_connection}, {@code qr_key_mismatch}, {@code qr_ref_expired}) or the
   *     pairing did not complete ({@code pairing_rejected}, {@code bad_device_signature}, {@code
   *     bad_device_identity}, {@code pairing_timeout})
   */
  public Paired scanQr(String qr) {
    return requireLinked(scanQr(qr, PairingFault.NONE));
  }

  /**
   * Scans a QR code and sends a pair-success with {@code fault}; returns how the companion reacted
   * instead of throwing for it.
   *
   * @throws PhoneException only if the QR does not name a waiting companion
   */
  public Paired scanQr(String qr, PairingFault fault) {
    QrPayload payload;
    try {
      payload = QrPayload.parse(qr);
    } catch (QrPayload.MalformedQrException e) {
      throw new PhoneException(Reason.QR_MALFORMED, e.getMessage());
    }
    List<SimulatedConnection> candidates = accounts.registrationsByNoiseKey(payload.noiseKey());
    if (candidates.isEmpty()) {
      throw new PhoneException(
          Reason.QR_UNKNOWN_CONNECTION, "no companion is connected with the QR's noise key");
    }
    SimulatedConnection connection = candidates.get(0);
    PresentedPayload.Registration registration = connection.presented().registration();
    if (!MessageDigest.isEqual(registration.identityKey(), payload.identityKey())) {
      throw new PhoneException(
          Reason.QR_KEY_MISMATCH, "the QR's identity key is not the one the companion registered");
    }
    checkRef(connection, payload.ref());
    return pair(connection, registration, payload.advSecret(), fault);
  }

  /**
   * Types a pairing code shown by a companion that asked for one with this phone's number: answers
   * its companion_hello with primary_hello, opens its key bundle, and links it as {@link #scanQr}
   * does. Waits up to the phone timeout for the companion_hello to arrive.
   *
   * @param code the code as shown, {@code XXXX-XXXX} or 8 characters
   * @throws PhoneException {@code code_no_pending} when no companion asked, {@code code_mismatch}
   *     when the bundle does not decrypt (a wrong code), {@code key_mismatch}, or the pairing
   *     failures of {@link #scanQr(String)}
   * @throws dev.wagateway.core.GatewayException.ValidationException if {@code code} is not a code
   */
  public Paired enterPairingCode(String code) {
    return requireLinked(enterPairingCode(code, PairingFault.NONE));
  }

  /** {@link #enterPairingCode(String)} with a fault in the final pair-success. */
  public Paired enterPairingCode(String code, PairingFault fault) {
    PairingCode typed = PairingCode.parse(code);
    SimulatedConnection connection;
    try {
      connection = accounts.awaitCodeRequest(phoneDigits, simulator.phoneTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PhoneException(Reason.PAIRING_TIMEOUT, "interrupted while waiting", e);
    }
    if (connection == null) {
      throw new PhoneException(
          Reason.CODE_NO_PENDING, "no companion asked for a pairing code for " + phoneDigits);
    }
    CodeRequest request = connection.codeRequest();
    request.markUsed();
    connection.pairingStarted(true);
    PresentedPayload.Registration registration = connection.presented().registration();

    byte[] companionEphemeral =
        PairingCodeCrypto.unwrapEphemeral(typed, request.wrappedEphemeral());
    KeyPair primaryEphemeral = Curve.generateKeyPair(random);
    byte[] wrappedPrimary =
        PairingCodeCrypto.wrapEphemeral(typed, primaryEphemeral.publicKey(), random);
    connection.send(
        ServerStanzas.primaryHello(
            simulator.nextId(),
            simulator.now().getEpochSecond(),
            request.ref(),
            identity.publicKey(),
            wrappedPrimary));

    BinaryNode finish;
    try {
      finish = request.finish.get(simulator.phoneTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new PhoneException(Reason.PAIRING_TIMEOUT, "the companion sent no companion_finish");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PhoneException(Reason.PAIRING_TIMEOUT, "interrupted while waiting", e);
    }
    byte[] bundle = ServerBehaviour.bytes(finish.child("link_code_pairing_wrapped_key_bundle"));
    byte[] companionIdentity = ServerBehaviour.bytes(finish.child("companion_identity_public"));
    PairingCodeCrypto.OpenedBundle opened;
    try {
      opened =
          PairingCodeCrypto.openKeyBundle(primaryEphemeral, identity, companionEphemeral, bundle);
    } catch (CryptoException e) {
      throw new PhoneException(
          Reason.CODE_MISMATCH, "the companion's key bundle does not open: wrong code?", e);
    }
    if (companionIdentity == null
        || !MessageDigest.isEqual(opened.companionIdentityPublicKey(), companionIdentity)
        || !MessageDigest.isEqual(companionIdentity, registration.identityKey())) {
      throw new PhoneException(
          Reason.KEY_MISMATCH, "the key bundle's identity is not the one the companion registered");
    }
    return pair(connection, registration, opened.advSecret(), fault);
  }

  /**
   * Unlinks a device from this phone: the server ends its open connections with {@code
   * <stream:error code="401"><conflict type="device_removed"/></stream:error>} and refuses its
   * later logins with failure 401.
   *
   * @throws PhoneException {@code not_linked} if it is not a device linked to this phone
   */
  public void unlink(String deviceJid) {
    DeviceEntry entry = accounts.device(deviceJid);
    if (entry == null || entry.phone != this || !entry.linked) {
      throw new PhoneException(Reason.NOT_LINKED, deviceJid + " is not linked to this phone");
    }
    for (SimulatedConnection connection : accounts.unlink(deviceJid)) {
      connection.sendDeviceRemoved();
    }
  }

  @Override
  public String toString() {
    return "SimulatedPhone[" + jid() + "]";
  }

  // ---- the pairing itself ----

  private void checkRef(SimulatedConnection connection, String ref) {
    if (connection.pairingStarted()) {
      throw new PhoneException(Reason.QR_REF_EXPIRED, "this companion's refs were already used");
    }
    List<String> refs = connection.refs();
    int index = refs.indexOf(ref);
    if (index < 0) {
      throw new PhoneException(
          Reason.QR_REF_EXPIRED, "the QR's ref was not issued to this companion");
    }
    Instant expires = simulator.refExpiry(connection.refsIssuedAt(), index);
    if (simulator.now().isAfter(expires)) {
      throw new PhoneException(Reason.QR_REF_EXPIRED, "the QR's ref has expired");
    }
  }

  private Paired pair(
      SimulatedConnection connection,
      PresentedPayload.Registration registration,
      byte[] advSecret,
      PairingFault fault) {
    connection.pairingStarted(true);
    accounts.changed();
    int deviceId = nextDeviceId.getAndIncrement();
    int keyIndex = deviceId;
    long now = simulator.now().getEpochSecond();
    byte[] companionIdentity = registration.identityKey();
    boolean hostedAccount = hosted;
    byte[] details = PrimaryAdv.deviceIdentity(rawId, now, keyIndex, hostedAccount);
    KeyPair signer =
        fault == PairingFault.BAD_ACCOUNT_SIGNATURE ? Curve.generateKeyPair(random) : identity;
    byte[] accountSignature =
        PrimaryAdv.accountSignature(signer, details, companionIdentity, random);
    byte[] hmacKey = advSecret;
    if (fault == PairingFault.BAD_HMAC) {
      hmacKey = new byte[32];
      random.nextBytes(hmacKey);
    }
    byte[] container =
        PrimaryAdv.hmacContainer(
            details, identity.publicKey(), accountSignature, hmacKey, hostedAccount);
    String jid = phoneDigits + ":" + deviceId + "@s.whatsapp.net";
    String lid = lidUser + ":" + deviceId + "@lid";
    BinaryNode pairSuccess =
        ServerStanzas.pairSuccess(
            simulator.nextId(), now, container, platform, jid, lid, businessName);

    if (fault == PairingFault.DROP_AFTER_PAIR_SUCCESS) {
      connection.sendThen(pairSuccess, connection::drop);
      return new Paired(Paired.Outcome.DROPPED, jid, lid, deviceId, keyIndex, 0, null, connection);
    }
    BinaryNode reply;
    try {
      reply =
          connection
              .sendIq(pairSuccess)
              .get(simulator.phoneTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return new Paired(Paired.Outcome.NO_REPLY, jid, lid, deviceId, keyIndex, 0, null, connection);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PhoneException(Reason.PAIRING_TIMEOUT, "interrupted while waiting", e);
    }
    if ("error".equals(reply.attr("type"))) {
      BinaryNode error = reply.child("error");
      int code = 0;
      String text = null;
      if (error != null) {
        text = error.attr("text");
        try {
          code = Integer.parseInt(error.attr("code"));
        } catch (NumberFormatException e) {
          code = 0;
        }
      }
      return new Paired(
          Paired.Outcome.REJECTED, jid, lid, deviceId, keyIndex, code, text, connection);
    }
    BinaryNode sign = reply.child("pair-device-sign");
    BinaryNode signedIdentity = sign == null ? null : sign.child("device-identity");
    byte[] account;
    try {
      if (signedIdentity == null
          || !Integer.toString(keyIndex).equals(signedIdentity.attr("key-index"))) {
        throw new CryptoException(
            ErrorCode.BAD_DEVICE_IDENTITY,
            "pair-device-sign has no device-identity with our key-index");
      }
      account =
          PrimaryAdv.checkDeviceSign(
              ServerBehaviour.bytes(signedIdentity),
              details,
              accountSignature,
              identity.publicKey(),
              companionIdentity);
    } catch (CryptoException e) {
      connection.close();
      return new Paired(
          Paired.Outcome.BAD_DEVICE_SIGN, jid, lid, deviceId, keyIndex, 0, e.code(), connection);
    }
    if (fault != PairingFault.NONE) {
      connection.close();
      return new Paired(
          Paired.Outcome.SIGNED_FAULTY, jid, lid, deviceId, keyIndex, 0, null, connection);
    }
    accounts.link(
        new DeviceEntry(
            this,
            jid,
            lid,
            deviceId,
            keyIndex,
            connection.clientStaticKey(),
            registration,
            simulator.now(),
            account,
            encStatic()));
    connection.sendStreamError(515);
    return new Paired(Paired.Outcome.LINKED, jid, lid, deviceId, keyIndex, 0, null, connection);
  }

  private String encStatic() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Paired requireLinked(Paired paired) {
    return switch (paired.outcome()) {
      case LINKED -> paired;
      case REJECTED ->
          throw new PhoneException(
              Reason.PAIRING_REJECTED,
              "the companion refused pair-success: "
                  + paired.errorCode()
                  + " "
                  + paired.errorText());
      case BAD_DEVICE_SIGN ->
          throw new PhoneException(
              Reason.ofDeviceSignCheck(paired.errorText()),
              "the companion's pair-device-sign does not verify");
      default ->
          throw new PhoneException(
              Reason.PAIRING_TIMEOUT, "the companion did not answer pair-success in time");
    };
  }
}
