package dev.wagateway.testkit.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.noise.FrameCodec;
import dev.wagateway.core.internal.noise.NoiseCipher;
import dev.wagateway.core.internal.noise.SymmetricState;
import dev.wagateway.core.internal.proto.HandshakeProtos.HandshakeMessage;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.wire.WireException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The server (responder) side of WhatsApp's Noise XX handshake, for the simulator. One per
 * connection:
 *
 * <ol>
 *   <li>strip the intro from the first client bytes with an {@link IntroDecoder}, then read the
 *       frames with a {@link FrameCodec.Decoder};
 *   <li>{@link #readClientHello}: {@code <- e};
 *   <li>{@link #writeServerHello()}: {@code -> e, ee, s, es} plus the encrypted certificate chain;
 *   <li>{@link #readClientFinish}: {@code <- s, se} and the ClientPayload;
 *   <li>{@link #finish()}: the server's transport {@link NoiseCipher}.
 * </ol>
 *
 * Every step is recorded in {@link #trace()} ({@code h}, {@code ck}, {@code k}, {@code n}) so tests
 * can compare with the interop vectors. Not thread-safe.
 */
public final class NoiseResponder {
  private enum Stage {
    AWAIT_HELLO,
    HELLO_READ,
    HELLO_SENT,
    FINISH_READ,
    DONE,
    FAILED
  }

  private final KeyPair staticKey;
  private final KeyPair ephemeralKey;
  private final byte[] certChain;
  private final SymmetricState state = new SymmetricState(FrameCodec.connectionHeader());
  private final List<Step> trace = new ArrayList<>();
  private Stage stage = Stage.AWAIT_HELLO;
  private byte[] clientEphemeral;
  private NoiseCipher.Keys keys;

  /**
   * @param staticKey the server's static Noise key pair (the leaf certificate's key)
   * @param ephemeralKey this connection's server ephemeral key pair
   * @param certChain the serialized {@code CertChain} sent (encrypted) in the ServerHello
   */
  public NoiseResponder(KeyPair staticKey, KeyPair ephemeralKey, byte[] certChain) {
    this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
    this.ephemeralKey = Objects.requireNonNull(ephemeralKey, "ephemeralKey");
    this.certChain = Objects.requireNonNull(certChain, "certChain").clone();
    record("init+header");
  }

  /** A responder with a fresh ephemeral key drawn from {@code random}. */
  public NoiseResponder(KeyPair staticKey, byte[] certChain, SecureRandom random) {
    this(staticKey, Curve.generateKeyPair(random), certChain);
  }

  /**
   * Reads {@code HandshakeMessage{clientHello{ephemeral}}} (the frame after the intro).
   *
   * @throws WireException code {@code handshake_failed} when it is malformed
   */
  public void readClientHello(byte[] handshakeMessage) throws WireException {
    expect(Stage.AWAIT_HELLO);
    stage = Stage.FAILED;
    HandshakeMessage message = parse(handshakeMessage, "ClientHello");
    if (!message.hasClientHello() || message.getClientHello().getEphemeral().size() != 32) {
      throw fail("ClientHello lacks a 32-byte ephemeral key");
    }
    clientEphemeral = message.getClientHello().getEphemeral().toByteArray();
    state.mixHash(clientEphemeral);
    record("client e");
    stage = Stage.HELLO_READ;
  }

  /** Serialized {@code HandshakeMessage{serverHello{ephemeral, enc(static), enc(certChain)}}}. */
  public byte[] writeServerHello() throws WireException {
    expect(Stage.HELLO_READ);
    stage = Stage.FAILED;
    byte[] ephemeral = ephemeralKey.publicKey();
    state.mixHash(ephemeral);
    record("server e");
    state.mixKey(agree(clientEphemeral, ephemeralKey));
    record("ee");
    byte[] encryptedStatic = state.encryptAndHash(staticKey.publicKey());
    record("enc server s");
    state.mixKey(agree(clientEphemeral, staticKey));
    record("es");
    byte[] encryptedChain = state.encryptAndHash(certChain);
    record("enc cert payload");
    stage = Stage.HELLO_SENT;
    return HandshakeMessage.newBuilder()
        .setServerHello(
            HandshakeMessage.ServerHello.newBuilder()
                .setEphemeral(ByteString.copyFrom(ephemeral))
                .setStatic(ByteString.copyFrom(encryptedStatic))
                .setPayload(ByteString.copyFrom(encryptedChain)))
        .build()
        .toByteArray();
  }

  /**
   * Reads {@code HandshakeMessage{clientFinish}}: decrypts the client's static key and its
   * ClientPayload.
   *
   * @throws WireException code {@code handshake_failed} when it is malformed or does not decrypt
   */
  public ClientFinish readClientFinish(byte[] handshakeMessage) throws WireException {
    expect(Stage.HELLO_SENT);
    stage = Stage.FAILED;
    HandshakeMessage message = parse(handshakeMessage, "ClientFinish");
    if (!message.hasClientFinish()
        || !message.getClientFinish().hasStatic()
        || !message.getClientFinish().hasPayload()) {
      throw fail("ClientFinish lacks static key or payload");
    }
    byte[] clientStatic =
        decrypt(message.getClientFinish().getStatic().toByteArray(), "client static key");
    if (clientStatic.length != 32) {
      throw fail("client static key is " + clientStatic.length + " bytes, not 32");
    }
    record("dec client s");
    state.mixKey(agree(clientStatic, ephemeralKey));
    record("se");
    byte[] payload =
        decrypt(message.getClientFinish().getPayload().toByteArray(), "client payload");
    record("dec client payload");
    stage = Stage.FINISH_READ;
    return new ClientFinish(clientStatic, payload);
  }

  /** Splits into the server's transport cipher (the client's keys swapped). Call once. */
  public NoiseCipher finish() {
    expect(Stage.FINISH_READ);
    keys = state.split();
    stage = Stage.DONE;
    return NoiseCipher.forResponder(keys);
  }

  /** The split keys, named from the client's side; known after {@link #finish()}. */
  public NoiseCipher.Keys keys() {
    if (keys == null) {
      throw new IllegalStateException("keys are known only after finish()");
    }
    return keys;
  }

  /** The handshake state after each step so far, in order. */
  public List<Step> trace() {
    return List.copyOf(trace);
  }

  private void record(String step) {
    trace.add(
        new Step(
            step, state.handshakeHash(), state.chainingKey(), state.cipherKey(), state.nonce()));
  }

  private byte[] decrypt(byte[] ciphertext, String what) throws WireException {
    try {
      return state.decryptAndHash(ciphertext);
    } catch (WireException e) {
      throw new WireException("handshake_failed", "cannot decrypt " + what, e);
    }
  }

  private static byte[] agree(byte[] publicKey, KeyPair own) throws WireException {
    try {
      return Curve.agree(publicKey, own.privateKey());
    } catch (CryptoException e) {
      throw new WireException("handshake_failed", "bad client key in DH", e);
    }
  }

  private static HandshakeMessage parse(byte[] bytes, String what) throws WireException {
    try {
      return HandshakeMessage.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new WireException("handshake_failed", "malformed " + what + " protobuf", e);
    }
  }

  private static WireException fail(String message) {
    return new WireException("handshake_failed", message);
  }

  private void expect(Stage expected) {
    if (stage != expected) {
      throw new IllegalStateException("responder is at " + stage + ", expected " + expected);
    }
  }

  /** What the client proved in its ClientFinish. */
  public record ClientFinish(byte[] clientStaticKey, byte[] clientPayload) {
    public ClientFinish {
      clientStaticKey = clientStaticKey.clone();
      clientPayload = clientPayload.clone();
    }

    @Override
    public byte[] clientStaticKey() {
      return clientStaticKey.clone();
    }

    @Override
    public byte[] clientPayload() {
      return clientPayload.clone();
    }
  }

  /** The symmetric state after one handshake step. */
  public record Step(String name, byte[] h, byte[] ck, byte[] k, long n) {
    @Override
    public String toString() {
      return "Step[" + name + ", n=" + n + "]";
    }
  }

  /**
   * Strips the client's intro ({@code ED 00 01 ‖ uint24 len ‖ routing info}, optional, then {@code
   * 57 41 06 03}) from the first bytes of a connection, however they are chunked. Bounded: routing
   * info longer than {@link #MAX_ROUTING_INFO} is refused. Not thread-safe.
   */
  public static final class IntroDecoder {
    /** Largest routing info accepted (real ones are a few bytes). */
    public static final int MAX_ROUTING_INFO = 4096;

    private static final byte[] HEADER = FrameCodec.connectionHeader();

    private byte[] buffer = new byte[0];
    private Intro intro;

    /**
     * Consumes {@code chunk}; returns the intro with the bytes after it once it is complete, null
     * while more bytes are needed.
     *
     * @throws WireException code {@code bad_intro} when the bytes are not an intro
     */
    public Intro feed(byte[] chunk) throws WireException {
      if (intro != null) {
        throw new IllegalStateException("intro already complete");
      }
      byte[] joined = new byte[buffer.length + chunk.length];
      System.arraycopy(buffer, 0, joined, 0, buffer.length);
      System.arraycopy(chunk, 0, joined, buffer.length, chunk.length);
      buffer = joined;

      int at = 0;
      byte[] routingInfo = null;
      if (buffer.length > 0 && buffer[0] == 'E') {
        if (!matches(buffer, 0, new byte[] {'E', 'D', 0, 1})) {
          throw new WireException("bad_intro", "edge-routing header is not ED 00 01");
        }
        if (buffer.length < 7) {
          return null;
        }
        int length = ((buffer[4] & 0xFF) << 16) | ((buffer[5] & 0xFF) << 8) | (buffer[6] & 0xFF);
        if (length > MAX_ROUTING_INFO) {
          throw new WireException("bad_intro", "routing info of " + length + " bytes is too long");
        }
        if (buffer.length < 7 + length) {
          return null;
        }
        routingInfo = Arrays.copyOfRange(buffer, 7, 7 + length);
        at = 7 + length;
      }
      if (!matches(buffer, at, HEADER)) {
        throw new WireException("bad_intro", "connection header is not 57 41 06 03");
      }
      if (buffer.length < at + HEADER.length) {
        return null;
      }
      intro = new Intro(routingInfo, Arrays.copyOfRange(buffer, at + HEADER.length, buffer.length));
      buffer = null;
      return intro;
    }

    /** Compares the bytes present so far with {@code expected} at {@code at}. */
    private static boolean matches(byte[] data, int at, byte[] expected) {
      for (int i = 0; i < expected.length && at + i < data.length; i++) {
        if (data[at + i] != expected[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A complete intro.
   *
   * @param routingInfo the ED routing info, or null when the client sent none
   * @param rest the bytes that followed the intro (the start of the first frame)
   */
  public record Intro(byte[] routingInfo, byte[] rest) {}
}
