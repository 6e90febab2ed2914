package dev.wagateway.core.internal.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.HandshakeProtos.HandshakeMessage;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.transport.Endpoints;
import dev.wagateway.core.wire.WireException;
import java.time.Clock;
import java.util.Objects;

/**
 * The client (initiator) side of WhatsApp's Noise XX handshake (docs/protocol/transport.md §3.4),
 * one per connection:
 *
 * <ol>
 *   <li>{@link #clientHello()}: {@code -> e}; send it as {@code FrameCodec.introFrame(...)}.
 *   <li>{@link #readServerHelloAndWriteFinish}: {@code <- e, ee, s, es} plus the certificate chain,
 *       verified; then {@code -> s, se} with the encrypted ClientPayload.
 *   <li>{@link #finish()}: the split into the transport {@link NoiseCipher}.
 * </ol>
 *
 * Not thread-safe; calls out of order throw {@link IllegalStateException}.
 */
public final class NoiseHandshake {
  private enum Stage {
    NEW,
    HELLO_SENT,
    FINISH_SENT,
    DONE,
    FAILED
  }

  private final KeyPair staticNoiseKey;
  private final KeyPair ephemeralKey;
  private final CertChainVerifier verifier;
  private final SymmetricState state = new SymmetricState(FrameCodec.connectionHeader());
  private Stage stage = Stage.NEW;
  private byte[] serverStaticKey;

  /**
   * @param staticNoiseKey the device's long-term Noise key pair ({@code s})
   * @param ephemeralKey a fresh key pair for this connection ({@code e})
   * @param trustedRootPublicKey the certificate root the server's chain must lead to
   * @param clock "now" for the certificates' validity windows
   */
  public NoiseHandshake(
      KeyPair staticNoiseKey, KeyPair ephemeralKey, byte[] trustedRootPublicKey, Clock clock) {
    this.staticNoiseKey = Objects.requireNonNull(staticNoiseKey, "staticNoiseKey");
    this.ephemeralKey = Objects.requireNonNull(ephemeralKey, "ephemeralKey");
    this.verifier = new CertChainVerifier(trustedRootPublicKey, clock);
  }

  /** A handshake against production WhatsApp: the production root key and the system clock. */
  public NoiseHandshake(KeyPair staticNoiseKey, KeyPair ephemeralKey) {
    this(staticNoiseKey, ephemeralKey, Endpoints.productionRootKey(), Clock.systemUTC());
  }

  /** Serialized {@code HandshakeMessage{clientHello{ephemeral}}}; mixes {@code e} into the hash. */
  public byte[] clientHello() {
    expect(Stage.NEW);
    byte[] ephemeral = ephemeralKey.publicKey();
    state.mixHash(ephemeral);
    stage = Stage.HELLO_SENT;
    return HandshakeMessage.newBuilder()
        .setClientHello(
            HandshakeMessage.ClientHello.newBuilder().setEphemeral(ByteString.copyFrom(ephemeral)))
        .build()
        .toByteArray();
  }

  /**
   * Processes the server's {@code HandshakeMessage{serverHello}}: decrypts and checks the server
   * static key and certificate chain, then returns {@code HandshakeMessage{clientFinish}} carrying
   * our encrypted static key and {@code clientPayload}.
   *
   * @throws WireException code {@code handshake_failed} when the message is malformed, does not
   *     decrypt, or the certificate chain fails a check (the message names which)
   */
  public byte[] readServerHelloAndWriteFinish(byte[] serverHelloMessage, byte[] clientPayload)
      throws WireException {
    expect(Stage.HELLO_SENT);
    Objects.requireNonNull(clientPayload, "clientPayload");
    stage = Stage.FAILED;
    HandshakeMessage.ServerHello hello = parseServerHello(serverHelloMessage);
    byte[] serverEphemeral = hello.getEphemeral().toByteArray();

    state.mixHash(serverEphemeral);
    state.mixKey(agree(serverEphemeral, ephemeralKey, "ephemeral-ephemeral"));
    byte[] serverStatic = decrypt(hello.getStatic().toByteArray(), "server static key");
    if (serverStatic.length != 32) {
      throw new WireException(
          "handshake_failed", "server static key is " + serverStatic.length + " bytes, not 32");
    }
    state.mixKey(agree(serverStatic, ephemeralKey, "ephemeral-static"));
    byte[] certChain = decrypt(hello.getPayload().toByteArray(), "certificate chain");
    verifier.verify(certChain, serverStatic);
    serverStaticKey = serverStatic;

    byte[] encryptedStatic = state.encryptAndHash(staticNoiseKey.publicKey());
    state.mixKey(agree(serverEphemeral, staticNoiseKey, "static-ephemeral"));
    byte[] encryptedPayload = state.encryptAndHash(clientPayload);
    stage = Stage.FINISH_SENT;
    return HandshakeMessage.newBuilder()
        .setClientFinish(
            HandshakeMessage.ClientFinish.newBuilder()
                .setStatic(ByteString.copyFrom(encryptedStatic))
                .setPayload(ByteString.copyFrom(encryptedPayload)))
        .build()
        .toByteArray();
  }

  /** Splits into the transport cipher; call once, after the ClientFinish was produced. */
  public NoiseCipher finish() {
    expect(Stage.FINISH_SENT);
    stage = Stage.DONE;
    return NoiseCipher.forInitiator(state.split());
  }

  /** The server's static key as decrypted and certified during the handshake. */
  public byte[] serverStaticKey() {
    if (serverStaticKey == null) {
      throw new IllegalStateException("server static key not known before the ServerHello");
    }
    return serverStaticKey.clone();
  }

  private static HandshakeMessage.ServerHello parseServerHello(byte[] message)
      throws WireException {
    HandshakeMessage parsed;
    try {
      parsed = HandshakeMessage.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      throw new WireException("handshake_failed", "malformed ServerHello protobuf", e);
    }
    if (!parsed.hasServerHello()) {
      throw new WireException("handshake_failed", "handshake message carries no ServerHello");
    }
    HandshakeMessage.ServerHello hello = parsed.getServerHello();
    if (hello.getEphemeral().size() != 32) {
      throw new WireException(
          "handshake_failed",
          "ServerHello ephemeral is " + hello.getEphemeral().size() + " bytes, not 32");
    }
    if (!hello.hasStatic() || !hello.hasPayload()) {
      throw new WireException("handshake_failed", "ServerHello lacks static key or payload");
    }
    return hello;
  }

  private byte[] decrypt(byte[] ciphertext, String what) throws WireException {
    try {
      return state.decryptAndHash(ciphertext);
    } catch (WireException e) {
      throw new WireException("handshake_failed", "cannot decrypt " + what, e);
    }
  }

  private static byte[] agree(byte[] publicKey, KeyPair own, String which) throws WireException {
    try {
      return Curve.agree(publicKey, own.privateKey());
    } catch (CryptoException e) {
      throw new WireException("handshake_failed", "bad server key (" + which + " DH)", e);
    }
  }

  private void expect(Stage expected) {
    if (stage != expected) {
      throw new IllegalStateException("handshake is at " + stage + ", expected " + expected);
    }
  }
}
