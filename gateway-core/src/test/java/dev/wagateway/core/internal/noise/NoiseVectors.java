package dev.wagateway.core.internal.noise;

import com.squareup.moshi.Moshi;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain;
import dev.wagateway.core.internal.proto.HandshakeProtos.CertChain.NoiseCertificate;
import dev.wagateway.core.store.DeviceCredentials.SignedPreKey;
import dev.wagateway.core.store.KeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Typed access to noise.json for the tests (values are read, never assumed). */
final class NoiseVectors {
  final Map<String, Object> root;

  private NoiseVectors(Map<String, Object> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  static NoiseVectors load() {
    try {
      Object parsed =
          new Moshi.Builder().build().adapter(Object.class).fromJson(Vectors.text("noise.json"));
      return new NoiseVectors((Map<String, Object>) parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String key) {
    Object v = ((Map<String, Object>) o).get(key);
    if (v == null) {
      throw new IllegalStateException("noise.json lacks " + key);
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o, String key) {
    return (List<Object>) ((Map<String, Object>) o).get(key);
  }

  @SuppressWarnings("unchecked")
  static String str(Object o, String key) {
    Object v = ((Map<String, Object>) o).get(key);
    if (v == null) {
      throw new IllegalStateException("noise.json lacks " + key);
    }
    return (String) v;
  }

  @SuppressWarnings("unchecked")
  static long num(Object o, String key) {
    return ((Number) ((Map<String, Object>) o).get(key)).longValue();
  }

  static byte[] hex(Object o, String key) {
    return Vectors.hex(str(o, key));
  }

  Map<String, Object> section(String key) {
    return map(root, key);
  }

  /**
   * A key pair from noise.json "keys", derived from its private key and checked against its public.
   */
  KeyPair keyPair(String name) {
    Map<String, Object> k = map(section("keys"), name);
    KeyPair pair = Curve.keyPairFromPrivate(hex(k, "private"));
    if (!java.util.Arrays.equals(pair.publicKey(), hex(k, "public"))) {
      throw new IllegalStateException("public key of " + name + " does not match its private key");
    }
    return pair;
  }

  SignedPreKey signedPreKey() {
    Map<String, Object> k = map(section("keys"), "client_signed_prekey");
    return new SignedPreKey(
        (int) num(k, "keyId"), keyPair("client_signed_prekey"), hex(k, "signature"));
  }

  byte[] certChain() {
    return hex(section("cert_chain"), "bytes");
  }

  /** A clock inside both certificates' validity windows: the later of the two notBefore. */
  Clock clockInsideCertificates() {
    try {
      CertChain chain = CertChain.parseFrom(certChain());
      long a = NoiseCertificate.Details.parseFrom(chain.getLeaf().getDetails()).getNotBefore();
      long b =
          NoiseCertificate.Details.parseFrom(chain.getIntermediate().getDetails()).getNotBefore();
      return Clock.fixed(Instant.ofEpochSecond(Math.max(a, b) + 1), ZoneOffset.UTC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Profile recorded in a client_payloads entry's "config". */
  static ClientPayloads.Profile profile(Map<String, Object> payloadVector) {
    Map<String, Object> config = map(payloadVector, "config");
    List<Object> version = list(config, "version");
    List<Object> browser = list(config, "browser");
    return new ClientPayloads.Profile(
        new dev.wagateway.core.WaVersion(
            ((Number) version.get(0)).intValue(),
            ((Number) version.get(1)).intValue(),
            (int) ((Number) version.get(2)).longValue()),
        (String) browser.get(0),
        (String) browser.get(1),
        str(config, "countryCode"),
        Boolean.TRUE.equals(config.get("syncFullHistory")));
  }
}
