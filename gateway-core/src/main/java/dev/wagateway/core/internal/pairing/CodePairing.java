package dev.wagateway.core.internal.pairing;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * What a phone-code pairing keeps in memory between {@code companion_hello} and {@code
 * companion_finish} (docs/protocol/pairing.md §4.3): the phone number, the code, the ephemeral key
 * pair and, once the server answered, its ref. Immutable; {@link #withRef} gives the next state.
 * Never persisted and never printed ({@link #toString()} hides the code and keys).
 */
public final class CodePairing {
  private final String phoneDigits;
  private final PairingCode code;
  private final KeyPair ephemeral;
  private final byte[] ref;

  private CodePairing(String phoneDigits, PairingCode code, KeyPair ephemeral, byte[] ref) {
    this.phoneDigits = phoneDigits;
    this.code = code;
    this.ephemeral = ephemeral;
    this.ref = ref;
  }

  /**
   * Starts a pairing for {@code phone} (validated and reduced to digits by {@link
   * PhoneNumbers#normalize}) with a fresh code and ephemeral key pair: 5 bytes for the code, then
   * 32 for the key, drawn from {@code random}.
   *
   * @throws dev.wagateway.core.GatewayException.ValidationException if the phone number is not
   *     plausible
   */
  public static CodePairing start(String phone, SecureRandom random) {
    String digits = PhoneNumbers.normalize(phone);
    PairingCode code = PairingCode.generate(random);
    return new CodePairing(digits, code, Curve.generateKeyPair(random), null);
  }

  /** Starts a pairing with a code and ephemeral key pair chosen by the caller. */
  public static CodePairing start(String phone, PairingCode code, KeyPair ephemeral) {
    if (code == null || ephemeral == null) {
      throw new IllegalArgumentException("code and ephemeral key pair must be given");
    }
    return new CodePairing(PhoneNumbers.normalize(phone), code, ephemeral, null);
  }

  /** The phone number as digits, e.g. {@code 15551234567}. */
  public String phoneDigits() {
    return phoneDigits;
  }

  /** {@code <digits>@s.whatsapp.net}: the {@code jid} attribute of both stages (no device). */
  public String phoneJid() {
    return phoneDigits + "@s.whatsapp.net";
  }

  public PairingCode code() {
    return code;
  }

  public KeyPair ephemeral() {
    return ephemeral;
  }

  /** The server's {@code link_code_pairing_ref}, or null before the companion_hello result. */
  public byte[] ref() {
    return ref == null ? null : ref.clone();
  }

  /** The 80-byte wrapped ephemeral public key for {@code companion_hello} (draws salt and IV). */
  public byte[] wrappedEphemeral(SecureRandom random) {
    return PairingCodeCrypto.wrapEphemeral(code, ephemeral.publicKey(), random);
  }

  /** This pairing with the ref from the {@code companion_hello} result. */
  public CodePairing withRef(byte[] serverRef) {
    if (serverRef == null || serverRef.length == 0) {
      throw new CryptoException(ErrorCode.PAIRING_REF_MISSING, "companion_hello result has no ref");
    }
    return new CodePairing(phoneDigits, code, ephemeral, serverRef.clone());
  }

  /** True when {@code hello} answers this pairing (its ref equals ours). */
  public boolean matches(PrimaryHello hello) {
    return ref != null && MessageDigest.isEqual(ref, hello.ref());
  }

  /**
   * Stage 3: the key bundle for {@code companion_finish} and the new ADV secret, which replaces the
   * stored one before {@code pair-success} arrives.
   *
   * @throws CryptoException {@code pairing_ref_mismatch} if {@code hello} is not for this pairing,
   *     or a crypto failure code from {@link PairingCodeCrypto#companionFinish}
   */
  public PairingCodeCrypto.KeyBundle finish(
      KeyPair identity, PrimaryHello hello, SecureRandom random) {
    if (!matches(hello)) {
      throw new CryptoException(
          ErrorCode.PAIRING_REF_MISMATCH, "primary_hello does not answer the pending pairing");
    }
    return PairingCodeCrypto.companionFinish(
        code,
        ephemeral,
        identity,
        hello.wrappedPrimaryEphemeral(),
        hello.primaryIdentityPublicKey(),
        random);
  }

  @Override
  public String toString() {
    return "CodePairing[ref " + (ref == null ? "pending" : "known") + "]";
  }
}
