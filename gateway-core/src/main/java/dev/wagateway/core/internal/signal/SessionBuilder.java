package dev.wagateway.core.internal.signal;

import static dev.wagateway.core.ErrorCode.BAD_SIGNED_PREKEY_SIGNATURE;
import static dev.wagateway.core.ErrorCode.NO_PREKEY;
import static dev.wagateway.core.ErrorCode.NO_SIGNED_PREKEY;

import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.store.KeyPair;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * X3DH as WhatsApp uses it (Signal v3): building a session from a fetched bundle (we are Alice) and
 * from an incoming pkmsg (we are Bob). The signed prekey's signature is always verified.
 */
final class SessionBuilder {
  private static final byte[] DISCONTINUITY = filled(32, (byte) 0xFF);

  private SessionBuilder() {}

  /**
   * Builds a new initiator state from {@code bundle} and makes it current (archiving the old one).
   * Draws, in order, the base key pair and the first sending ratchet key pair from {@code random}.
   *
   * @throws CryptoException {@code bad_signed_prekey_signature} when the bundle's signed prekey is
   *     not signed by its identity key; the record is then unchanged
   */
  static void processBundle(
      SessionRecord record, PreKeyBundle bundle, LocalIdentity us, SecureRandom random) {
    byte[] theirIdentity = bundle.identityKey();
    byte[] theirSignedPreKey = bundle.signedPreKey();
    if (!Curve.verify(theirIdentity, theirSignedPreKey, bundle.signedPreKeySignature())) {
      throw new CryptoException(
          BAD_SIGNED_PREKEY_SIGNATURE,
          "the bundle's signed prekey " + bundle.signedPreKeyId() + " has a bad signature");
    }
    KeyPair baseKey = Curve.generateKeyPair(random);
    ByteArrayOutputStream master = new ByteArrayOutputStream(160);
    master.writeBytes(DISCONTINUITY);
    master.writeBytes(Curve.agree(theirSignedPreKey, us.identityKey().privateKey()));
    master.writeBytes(Curve.agree(theirIdentity, baseKey.privateKey()));
    master.writeBytes(Curve.agree(theirSignedPreKey, baseKey.privateKey()));
    if (bundle.preKey() != null) {
      master.writeBytes(Curve.agree(bundle.preKey(), baseKey.privateKey()));
    }
    byte[] derived = deriveMaster(master.toByteArray());

    KeyPair sendingRatchet = Curve.generateKeyPair(random);
    SignalCrypto.RootAndChain sending =
        SignalCrypto.createChain(
            Arrays.copyOfRange(derived, 0, 32), theirSignedPreKey, sendingRatchet);

    SessionState state = new SessionState();
    state.localIdentity = us.publicKey33();
    state.remoteIdentity = theirIdentity;
    state.localRegistrationId = us.registrationId();
    state.remoteRegistrationId = bundle.registrationId();
    state.rootKey = sending.rootKey();
    state.senderRatchet = sendingRatchet;
    state.senderChain = sending.chainKey();
    state.previousCounter = 0;
    state.baseKey = Keys.prefixed(baseKey.publicKey());
    state.initiator = true;
    state.pendingPreKey =
        new SessionState.PendingPreKey(
            bundle.preKeyId(), bundle.signedPreKeyId(), Keys.prefixed(baseKey.publicKey()));
    record.promoteState(state);
  }

  /**
   * Makes the record ready to decrypt {@code message}. If a state built from the message's base key
   * exists already (the peer has not yet seen our reply), nothing is built and empty is returned.
   * Otherwise a responder state is built and made current, and the id of the one-time prekey it
   * used (if any) is returned so the caller can delete it after a successful decrypt.
   */
  static BuildResult processPreKeyMessage(
      SessionRecord record, PreKeySignalMessage message, LocalIdentity us, PreKeyLookup keys) {
    if (record.hasStateWithBaseKey(message.baseKey())) {
      return new BuildResult(false, OptionalInt.empty());
    }
    KeyPair signedPreKey =
        keys.signedPreKey(message.signedPreKeyId())
            .orElseThrow(
                () ->
                    new CryptoException(
                        NO_SIGNED_PREKEY, "no signed prekey with id " + message.signedPreKeyId()));
    KeyPair oneTimePreKey = null;
    if (message.preKeyId().isPresent()) {
      int id = message.preKeyId().getAsInt();
      oneTimePreKey =
          keys.oneTimePreKey(id)
              .orElseThrow(
                  () -> new CryptoException(NO_PREKEY, "no one-time prekey with id " + id));
    }
    byte[] theirIdentity = message.identityKey();
    byte[] theirBaseKey = message.baseKey();
    ByteArrayOutputStream master = new ByteArrayOutputStream(160);
    master.writeBytes(DISCONTINUITY);
    master.writeBytes(Curve.agree(theirIdentity, signedPreKey.privateKey()));
    master.writeBytes(Curve.agree(theirBaseKey, us.identityKey().privateKey()));
    master.writeBytes(Curve.agree(theirBaseKey, signedPreKey.privateKey()));
    if (oneTimePreKey != null) {
      master.writeBytes(Curve.agree(theirBaseKey, oneTimePreKey.privateKey()));
    }
    byte[] derived = deriveMaster(master.toByteArray());

    SessionState state = new SessionState();
    state.localIdentity = us.publicKey33();
    state.remoteIdentity = theirIdentity;
    state.localRegistrationId = us.registrationId();
    state.remoteRegistrationId = message.registrationId();
    state.rootKey = Arrays.copyOfRange(derived, 0, 32);
    state.senderRatchet = signedPreKey;
    state.senderChain = new ChainKey(Arrays.copyOfRange(derived, 32, 64), 0);
    state.previousCounter = 0;
    state.baseKey = theirBaseKey;
    state.initiator = false;
    record.promoteState(state);
    return new BuildResult(true, message.preKeyId());
  }

  private static byte[] deriveMaster(byte[] master) {
    return Hkdf.derive(master, null, SignalCrypto.INFO_TEXT, 64);
  }

  private static byte[] filled(int n, byte value) {
    byte[] out = new byte[n];
    Arrays.fill(out, value);
    return out;
  }

  /** Whether a new state was built, and the one-time prekey it consumed. */
  record BuildResult(boolean built, OptionalInt usedPreKeyId) {}
}
