package dev.wagateway.core.internal.signal;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.store.PreKeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Signal protocol for one hosted session (one linked device), over its {@link GatewayStore}.
 *
 * <p>Every operation loads what it needs, works on it in memory and writes every change (session or
 * sender-key record, consumed one-time prekey, peer identity) in ONE store transaction before it
 * returns; a ciphertext is only handed out after the state that produced it is durable, so a crash
 * can never make us reuse a message key. A failed decrypt changes nothing.
 *
 * <p>Operations on the same address (or group and sender) are serialised within this instance; use
 * one instance per session id.
 *
 * <p>Identity changes: WhatsApp re-keys when a peer reinstalls, so the default policy {@link
 * IdentityChangePolicy#ACCEPT} trusts a new identity key (as Baileys and whatsmeow's default do):
 * the new session is built, the old state is archived and the new key stored. {@link
 * IdentityChangePolicy#REJECT} raises {@code untrusted_identity} instead.
 *
 * <p>Plaintexts are taken and returned as they are: pad {@code v="2"} payloads with {@link Padding}
 * before {@link #encrypt} and unpad after {@link #decrypt}.
 */
public final class SignalProtocol {
  private static final Logger log = LoggerFactory.getLogger(SignalProtocol.class);

  private static final int LOCK_STRIPES = 64;

  /** What to do when a peer's identity key differs from the one we stored. */
  public enum IdentityChangePolicy {
    /** Trust the new key, archive the old session and store the key (WhatsApp behaviour). */
    ACCEPT,
    /** Refuse with {@code untrusted_identity}. */
    REJECT
  }

  private final GatewayStore store;
  private final String sessionId;
  private final SecureRandom random;
  private final IdentityChangePolicy identityPolicy;
  private final Object[] locks = new Object[LOCK_STRIPES];

  public SignalProtocol(GatewayStore store, String sessionId, SecureRandom random) {
    this(store, sessionId, random, IdentityChangePolicy.ACCEPT);
  }

  public SignalProtocol(
      GatewayStore store,
      String sessionId,
      SecureRandom random,
      IdentityChangePolicy identityPolicy) {
    this.store = Objects.requireNonNull(store, "store");
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.random = Objects.requireNonNull(random, "random");
    this.identityPolicy = Objects.requireNonNull(identityPolicy, "identityPolicy");
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * The Signal address of a device, {@code user[_domainType].device}, the key of its session,
   * identity and sender-key rows (docs/protocol/messaging.md §1.10).
   */
  public static String address(String user, int domainType, int device) {
    if (user == null || user.isEmpty() || domainType < 0 || device < 0) {
      throw new ValidationException("bad Signal address parts");
    }
    return domainType == 0 ? user + "." + device : user + "_" + domainType + "." + device;
  }

  /** Whether a usable session with {@code address} exists. */
  public boolean hasSession(String address) {
    requireAddress(address);
    return store.inTransaction(
        sessionId,
        tx -> loadSession(tx, address).map(SessionRecord::hasCurrentState).orElse(false));
  }

  /**
   * Builds a new session with {@code address} from a fetched bundle, after verifying the signed
   * prekey's signature. An existing session is archived.
   *
   * @throws CryptoException {@code bad_signed_prekey_signature}, or {@code untrusted_identity}
   *     under {@link IdentityChangePolicy#REJECT}
   */
  public void processBundle(String address, PreKeyBundle bundle) {
    requireAddress(address);
    Objects.requireNonNull(bundle, "bundle");
    locked(
        address,
        () ->
            store.inTransaction(
                sessionId,
                tx -> {
                  checkIdentity(tx, address, bundle.identityKey());
                  SessionRecord record = loadSession(tx, address).orElseGet(SessionRecord::new);
                  SessionBuilder.processBundle(record, bundle, localIdentity(tx), random);
                  tx.signalSessions().store(address, record.serialize());
                  tx.identities().put(address, Keys.unprefixed(bundle.identityKey()));
                  return null;
                }));
  }

  /**
   * Encrypts {@code plaintext} for {@code address}; the advanced session is stored before the
   * ciphertext is returned.
   *
   * @throws CryptoException {@code no_session} when there is no session
   */
  public EncryptResult encrypt(String address, byte[] plaintext) {
    requireAddress(address);
    Objects.requireNonNull(plaintext, "plaintext");
    return locked(
        address,
        () ->
            store.inTransaction(
                sessionId,
                tx -> {
                  SessionRecord record =
                      loadSession(tx, address)
                          .orElseThrow(
                              () ->
                                  new CryptoException(
                                      ErrorCode.NO_SESSION, "no session with the address"));
                  EncryptResult result = SessionCipher.encrypt(record, plaintext);
                  tx.signalSessions().store(address, record.serialize());
                  if (tx.identities().get(address).isEmpty()) {
                    tx.identities()
                        .put(address, Keys.unprefixed(record.currentState().remoteIdentity));
                  }
                  return result;
                }));
  }

  /**
   * Work on a decrypted plaintext inside the store transaction that stores the Signal state that
   * decrypted it: what it writes through {@code tx} commits together with that state, and if it
   * throws, neither commits (the decrypt then throws the same exception and can be done again).
   */
  @FunctionalInterface
  public interface DecryptedWork {
    void accept(DeviceStore tx, byte[] plaintext);
  }

  private static final DecryptedWork NO_WORK = (tx, plaintext) -> {};

  /**
   * Decrypts a 1:1 message of {@code type} {@code "pkmsg"} or {@code "msg"} from {@code address}.
   * For a pkmsg the new session, the peer identity and the deletion of the consumed one-time prekey
   * are stored together.
   *
   * @throws CryptoException {@code bad_mac}, {@code duplicate_message}, {@code too_many_skipped},
   *     {@code no_session}, {@code no_prekey}, {@code no_signed_prekey}, {@code invalid_message},
   *     {@code untrusted_identity}
   */
  public byte[] decrypt(String address, String type, byte[] ciphertext) {
    return decrypt(address, type, ciphertext, null, NO_WORK);
  }

  /**
   * {@link #decrypt(String, String, byte[])}, then {@code inTransaction} on the plaintext in the
   * same transaction (e.g. journal it so that a crash before the ack cannot lose it, and install
   * the sender key it carries with {@link #installSenderKey}).
   *
   * @param senderKeyGroup the group whose sender key from {@code address} the work may install, so
   *     that it is locked together with the session; null when it installs none
   */
  public byte[] decrypt(
      String address,
      String type,
      byte[] ciphertext,
      String senderKeyGroup,
      DecryptedWork inTransaction) {
    requireAddress(address);
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(inTransaction, "inTransaction");
    String alsoLocked = senderKeyGroup == null ? address : senderKeyLock(senderKeyGroup, address);
    PreKeySignalMessage preKeyMessage;
    SignalMessage message;
    if (EncryptResult.PKMSG.equals(type)) {
      preKeyMessage = PreKeySignalMessage.parse(ciphertext);
      message = null;
    } else if (EncryptResult.MSG.equals(type)) {
      preKeyMessage = null;
      message = SignalMessage.parse(ciphertext);
    } else {
      throw new ValidationException("unknown 1:1 message type: " + type);
    }
    return locked(
        address,
        alsoLocked,
        () ->
            store.inTransaction(
                sessionId,
                tx -> {
                  byte[] plaintext =
                      preKeyMessage != null
                          ? decryptPreKey(tx, address, preKeyMessage)
                          : decryptMessage(tx, address, message);
                  inTransaction.accept(tx, plaintext);
                  return plaintext;
                }));
  }

  /** Deletes the session and stored identity of {@code address} (e.g. on an identity notice). */
  public void deleteSession(String address) {
    requireAddress(address);
    locked(
        address,
        () ->
            store.inTransaction(
                sessionId,
                tx -> {
                  tx.signalSessions().delete(address);
                  tx.identities().remove(address);
                  return null;
                }));
  }

  /**
   * Our SenderKeyDistributionMessage for {@code groupId}, creating our sender key first if there is
   * none. Send it (pairwise-encrypted) to every device that has not had it.
   */
  public byte[] createSenderKeyDistribution(String groupId, String ownAddress) {
    requireGroup(groupId, ownAddress);
    return locked(
        senderKeyLock(groupId, ownAddress),
        () ->
            store.inTransaction(
                sessionId,
                tx -> {
                  SenderKeyRecord record = loadSenderKey(tx, groupId, ownAddress);
                  SenderKeyDistributionMessage message = GroupSessionBuilder.create(record, random);
                  tx.senderKeys().store(groupId, ownAddress, record.serialize());
                  return message.serialize();
                }));
  }

  /**
   * Encrypts {@code plaintext} with our sender key for {@code groupId} (an skmsg); the advanced
   * chain is stored before the ciphertext is returned.
   *
   * @throws CryptoException {@code no_sender_key} if {@link #createSenderKeyDistribution} was never
   *     called for the group
   */
  public byte[] groupEncrypt(String groupId, String ownAddress, byte[] plaintext) {
    requireGroup(groupId, ownAddress);
    Objects.requireNonNull(plaintext, "plaintext");
    return locked(
        senderKeyLock(groupId, ownAddress),
        () ->
            store.inTransaction(
                sessionId,
                tx -> {
                  SenderKeyRecord record = loadSenderKey(tx, groupId, ownAddress);
                  byte[] ciphertext = GroupCipher.encrypt(record, plaintext, random);
                  tx.senderKeys().store(groupId, ownAddress, record.serialize());
                  return ciphertext;
                }));
  }

  /** Stores the sender key that {@code senderAddress} distributed for {@code groupId}. */
  public void processSenderKeyDistribution(
      String groupId, String senderAddress, byte[] distributionMessage) {
    requireGroup(groupId, senderAddress);
    SenderKeyDistributionMessage message =
        SenderKeyDistributionMessage.parse(Objects.requireNonNull(distributionMessage, "skdm"));
    locked(
        senderKeyLock(groupId, senderAddress),
        () ->
            store.inTransaction(
                sessionId,
                tx -> {
                  install(tx, groupId, senderAddress, message);
                  return null;
                }));
  }

  /**
   * {@link #processSenderKeyDistribution} inside the caller's transaction {@code tx}: for a {@link
   * DecryptedWork} of {@link #decrypt(String, String, byte[], String, DecryptedWork)} that named
   * {@code groupId} as its {@code senderKeyGroup}, or of {@link #groupDecrypt(String, String,
   * byte[], DecryptedWork)} for the same group and sender (those hold the lock of the record).
   *
   * @throws CryptoException {@code invalid_message} when the distribution message is malformed
   *     (before anything is written)
   */
  public void installSenderKey(
      DeviceStore tx, String groupId, String senderAddress, byte[] distributionMessage) {
    Objects.requireNonNull(tx, "tx");
    requireGroup(groupId, senderAddress);
    install(
        tx,
        groupId,
        senderAddress,
        SenderKeyDistributionMessage.parse(Objects.requireNonNull(distributionMessage, "skdm")));
  }

  private static void install(
      DeviceStore tx, String groupId, String senderAddress, SenderKeyDistributionMessage message) {
    SenderKeyRecord record = loadSenderKey(tx, groupId, senderAddress);
    GroupSessionBuilder.process(record, message);
    tx.senderKeys().store(groupId, senderAddress, record.serialize());
  }

  /**
   * Decrypts an skmsg from {@code senderAddress} in {@code groupId}.
   *
   * @throws CryptoException {@code no_sender_key}, {@code bad_signature}, {@code
   *     duplicate_message}, {@code too_many_skipped}, {@code invalid_message}
   */
  public byte[] groupDecrypt(String groupId, String senderAddress, byte[] ciphertext) {
    return groupDecrypt(groupId, senderAddress, ciphertext, NO_WORK);
  }

  /**
   * {@link #groupDecrypt(String, String, byte[])}, then {@code inTransaction} on the plaintext in
   * the same transaction as the advanced sender-key chain.
   */
  public byte[] groupDecrypt(
      String groupId, String senderAddress, byte[] ciphertext, DecryptedWork inTransaction) {
    requireGroup(groupId, senderAddress);
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(inTransaction, "inTransaction");
    return locked(
        senderKeyLock(groupId, senderAddress),
        () ->
            store.inTransaction(
                sessionId,
                tx -> {
                  Optional<byte[]> stored = tx.senderKeys().load(groupId, senderAddress);
                  if (stored.isEmpty()) {
                    throw new CryptoException(
                        ErrorCode.NO_SENDER_KEY, "no sender key for the group and sender");
                  }
                  SenderKeyRecord record = SenderKeyRecord.deserialize(stored.get());
                  byte[] plaintext = GroupCipher.decrypt(record, ciphertext);
                  tx.senderKeys().store(groupId, senderAddress, record.serialize());
                  inTransaction.accept(tx, plaintext);
                  return plaintext;
                }));
  }

  private byte[] decryptPreKey(DeviceStore tx, String address, PreKeySignalMessage message) {
    checkIdentity(tx, address, message.identityKey());
    SessionRecord record = loadSession(tx, address).orElseGet(SessionRecord::new);
    DeviceCredentials credentials = credentials(tx);
    LocalIdentity us = new LocalIdentity(credentials.identityKey(), credentials.registrationId());
    PreKeyStore preKeys = tx.preKeys();
    PreKeyLookup lookup =
        new PreKeyLookup() {
          @Override
          public Optional<KeyPair> signedPreKey(int id) {
            DeviceCredentials.SignedPreKey spk = credentials.signedPreKey();
            return spk.id() == id ? Optional.of(spk.keyPair()) : Optional.empty();
          }

          @Override
          public Optional<KeyPair> oneTimePreKey(int id) {
            return preKeys.get(id).map(PreKeyStore.PreKey::keyPair);
          }
        };
    SessionCipher.PreKeyDecryptResult result =
        SessionCipher.decryptPreKey(record, message, us, lookup, random);
    tx.signalSessions().store(address, record.serialize());
    tx.identities().put(address, Keys.unprefixed(message.identityKey()));
    // Every consumed one-time prekey is deleted (as Baileys does). The Go port keeps id 0xFFFFFF
    // as a "last resort" key, but our prekey ids wrap at 0xFFFFFF, so it is an ordinary key here.
    result.usedPreKeyId().ifPresent(preKeys::remove);
    return result.plaintext();
  }

  private byte[] decryptMessage(DeviceStore tx, String address, SignalMessage message) {
    SessionRecord record =
        loadSession(tx, address)
            .orElseThrow(
                () -> new CryptoException(ErrorCode.NO_SESSION, "no session with the address"));
    byte[] plaintext = SessionCipher.decrypt(record, message, random);
    tx.signalSessions().store(address, record.serialize());
    return plaintext;
  }

  private void checkIdentity(DeviceStore tx, String address, byte[] identityKey) {
    Optional<byte[]> known = tx.identities().get(address);
    if (known.isEmpty()
        || Arrays.equals(Keys.unprefixed(known.get()), Keys.unprefixed(identityKey))) {
      return;
    }
    if (identityPolicy == IdentityChangePolicy.REJECT) {
      throw new CryptoException(ErrorCode.UNTRUSTED_IDENTITY, "the peer's identity key changed");
    }
    log.info("peer identity key changed; trusting the new key and re-keying the session");
  }

  private static Optional<SessionRecord> loadSession(DeviceStore tx, String address) {
    return tx.signalSessions().load(address).map(SessionRecord::deserialize);
  }

  private static SenderKeyRecord loadSenderKey(DeviceStore tx, String groupId, String sender) {
    return tx.senderKeys()
        .load(groupId, sender)
        .map(SenderKeyRecord::deserialize)
        .orElseGet(SenderKeyRecord::new);
  }

  private static DeviceCredentials credentials(DeviceStore tx) {
    return tx.credentials()
        .load()
        .orElseThrow(
            () -> new CryptoException(ErrorCode.NO_IDENTITY, "no device credentials stored"));
  }

  private static LocalIdentity localIdentity(DeviceStore tx) {
    DeviceCredentials credentials = credentials(tx);
    return new LocalIdentity(credentials.identityKey(), credentials.registrationId());
  }

  private static String senderKeyLock(String groupId, String senderAddress) {
    return groupId + '\u0000' + senderAddress;
  }

  private <T> T locked(String key, Supplier<T> work) {
    synchronized (locks[stripe(key)]) {
      return work.get();
    }
  }

  /**
   * Holds the locks of two keys, always taking the lower stripe first, so that two such calls can
   * never wait for each other; every other operation holds one stripe and takes no other.
   */
  private <T> T locked(String first, String second, Supplier<T> work) {
    int a = stripe(first);
    int b = stripe(second);
    synchronized (locks[Math.min(a, b)]) {
      synchronized (locks[Math.max(a, b)]) {
        return work.get();
      }
    }
  }

  private static int stripe(String key) {
    return Math.floorMod(key.hashCode(), LOCK_STRIPES);
  }

  private static void requireAddress(String address) {
    if (address == null || address.isBlank()) {
      throw new ValidationException("Signal address must not be blank");
    }
  }

  private static void requireGroup(String groupId, String address) {
    if (groupId == null || groupId.isBlank()) {
      throw new ValidationException("group id must not be blank");
    }
    requireAddress(address);
  }
}
