package dev.wagateway.core.internal.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentity;
import dev.wagateway.core.store.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The primary's side of the ADV exchange and of code pairing, against the Baileys vectors. */
class PrimaryAdvTest {
  private final Map<String, Object> adv = Json.load("adv.json");
  private final SecureRandom random = new SecureRandom();
  private final KeyPair account = key(Json.obj(adv, "keys", "account_identity"));
  private final KeyPair companion = key(Json.obj(adv, "keys", "companion_identity"));
  private final byte[] advSecret = Json.hex(adv, "keys", "adv_secret");

  @Test
  void buildsTheVectorsDeviceIdentityAndHmacContainerByteForByte() {
    for (Object o : Json.list(adv, "positive")) {
      Map<String, Object> c = Json.obj(o);
      boolean hosted = Boolean.TRUE.equals(c.get("hosted"));
      Map<String, Object> identity = Json.obj(c, "device_identity");
      byte[] details =
          PrimaryAdv.deviceIdentity(
              (int) number(identity, "rawId"),
              number(identity, "timestamp"),
              (int) number(identity, "keyIndex"),
              hosted);
      assertArrayEquals(Json.hex(identity, "encoded"), details, Json.str(c, "name"));
      byte[] container =
          PrimaryAdv.hmacContainer(
              details, account.publicKey(), Json.hex(c, "account_signature"), advSecret, hosted);
      assertArrayEquals(
          Json.hex(c, "device_identity_hmac_container"), container, Json.str(c, "name"));
    }
  }

  @Test
  void whatThePrimarySignsTheCompanionVerifiesAndSigns() {
    for (boolean hosted : List.of(false, true)) {
      byte[] details = PrimaryAdv.deviceIdentity(7, 1_700_000_000L, 3, hosted);
      byte[] signature =
          PrimaryAdv.accountSignature(account, details, companion.publicKey(), random);
      byte[] container =
          PrimaryAdv.hmacContainer(details, account.publicKey(), signature, advSecret, hosted);
      PairSuccess stanza =
          new PairSuccess(
              "1", 1L, container, "15550001234:3@s.whatsapp.net", null, "android", null, null);
      PairOutcome outcome = PairSuccessVerifier.verify(stanza, companion, advSecret, random);
      PairOutcome.Paired paired = assertInstanceOf(PairOutcome.Paired.class, outcome);
      assertEquals(3, paired.keyIndex());
      assertEquals(hosted, paired.hosted());

      byte[] full =
          PrimaryAdv.checkDeviceSign(
              paired.replyIdentity(),
              details,
              signature,
              account.publicKey(),
              companion.publicKey());
      assertArrayEquals(paired.account(), full);
    }
  }

  @Test
  void anotherSignerOrSecretIsRefusedByTheCompanion() {
    byte[] details = PrimaryAdv.deviceIdentity(7, 1_700_000_000L, 3, false);
    KeyPair impostor = Curve.generateKeyPair(random);
    byte[] forged = PrimaryAdv.accountSignature(impostor, details, companion.publicKey(), random);
    byte[] container =
        PrimaryAdv.hmacContainer(details, account.publicKey(), forged, advSecret, false);
    assertEquals(PairingError.BAD_ACCOUNT_SIGNATURE, reject(container));

    byte[] good = PrimaryAdv.accountSignature(account, details, companion.publicKey(), random);
    byte[] otherSecret = new byte[32];
    random.nextBytes(otherSecret);
    assertEquals(
        PairingError.BAD_HMAC,
        reject(PrimaryAdv.hmacContainer(details, account.publicKey(), good, otherSecret, false)));
  }

