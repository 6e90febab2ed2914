package dev.wagateway.core.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import dev.wagateway.core.wire.WireException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The symmetric-state walk of docs/protocol/transport.md §3.8 (computed independently of Baileys
 * with Python cryptography and Node crypto): both sides' SymmetricState pass through every listed
 * value.
 */
class DossierHandshakeVectorTest {
  private static KeyPair key(int first) {
    byte[] priv = new byte[32];
    for (int i = 0; i < 32; i++) {
      priv[i] = (byte) (first + i);
    }
    return Curve.keyPairFromPrivate(priv);
  }

  @Test
  void everyIntermediateValue() throws WireException {
    KeyPair clientE = key(0x01);
    KeyPair serverE = key(0x21);
    KeyPair serverS = key(0x41);
    KeyPair clientS = key(0x61);
    assertEquals(
        "07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c",
        hex(clientE.publicKey()));
    assertEquals(
        "5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b",
        hex(serverE.publicKey()));
    assertEquals(
        "64b101b1d0be5a8704bd078f9895001fc03e8e9f9522f188dd128d9846d48466",
        hex(serverS.publicKey()));
    assertEquals(
        "244fe3b963e899dd295baffce248d3530f3a9a7479ba063002680ebfe7adad49",
        hex(clientS.publicKey()));

    SymmetricState c = new SymmetricState(FrameCodec.connectionHeader());
    SymmetricState s = new SymmetricState(FrameCodec.connectionHeader());
    assertEquals(
        "ffff0c9267310966f1311170c04b38c79504285bf5edf763e5c946492a50a755", hex(c.handshakeHash()));

    c.mixHash(clientE.publicKey());
    s.mixHash(clientE.publicKey());
    assertEquals(
        "e49fb71a9b327b55fa622cbc4eb1f3d9578ac13165bf689c152ef6b3254aa6f7", hex(c.handshakeHash()));
    c.mixHash(serverE.publicKey());
    s.mixHash(serverE.publicKey());
    assertEquals(
        "b61bd517e2c88d738edcb01ca12fdc0a586fd267c44efb269b362ce7108f2099", hex(c.handshakeHash()));

    c.mixKey(Curve.agree(serverE.publicKey(), clientE.privateKey()));
    s.mixKey(Curve.agree(clientE.publicKey(), serverE.privateKey()));
    assertEquals(
        "3613e4412bdd0f4e74bd1749c9393fdbf0cd0a0e7e1042b660006feb81cfde60", hex(c.chainingKey()));
    assertEquals(
        "89200ee66ea84fca4e688e95c270ea7a51530d213789fde7378c97371e6a4505", hex(c.cipherKey()));

    byte[] encStatic = s.encryptAndHash(serverS.publicKey());
    assertEquals(
        "00b3aff25b3d82c729de225f5564ba476253f9b472152396516f44f2905b050018ecadf30791315e9ca857a1f338e303",
        hex(encStatic));
    assertArrayEquals(serverS.publicKey(), c.decryptAndHash(encStatic));
    assertEquals(
        "dfed91f5a939a0b1591d87072f130e9595633ed8ecea5b3a614a2ff349f36a70", hex(c.handshakeHash()));

    c.mixKey(Curve.agree(serverS.publicKey(), clientE.privateKey()));
    s.mixKey(Curve.agree(clientE.publicKey(), serverS.privateKey()));
    assertEquals(
        "b944bcfbc1e4797e12896b64bebaf33bff4305ad498500f29cf7646ab79aac27", hex(c.chainingKey()));
    assertEquals(
        "b89eb5951c26ca4425cdf4104b9fbf82ee84565a8056250826f0085282a703f6", hex(c.cipherKey()));

    byte[] cert = "example-cert-chain-bytes".getBytes(StandardCharsets.US_ASCII);
    byte[] encCert = s.encryptAndHash(cert);
    assertEquals(
        "5384d4dffbf17081088a37f9397267da9932e9f221ba7f67ce66a1df1a98831c94962027ea798122",
        hex(encCert));
    assertArrayEquals(cert, c.decryptAndHash(encCert));
    assertEquals(
        "aad67b0d91f6b93e28fc58b4f59c71d704480bd7005eacf4117221c436002f5b", hex(c.handshakeHash()));

    byte[] encClientStatic = c.encryptAndHash(clientS.publicKey());
    assertEquals(
        "1e9a18d4052438441f0a792b3eeb2e91fedb31cb078c36af2f1b187e406b1d2f401730168d7b8b7156505fae75a7dc34",
        hex(encClientStatic));
    assertArrayEquals(clientS.publicKey(), s.decryptAndHash(encClientStatic));
    assertEquals(
        "6748940a27ee2bb763faad725198ebbcc212e0428e6f646c02796e09df303c6c", hex(c.handshakeHash()));

    c.mixKey(Curve.agree(serverE.publicKey(), clientS.privateKey()));
    s.mixKey(Curve.agree(clientS.publicKey(), serverE.privateKey()));
    assertEquals(
        "47e97c4f16fb217029cf01a51cad268c7ed6a12bca9ef7ce9be7c8fdb6c7d740", hex(c.chainingKey()));
    assertEquals(
        "b677d30e555ba52f7bd62aa52d078cd848b4fb7cc37b2c0d7530e14e9827bf05", hex(c.cipherKey()));

    byte[] payload = "example-client-payload-bytes".getBytes(StandardCharsets.US_ASCII);
    byte[] encPayload = c.encryptAndHash(payload);
    assertEquals(
        "67cbac15b81499bda06a35e4e3217bf972b475abedefb4f8df635df040adfc41d6607a2e572c00ae657f8596",
        hex(encPayload));
    assertArrayEquals(payload, s.decryptAndHash(encPayload));
    assertEquals(
        "0d8ce251791e253e55e1ace8fbb41efc51296dc4bf16003224fe3c6f6486969c", hex(s.handshakeHash()));

    NoiseCipher.Keys keys = c.split();
    assertEquals(keys, s.split());
    assertEquals(
        "570626073a425329e7b6a383bdaaae1c74fffbbe618462db6912c60b928c5096",
        hex(keys.clientWrite()));
    assertEquals(
        "0be9e4d99c1dc367ec34848f2fc901dabe8bbcf0fad3aa716606b460b277efd2", hex(keys.clientRead()));
  }

  private static String hex(byte[] b) {
    return Vectors.hex(b);
  }
}
