package dev.wagateway.egress.agent.internal.tunnel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The node key of docs/egress-tunnel.md §3.2-3.3: EC P-256, ECDSA/SHA-256 signatures (DER) over the
 * transcript {@code "wagateway-tunnel-v1" 0x00 nonce 0x00 subject}. Standard JCA only, so the same
 * code runs on Android (where the real app keeps the key in the Android Keystore).
 */
public final class NodeKeys {
  static final byte[] LABEL = "wagateway-tunnel-v1".getBytes(StandardCharsets.US_ASCII);
  public static final int NONCE_BYTES = 32;
  private static final java.math.BigInteger P256_ORDER =
      new java.math.BigInteger(
          "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private NodeKeys() {}

  public static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 unavailable", e);
    }
  }

  public static byte[] transcript(byte[] nonce, String subject) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(LABEL, 0, LABEL.length);
    out.write(0);
    out.write(nonce, 0, nonce.length);
    out.write(0);
    byte[] s = subject.getBytes(StandardCharsets.UTF_8);
    out.write(s, 0, s.length);
    return out.toByteArray();
  }

  public static String sign(PrivateKey key, byte[] nonce, String subject) {
    try {
      Signature sig = Signature.getInstance("SHA256withECDSA");
      sig.initSign(key);
      sig.update(transcript(nonce, subject));
      return b64(sig.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  /** Verifies a base64url DER signature; false for anything malformed. */
  public static boolean verify(PublicKey key, byte[] nonce, String subject, String signature) {
    try {
      byte[] der = Base64.getUrlDecoder().decode(signature);
      Signature sig = Signature.getInstance("SHA256withECDSA");
      sig.initVerify(key);
      sig.update(transcript(nonce, subject));
      return sig.verify(der);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Parses a base64url X.509 SubjectPublicKeyInfo; it must be an EC P-256 key. */
  public static PublicKey publicKey(String b64url) throws TunnelProtocolException {
    try {
      byte[] der = Base64.getUrlDecoder().decode(b64url);
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      if (!(key instanceof ECPublicKey)
          || !P256_ORDER.equals(((ECPublicKey) key).getParams().getOrder())) {
        throw new TunnelProtocolException("publicKey is not an EC P-256 key");
      }
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new TunnelProtocolException("publicKey is not a valid EC public key");
    }
  }

  public static PrivateKey privateKey(String b64url) throws GeneralSecurityException {
    try {
      return KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getUrlDecoder().decode(b64url)));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("private key is not valid base64url", e);
    }
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] unb64(String text) throws TunnelProtocolException {
    try {
      return Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new TunnelProtocolException("bad base64url");
    }
  }
}