  @Test
  void checksTheBaileysReplyAndRefusesTamperedOnes() throws Exception {
    Map<String, Object> c = Json.obj(Json.list(adv, "positive").get(0));
    byte[] details = Json.hex(c, "device_identity", "encoded");
    byte[] accountSignature = Json.hex(c, "account_signature");
    Map<String, Object> result = Json.obj(c, "baileys_result");
    Map<String, Object> reply = Json.obj(result, "reply_stanza", "node");
    byte[] replyIdentity =
        Json.hex(
            Json.obj(
                Json.obj(Json.list(Json.obj(Json.list(reply, "content").get(0)), "content").get(0)),
                "content"),
            "bytes");

    byte[] full =
        PrimaryAdv.checkDeviceSign(
            replyIdentity, details, accountSignature, account.publicKey(), companion.publicKey());
    assertArrayEquals(Json.hex(result, "account_encoded_for_messages"), full);

    ADVSignedDeviceIdentity parsed = ADVSignedDeviceIdentity.parseFrom(replyIdentity);
    byte[] badSignature = parsed.getDeviceSignature().toByteArray();
    badSignature[5] ^= 1;
    assertEquals(
        "bad_device_signature",
        refuse(
            parsed.toBuilder().setDeviceSignature(ByteString.copyFrom(badSignature)).build(),
            details,
            accountSignature));
    assertEquals(
        "bad_device_identity",
        refuse(
            parsed.toBuilder()
                .setAccountSignatureKey(ByteString.copyFrom(account.publicKey()))
                .build(),
            details,
            accountSignature));
    assertEquals(
        "bad_device_identity",
        refuse(parsed, PrimaryAdv.deviceIdentity(1, 2, 3, false), accountSignature));
    CryptoException garbage =
        assertThrows(
            CryptoException.class,
            () ->
                PrimaryAdv.checkDeviceSign(
                    new byte[] {(byte) 0xFF, 1},
                    details,
                    accountSignature,
                    account.publicKey(),
                    companion.publicKey()));
    assertEquals("bad_device_identity", garbage.code());
  }

  @Test
  void primaryOpensTheVectorKeyBundleAndDerivesTheSameAdvSecret() {
    Map<String, Object> det = Json.obj(Json.load("pairing-code.json"), "deterministic");
    KeyPair primaryEphemeral = key(Json.obj(det, "keys", "primary_ephemeral"));
    KeyPair primaryIdentity = key(Json.obj(det, "keys", "primary_identity"));
    byte[] companionEphemeral = Json.hex(det, "keys", "companion_pairing_ephemeral", "public");
    byte[] bundle = Json.hex(det, "companion_finish", "wrapped_key_bundle");

    PairingCodeCrypto.OpenedBundle opened =
        PairingCodeCrypto.openKeyBundle(
            primaryEphemeral, primaryIdentity, companionEphemeral, bundle);
    assertArrayEquals(Json.hex(det, "companion_finish", "adv_secret"), opened.advSecret());
    assertArrayEquals(
        Json.hex(det, "keys", "companion_identity", "public"), opened.companionIdentityPublicKey());

    CryptoException wrongEphemeral =
        assertThrows(
            CryptoException.class,
            () ->
                PairingCodeCrypto.openKeyBundle(
                    Curve.generateKeyPair(random), primaryIdentity, companionEphemeral, bundle));
    assertEquals("bad_key_bundle", wrongEphemeral.code());
    CryptoException otherPrimary =
        assertThrows(
            CryptoException.class,
            () ->
                PairingCodeCrypto.openKeyBundle(
                    primaryEphemeral, Curve.generateKeyPair(random), companionEphemeral, bundle));
    assertTrue(otherPrimary.getMessage().contains("another primary"));
    assertThrows(
        CryptoException.class,
        () ->
            PairingCodeCrypto.openKeyBundle(
                primaryEphemeral, primaryIdentity, companionEphemeral, new byte[100]));
  }

  private PairingError reject(byte[] container) {
    PairSuccess stanza =
        new PairSuccess(
            "1", 1L, container, "15550001234:3@s.whatsapp.net", null, "android", null, null);
    PairOutcome outcome = PairSuccessVerifier.verify(stanza, companion, advSecret, random);
    return assertInstanceOf(PairOutcome.Rejected.class, outcome).error();
  }

  private String refuse(ADVSignedDeviceIdentity reply, byte[] details, byte[] accountSignature) {
    return assertThrows(
            CryptoException.class,
            () ->
                PrimaryAdv.checkDeviceSign(
                    reply.toByteArray(),
                    details,
                    accountSignature,
                    account.publicKey(),
                    companion.publicKey()))
        .code();
  }

  private static long number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).longValue();
  }

  private static KeyPair key(Map<String, Object> k) {
    KeyPair pair = Curve.keyPairFromPrivate(Json.hex(k, "private"));
    assertArrayEquals(Json.hex(k, "public"), pair.publicKey());
    return pair;
  }
}
