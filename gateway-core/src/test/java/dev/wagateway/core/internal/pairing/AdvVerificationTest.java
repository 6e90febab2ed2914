package dev.wagateway.core.internal.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.Hkdf;
import dev.wagateway.core.internal.proto.AdvProtos.ADVDeviceIdentity;
import dev.wagateway.core.internal.proto.AdvProtos.ADVEncryptionType;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentity;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.core.store.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdvVerificationTest {
  private final Map<String, Object> v = Json.load("adv.json");
  private final KeyPair companion = keyPair("companion_identity");
  private final KeyPair account = keyPair("account_identity");
  private final byte[] advSecret = Json.hex(v, "keys", "adv_secret");
  private final SecureRandom random = new SecureRandom();

  private KeyPair keyPair(String name) {
    Map<String, Object> k = Json.obj(v, "keys", name);
    KeyPair pair = Curve.keyPairFromPrivate(Json.hex(k, "private"));
    assertArrayEquals(Json.hex(k, "public"), pair.publicKey());
    return pair;
  }

  /** The parts of a vector pair-success node, read from its JSON form. */
  @SuppressWarnings("unchecked")
  static PairSuccess partsOf(Map<String, Object> iq) {
    Map<String, Object> attrs = (Map<String, Object>) iq.get("attrs");
    Map<String, Object> pairSuccess =
        (Map<String, Object>) ((List<Object>) iq.get("content")).get(0);
    byte[] identity = null;
    String jid = null;
    String lid = null;
    String platform = null;
    String biz = null;
    for (Object o : (List<Object>) pairSuccess.get("content")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Map<String, Object> a = (Map<String, Object>) c.get("attrs");
      switch ((String) c.get("tag")) {
        case "device-identity" -> identity = Json.hex(c, "content", "bytes");
        case "device" -> {
          jid = (String) a.get("jid");
          lid = (String) a.get("lid");
        }
        case "platform" -> platform = (String) a.get("name");
        case "biz" -> biz = (String) a.get("name");
        default -> {}
      }
    }
    String t = (String) attrs.get("t");
    return new PairSuccess(
        (String) attrs.get("id"),
        t == null ? null : Long.valueOf(t),
        identity,
        jid,
        lid,
        platform,
        biz,
        null);
  }

  @Test
  void vectorSignaturesAndHmacsAreWhatTheyClaim() {
    for (Object p : Json.list(v, "positive")) {
      assertArrayEquals(Json.hex(p, "hmac"), Hkdf.hmacSha256(advSecret, Json.hex(p, "hmac_input")));
      assertTrue(
          Curve.verify(
              account.publicKey(),
              Json.hex(p, "account_signature_message"),
              Json.hex(p, "account_signature")));
      Map<String, Object> result = Json.obj(p, "baileys_result");
      assertTrue(
          Curve.verify(
              companion.publicKey(),
              Json.hex(result, "device_signature_message"),
              Json.hex(result, "device_signature")));
    }
  }

  @Test
  void advProtosEncodeLikeTheVectors() {
    for (Object p : Json.list(v, "positive")) {
      Map<String, Object> dev = Json.obj(p, "device_identity");
      ADVDeviceIdentity device =
          ADVDeviceIdentity.newBuilder()
              .setRawId(((Number) dev.get("rawId")).intValue())
              .setTimestamp(((Number) dev.get("timestamp")).longValue())
              .setKeyIndex(((Number) dev.get("keyIndex")).intValue())
              .setAccountType(
                  ADVEncryptionType.forNumber(((Number) dev.get("accountType")).intValue()))
              .setDeviceType(
                  ADVEncryptionType.forNumber(((Number) dev.get("deviceType")).intValue()))
              .build();
      assertArrayEquals(Json.hex(dev, "encoded"), device.toByteArray());
      byte[] signed =
          ADVSignedDeviceIdentity.newBuilder()
              .setDetails(ByteString.copyFrom(device.toByteArray()))
              .setAccountSignatureKey(ByteString.copyFrom(account.publicKey()))
              .setAccountSignature(ByteString.copyFrom(Json.hex(p, "account_signature")))
              .build()
              .toByteArray();
      assertArrayEquals(Json.hex(p, "signed_device_identity"), signed);
      ADVSignedDeviceIdentityHMAC.Builder container =
          ADVSignedDeviceIdentityHMAC.newBuilder()
              .setDetails(ByteString.copyFrom(signed))
              .setHmac(ByteString.copyFrom(Json.hex(p, "hmac")));
      if (Boolean.TRUE.equals(Json.obj(p).get("hosted"))) {
        container.setAccountType(ADVEncryptionType.HOSTED);
      }
      assertArrayEquals(
          Json.hex(p, "device_identity_hmac_container"), container.build().toByteArray());
    }
  }

  @Test
  void everyPositiveIsPairedWithAReplyWhoseSignaturesVerify() throws Exception {
    List<Object> positives = Json.list(v, "positive");
    assertFalse(positives.isEmpty());
    for (Object p : positives) {
      String name = Json.str(p, "name");
      PairSuccess parts = partsOf(Json.obj(p, "pair_success_stanza", "node"));
      PairOutcome outcome = PairSuccessVerifier.verify(parts, companion, advSecret, random);
      PairOutcome.Paired paired = assertInstanceOf(PairOutcome.Paired.class, outcome, name);
      Map<String, Object> dev = Json.obj(p, "device_identity");
      Map<String, Object> result = Json.obj(p, "baileys_result");

      assertEquals(parts.iqId(), paired.iqId());
      assertEquals(((Number) dev.get("keyIndex")).intValue(), paired.keyIndex(), name);
      assertEquals(((Number) dev.get("deviceType")).intValue() == 1, paired.hosted(), name);
      assertArrayEquals(account.publicKey(), paired.primaryIdentityKey(), name);
      assertEquals(Json.str(result, "me", "id"), paired.deviceJid().toString(), name);
      assertEquals(Json.str(result, "platform"), paired.platform(), name);
      assertEquals(Json.obj(result, "me").get("name"), paired.businessName(), name);

      byte[] details = Json.hex(dev, "encoded");
      ADVSignedDeviceIdentity reply = ADVSignedDeviceIdentity.parseFrom(paired.replyIdentity());
      assertFalse(reply.hasAccountSignatureKey(), name);
      assertArrayEquals(details, reply.getDetails().toByteArray(), name);
      assertArrayEquals(
          Json.hex(p, "account_signature"), reply.getAccountSignature().toByteArray());
      byte[] deviceSignature = reply.getDeviceSignature().toByteArray();
      assertTrue(
          Curve.verify(
              companion.publicKey(),
              PairSuccessVerifier.deviceSignatureMessage(
                  details, companion.publicKey(), account.publicKey()),
              deviceSignature),
          name);

      // Byte for byte what Baileys sends, up to its (deterministic) device signature.
      Map<String, Object> replyNode = Json.obj(result, "reply_stanza", "node");
      byte[] baileysReply = Json.hex(deviceIdentityChild(replyNode), "content", "bytes");
      assertArrayEquals(withoutLast64(baileysReply), withoutLast64(paired.replyIdentity()), name);
      assertEquals(
          Json.obj(deviceIdentityChild(replyNode), "attrs").get("key-index"),
          Integer.toString(paired.keyIndex()));

      var record = paired.toAccount();
      assertEquals(paired.deviceJid().toString(), record.jid());
      assertEquals(parts.deviceLid(), record.lid());
      assertEquals(parts.deviceLid(), paired.deviceLid().toString());
      assertEquals(parts.platform(), record.platform());
      assertArrayEquals(paired.account(), record.signedIdentity());
      ADVSignedDeviceIdentity stored = ADVSignedDeviceIdentity.parseFrom(paired.account());
      assertArrayEquals(account.publicKey(), stored.getAccountSignatureKey().toByteArray());
      assertArrayEquals(deviceSignature, stored.getDeviceSignature().toByteArray());
      assertArrayEquals(
          withoutLast64(Json.hex(result, "account_encoded_for_messages")),
          withoutLast64(paired.account()),
          name);
    }
  }

  @Test
  void everyNegativeIsRejectedWithItsCode() {
    List<Object> negatives = Json.list(v, "negative");
    assertFalse(negatives.isEmpty());
    boolean sawBaileysAccepted = false;
    for (Object n : negatives) {
      String name = Json.str(n, "name");
      PairSuccess parts = partsOf(Json.obj(n, "pair_success_stanza", "node"));
      PairOutcome outcome = PairSuccessVerifier.verify(parts, companion, advSecret, random);
      PairOutcome.Rejected rejected = assertInstanceOf(PairOutcome.Rejected.class, outcome, name);
      assertEquals(parts.iqId(), rejected.iqId());
      PairingError expected = expectedError(name);
      if (expected != null) {
        assertEquals(expected, rejected.error(), name);
      }
      if (Boolean.TRUE.equals(Json.obj(n).get("accepted_by_baileys"))) {
        sawBaileysAccepted = true;
        assertEquals(PairingError.BAD_ACCOUNT_SIGNATURE, rejected.error(), name);
      }
      assertEquals(rejected.error().code(), rejected.toException().code());
    }
    assertTrue(sawBaileysAccepted, "adv.json has a case Baileys accepts");
  }

  @Test
  void theCaseBaileysAcceptsIsRejected() {
    int seen = 0;
    for (Object n : Json.list(v, "negative")) {
      if (!Boolean.TRUE.equals(Json.obj(n).get("accepted_by_baileys"))) {
        continue;
      }
      seen++;
      PairOutcome outcome =
          PairSuccessVerifier.verify(
              partsOf(Json.obj(n, "pair_success_stanza", "node")), companion, advSecret, random);
      PairOutcome.Rejected rejected = assertInstanceOf(PairOutcome.Rejected.class, outcome);
      assertEquals(PairingError.BAD_ACCOUNT_SIGNATURE, rejected.error());
      assertEquals(401, rejected.error().replyCode());
      assertEquals("signature-mismatch", rejected.error().replyText());
    }
    assertTrue(seen > 0, "adv.json has a case Baileys accepts");
  }

  /** The code a negative case must get, from its description; null when the name says nothing. */
  private static PairingError expectedError(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.contains("hmac")) {
      return PairingError.BAD_HMAC;
    }
    if (n.contains("signature")) {
      return PairingError.BAD_ACCOUNT_SIGNATURE;
    }
    if (n.contains("keyindex") || n.contains("key index")) {
      return PairingError.BAD_KEY_INDEX;
    }
    if (n.contains("<device>") || n.contains("device child")) {
      return PairingError.MISSING_DEVICE;
    }
    return null;
  }

  @Test
  void pairErrorRepliesCarryTheProtocolCodes() {
    assertEquals(401, PairingError.BAD_HMAC.replyCode());
    assertEquals("hmac-mismatch", PairingError.BAD_HMAC.replyText());
    assertEquals(401, PairingError.BAD_ACCOUNT_SIGNATURE.replyCode());
    assertEquals("signature-mismatch", PairingError.BAD_ACCOUNT_SIGNATURE.replyText());
    assertEquals(500, PairingError.MALFORMED_IDENTITY.replyCode());
    assertEquals("internal-error", PairingError.MALFORMED_IDENTITY.replyText());
  }

  // Cases made here with the vector's account key, to pin the rules beyond the recorded ones.

  private byte[] container(
      ADVDeviceIdentity device, byte[] accountPrefix, byte[] signedFor, boolean hostedHmac) {
    byte[] details = device.toByteArray();
    byte[] signature =
        Curve.sign(
            account.privateKey(),
            PairingCodeCrypto.concat(accountPrefix, details, signedFor),
            random);
    byte[] signed =
        ADVSignedDeviceIdentity.newBuilder()
            .setDetails(ByteString.copyFrom(details))
            .setAccountSignatureKey(ByteString.copyFrom(account.publicKey()))
            .setAccountSignature(ByteString.copyFrom(signature))
            .build()
            .toByteArray();
    byte[] hmac =
        hostedHmac
            ? Hkdf.hmacSha256(advSecret, new byte[] {6, 5}, signed)
            : Hkdf.hmacSha256(advSecret, signed);
    ADVSignedDeviceIdentityHMAC.Builder b =
        ADVSignedDeviceIdentityHMAC.newBuilder()
            .setDetails(ByteString.copyFrom(signed))
            .setHmac(ByteString.copyFrom(hmac));
    if (hostedHmac) {
      b.setAccountType(ADVEncryptionType.HOSTED);
    }
    return b.build().toByteArray();
  }

  private static ADVDeviceIdentity device(boolean hosted) {
    ADVDeviceIdentity.Builder b =
        ADVDeviceIdentity.newBuilder().setRawId(7).setTimestamp(1_700_000_123L).setKeyIndex(5);
    if (hosted) {
      b.setAccountType(ADVEncryptionType.HOSTED).setDeviceType(ADVEncryptionType.HOSTED);
    }
    return b.build();
  }

  private PairOutcome check(byte[] container) {
    return PairSuccessVerifier.verify(
        new PairSuccess(
            "ps-1",
            1_700_000_000L,
            container,
            "15550001234:5@s.whatsapp.net",
            "987654321098765:5@lid",
            "android",
            null,
            null),
        companion,
        advSecret,
        random);
  }

  @Test
  void hostedIdentitySignedWithTheHostedPrefixIsPaired() {
    PairOutcome outcome =
        check(container(device(true), new byte[] {6, 5}, companion.publicKey(), true));
    PairOutcome.Paired paired = assertInstanceOf(PairOutcome.Paired.class, outcome);
    assertTrue(paired.hosted());
    assertEquals(5, paired.keyIndex());
  }

  @Test
  void e2eeIdentitySignedWithTheHostedPrefixIsRejected() {
    PairOutcome outcome =
        check(container(device(false), new byte[] {6, 5}, companion.publicKey(), false));
    assertEquals(PairingError.BAD_ACCOUNT_SIGNATURE, ((PairOutcome.Rejected) outcome).error());
  }

  @Test
  void signatureMadeForAnotherCompanionIsRejected() {
    byte[] otherCompanion = Curve.generateKeyPair(random).publicKey();
    PairOutcome outcome = check(container(device(false), new byte[] {6, 0}, otherCompanion, false));
    assertEquals(PairingError.BAD_ACCOUNT_SIGNATURE, ((PairOutcome.Rejected) outcome).error());
  }

  @Test
  void hostedHmacFlagMustMatchTheHmacPrefix() {
    byte[] good = container(device(true), new byte[] {6, 5}, companion.publicKey(), true);
    byte[] flipped;
    try {
      flipped =
          ADVSignedDeviceIdentityHMAC.parseFrom(good).toBuilder()
              .clearAccountType()
              .build()
              .toByteArray();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    assertEquals(PairingError.BAD_HMAC, ((PairOutcome.Rejected) check(flipped)).error());
  }

  @Test
  void garbageAndMissingIdentityAreMalformed() {
    assertEquals(
        PairingError.MALFORMED_IDENTITY,
        ((PairOutcome.Rejected) check(new byte[] {(byte) 0xff, 0x01, 0x02})).error());
    assertEquals(PairingError.MALFORMED_IDENTITY, ((PairOutcome.Rejected) check(null)).error());
    assertEquals(
        PairingError.MALFORMED_IDENTITY, ((PairOutcome.Rejected) check(new byte[0])).error());
  }

  @Test
  void deviceJidMustBeAUserJid() {
    byte[] good = container(device(false), new byte[] {6, 0}, companion.publicKey(), false);
    for (String jid : new String[] {null, "", "not a jid", "@s.whatsapp.net", "123@g.us"}) {
      PairOutcome outcome =
          PairSuccessVerifier.verify(
              new PairSuccess("ps-3", null, good, jid, null, null, null, null),
              companion,
              advSecret,
              random);
      assertEquals(PairingError.MISSING_DEVICE, ((PairOutcome.Rejected) outcome).error(), jid);
    }
    PairOutcome badLid =
        PairSuccessVerifier.verify(
            new PairSuccess(
                "ps-4", null, good, "1555:3@s.whatsapp.net", "no-at-sign", null, null, null),
            companion,
            advSecret,
            random);
    assertEquals(PairingError.MISSING_DEVICE, ((PairOutcome.Rejected) badLid).error());
    PairOutcome.Paired paired =
        assertInstanceOf(
            PairOutcome.Paired.class,
            PairSuccessVerifier.verify(
                new PairSuccess(
                    "ps-5", null, good, "1555:3@s.whatsapp.net", null, null, null, null),
                companion,
                advSecret,
                random));
    assertEquals(3, paired.deviceJid().device());
    assertEquals(null, paired.deviceLid());
  }

  @Test
  void wrongAdvSecretIsBadHmac() {
    byte[] good = container(device(false), new byte[] {6, 0}, companion.publicKey(), false);
    byte[] otherSecret = Arrays.copyOf(advSecret, 32);
    otherSecret[0] ^= 1;
    PairOutcome outcome =
        PairSuccessVerifier.verify(
            new PairSuccess("ps-2", null, good, "1:1@s.whatsapp.net", null, null, null, null),
            companion,
            otherSecret,
            random);
    assertEquals(PairingError.BAD_HMAC, ((PairOutcome.Rejected) outcome).error());
    assertInstanceOf(PairOutcome.Paired.class, check(good));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deviceIdentityChild(Map<String, Object> replyIq) {
    Map<String, Object> sign = (Map<String, Object>) ((List<Object>) replyIq.get("content")).get(0);
    return (Map<String, Object>) ((List<Object>) sign.get("content")).get(0);
  }

  private static byte[] withoutLast64(byte[] b) {
    return Arrays.copyOf(b, b.length - 64);
  }
}
