package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.squareup.moshi.Moshi;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.MutableClock;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.pairing.CodePairing;
import dev.wagateway.core.internal.pairing.CompanionPlatform;
import dev.wagateway.core.internal.pairing.PairOutcome;
import dev.wagateway.core.internal.pairing.PairSuccessVerifier;
import dev.wagateway.core.internal.pairing.PairingCodeCrypto;
import dev.wagateway.core.internal.pairing.PairingError;
import dev.wagateway.core.internal.pairing.PairingStanzas;
import dev.wagateway.core.internal.pairing.PrimaryHello;
import dev.wagateway.core.internal.pairing.QrCodes;
import dev.wagateway.core.internal.proto.AdvProtos.ADVDeviceIdentity;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentity;
import dev.wagateway.core.internal.proto.AdvProtos.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeJson;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator as the server side of the linked-device protocol, driven by a bare companion made
 * of core pieces ({@link RawCompanion}): QR and code pairing through a {@link SimulatedPhone},
 * login, the first iqs, logout and unlink, and the faults a test can ask for.
 */
class PairingIT {
  private static final Duration WAIT = RawCompanion.WAIT;
  private static final String PHONE = "15551234567";

  private final SecureRandom random = new SecureRandom();
  private WaSimulator simulator;
  private SimulatedPhone phone;

  @BeforeEach
  void start() {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(3)).start();
    phone = simulator.addPhone(PHONE, "Alice");
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void qrPairingLinksTheCompanionWhichThenLogsIn() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);

    BinaryNode pairDevice = companion.next();
    assertSameShape(transcriptNode("transcript-qr.json", "pair-device"), pairDevice);
    PairingStanzas.PairDevice refs = PairingStanzas.parsePairDevice(pairDevice);
    assertEquals(6, refs.refs().size());
    companion.send(PairingStanzas.pairDeviceAck(refs));
    SimulatedConnection registration = simulator.awaitRegistration(WAIT);
    assertNotNull(registration, "the ack was not seen");
    assertEquals(SimulatedConnection.Kind.REGISTRATION, registration.kind());
    assertEquals(refs.refs(), registration.refs());
    assertTrue(registration.pairDeviceAcked());

    String qr = qr(refs.refs().get(0), credentials);
    CompletableFuture<Paired> scan = CompletableFuture.supplyAsync(() -> phone.scanQr(qr));
    PairOutcome.Paired paired = answerPairSuccess(companion, credentials.advSecret());
    assertSameShape(transcriptNode("transcript-qr.json", "pair-success"), lastSent(registration));

    BinaryNode restart = companion.next();
    assertEquals(BinaryNode.of("stream:error", Map.of("code", "515")), restart);
    assertEquals(CloseReason.Kind.REMOTE_CLOSED, companion.awaitClose().kind());

    Paired result = scan.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(Paired.Outcome.LINKED, result.outcome());
    assertEquals(PHONE + ":1@s.whatsapp.net", result.deviceJid());
    assertEquals(paired.deviceJid().toString(), result.deviceJid());
    assertEquals(phone.lid().replace("@lid", ":1@lid"), paired.deviceLid().toString());
    assertEquals("android", paired.platform());
    assertArrayEquals(phone.identityPublicKey(), paired.primaryIdentityKey());
    List<LinkedDevice> linked = simulator.pairedDevices();
    assertEquals(1, linked.size());
    assertArrayEquals(credentials.identityKey().publicKey(), linked.get(0).identityKey());
    assertArrayEquals(credentials.noiseKey().publicKey(), linked.get(0).noiseKey());
    assertEquals("Ubuntu", linked.get(0).os());
    assertEquals(linked, phone.linkedDevices());

    RawCompanion session = RawCompanion.login(simulator, credentials, Long.parseLong(PHONE), 1);
    BinaryNode success = session.next();
    assertEquals("success", success.tag());
    assertEquals(paired.deviceLid().toString(), success.attr("lid"));
    assertEquals("Alice", success.attr("display_name"));
    assertNotNull(success.attr("t"));
    assertSameShape(
        transcriptNode("transcript-qr.json", "success")
            .withAttr("display_name", "x")
            .withAttr("companion_enc_static", "x"),
        success);
    assertEquals("offline", session.next().child("offline").tag());
    SimulatedConnection login = simulator.awaitLogin(result.deviceJid(), WAIT);
    assertNotNull(login);
    assertEquals(SimulatedConnection.Kind.LOGIN, login.kind());
    assertEquals(List.of(login), simulator.connectionsFor(PHONE + "@s.whatsapp.net"));
    session.close();
  }

  @Test
  void loggedInDeviceCountsAndUploadsPreKeysPingsGoesActiveAndLogsOut() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    String jid = pairByQr(credentials);
    RawCompanion session = loginReady(credentials);
    SimulatedConnection login = simulator.awaitLogin(jid, WAIT);

    assertEquals("0", countPreKeys(session));
    BinaryNode upload = preKeyUpload(session.nextId(), credentials, 1, 5);
    BinaryNode uploaded = session.call(upload);
    assertEquals(result(upload), uploaded);
    assertEquals("5", countPreKeys(session));
    assertEquals(5, simulator.pairedDevices().get(0).preKeyCount());

    BinaryNode badUpload =
        preKeyUpload(session.nextId(), RawCompanion.fresh(random), 6, 2); // another identity
    assertEquals("400", session.call(badUpload).child("error").attr("code"));
    assertEquals(5, simulator.pairedDevices().get(0).preKeyCount());

    assertFalse(login.active());
    BinaryNode active = iq(session.nextId(), "passive", "set", BinaryNode.of("active"));
    assertEquals(result(active), session.call(active));
    assertTrue(login.active());

    BinaryNode ping = iq(session.nextId(), "w:p", "get", BinaryNode.of("ping"));
    assertEquals(result(ping), session.call(ping));
    login.ignorePings(true);
    session.send(iq(session.nextId(), "w:p", "get"));
    assertNull(session.poll(Duration.ofMillis(300)), "an ignored ping was answered");
    login.ignorePings(false).delayPongs(Duration.ofMillis(400));
    BinaryNode late = iq(session.nextId(), "w:p", "get");
    session.send(late);
    assertNull(session.poll(Duration.ofMillis(150)), "a delayed pong came early");
    assertEquals(result(late), session.next());

    BinaryNode unknown = iq(session.nextId(), "w:biz", "get", BinaryNode.of("whatever"));
    BinaryNode refused = session.call(unknown);
    assertEquals("error", refused.attr("type"));
    assertEquals("501", refused.child("error").attr("code"));
    assertEquals("feature-not-implemented", refused.child("error").attr("text"));

    BinaryNode logout =
        iq(
            session.nextId(),
            "md",
            "set",
            BinaryNode.of(
                "remove-companion-device", Map.of("jid", jid, "reason", "user_initiated")));
    assertEquals(result(logout), session.call(logout));
    assertEquals(CloseReason.Kind.REMOTE_CLOSED, session.awaitClose().kind());
    assertTrue(simulator.pairedDevices().isEmpty());
    assertLoginRefused(credentials, 1, "401");

    List<String> received = new ArrayList<>();
    for (BinaryNode n : login.received()) {
      received.add(n.attr("xmlns"));
    }
    assertTrue(
        received.containsAll(List.of("encrypt", "passive", "w:p", "md")), received::toString);
  }

  @Test
  void unlinkFromThePhoneRemovesTheConnectedDevice() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    String jid = pairByQr(credentials);
    RawCompanion session = loginReady(credentials);

    phone.unlink(jid);
    BinaryNode removed = session.next();
    assertEquals("stream:error", removed.tag());
    assertEquals("401", removed.attr("code"));
    assertEquals("device_removed", removed.child("conflict").attr("type"));
    assertEquals(CloseReason.Kind.REMOTE_CLOSED, session.awaitClose().kind());
    assertTrue(phone.linkedDevices().isEmpty());
    assertLoginRefused(credentials, 1, "401");
    PhoneException again = assertThrows(PhoneException.class, () -> phone.unlink(jid));
    assertEquals("not_linked", again.code());
  }

  @Test
  void aSecondLoginReplacesTheFirstAndTestsCanEndStreams() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    String jid = pairByQr(credentials);
    RawCompanion first = loginReady(credentials);
    RawCompanion second = loginReady(credentials);
    BinaryNode replaced = first.next();
    assertEquals("replaced", replaced.child("conflict").attr("type"));
    first.awaitClose();

    SimulatedConnection current = simulator.awaitLogin(jid, WAIT);
    assertEquals(2, simulator.connectionsFor(jid).size());
    current.sendStreamError(503);
    assertEquals(BinaryNode.of("stream:error", Map.of("code", "503")), second.next());
    second.awaitClose();

    RawCompanion third = loginReady(credentials);
    SimulatedConnection thirdServer = awaitNewLogin(jid, current);
    thirdServer.sendConflict();
    assertEquals("replaced", third.next().child("conflict").attr("type"));

    RawCompanion fourth = loginReady(credentials);
    SimulatedConnection fourthServer = awaitNewLogin(jid, thirdServer);
    fourthServer.drop();
    CloseReason dropped = fourth.awaitClose();
    assertTrue(
        dropped.kind() == CloseReason.Kind.IO_ERROR
            || dropped.kind() == CloseReason.Kind.REMOTE_CLOSED,
        dropped::toString);
    assertNull(fourth.poll(Duration.ZERO));
    assertTrue(fourthServer.awaitClosed(WAIT));
    assertFalse(fourthServer.isOpen());

    RawCompanion fifth = loginReady(credentials);
    awaitNewLogin(jid, fourthServer).sendStreamEnd();
    assertEquals(BinaryNode.of("xmlstreamend"), fifth.next());
    assertEquals(CloseReason.Kind.REMOTE_CLOSED, fifth.awaitClose().kind());
  }

  @Test
  void unknownDevicesAndForcedFailuresAreRefused() throws Exception {
    assertLoginRefused(RawCompanion.fresh(random), 7, "401");

    DeviceCredentials credentials = RawCompanion.fresh(random);
    String jid = pairByQr(credentials);
    assertLoginRefused(RawCompanion.fresh(random), 1, "401"); // right JID, other noise key
    simulator.failLogins(jid, 402, Map.of("code", "101", "expire", "3600"));
    RawCompanion banned = RawCompanion.login(simulator, credentials, Long.parseLong(PHONE), 1);
    BinaryNode failure = banned.next();
    assertEquals(
        BinaryNode.of("failure", Map.of("reason", "402", "code", "101", "expire", "3600")),
        failure);
    banned.awaitClose();
    simulator.clearLoginFailure(jid);
    loginReady(credentials).close();
    List<SimulatedConnection.Kind> attempts = new ArrayList<>();
    for (SimulatedConnection c : simulator.connectionsFor(jid)) {
      attempts.add(c.kind());
      assertEquals(jid, c.claimedJid());
    }
    assertEquals(
        List.of(
            SimulatedConnection.Kind.REFUSED,
            SimulatedConnection.Kind.REFUSED,
            SimulatedConnection.Kind.LOGIN),
        attempts);
  }

  @Test
  void badPairSuccessVariantsAreRefusedByTheVerifier() throws Exception {
    assertRefused(PairingFault.BAD_HMAC, PairingError.BAD_HMAC, "hmac-mismatch");
    assertRefused(
        PairingFault.BAD_ACCOUNT_SIGNATURE,
        PairingError.BAD_ACCOUNT_SIGNATURE,
        "signature-mismatch");
    assertTrue(simulator.pairedDevices().isEmpty());
  }

  @Test
  void aBadDeviceSignatureOrNoAnswerLinksNothing() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    PairingStanzas.PairDevice refs = ack(companion);
    String qr = qr(refs.refs().get(0), credentials);
    CompletableFuture<Paired> scan =
        CompletableFuture.supplyAsync(() -> phone.scanQr(qr, PairingFault.NONE));
    PairOutcome.Paired paired =
        assertInstanceOf(
            PairOutcome.Paired.class,
            PairSuccessVerifier.verify(
                PairingStanzas.parsePairSuccess(companion.next()),
                credentials.identityKey(),
                credentials.advSecret(),
                random));
    ADVSignedDeviceIdentity reply = ADVSignedDeviceIdentity.parseFrom(paired.replyIdentity());
    byte[] signature = reply.getDeviceSignature().toByteArray();
    signature[0] ^= 1;
    byte[] tampered =
        reply.toBuilder().setDeviceSignature(ByteString.copyFrom(signature)).build().toByteArray();
    companion.send(PairingStanzas.pairDeviceSign(withReply(paired, tampered)));
    Paired result = scan.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(Paired.Outcome.BAD_DEVICE_SIGN, result.outcome());
    assertEquals("bad_device_signature", result.errorText());
    assertTrue(simulator.pairedDevices().isEmpty());
    companion.awaitClose();

    try (WaSimulator impatient =
        WaSimulator.builder().phoneTimeout(Duration.ofMillis(300)).start()) {
      SimulatedPhone p = impatient.addPhone(PHONE);
      DeviceCredentials silent = RawCompanion.fresh(random);
      RawCompanion mute = RawCompanion.register(impatient, silent);
      String code = qr(ack(mute).refs().get(0), silent);
      PhoneException timeout = assertThrows(PhoneException.class, () -> p.scanQr(code));
      assertEquals("pairing_timeout", timeout.code());
      assertTrue(PairingStanzas.isPairSuccess(mute.next()));
      assertTrue(impatient.pairedDevices().isEmpty());
    }
  }

  @Test
  void aLaxCompanionThatSignsAForgedAccountSignatureIsReported() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    String qr = qr(ack(companion).refs().get(0), credentials);
    CompletableFuture<Paired> scan =
        CompletableFuture.supplyAsync(() -> phone.scanQr(qr, PairingFault.BAD_ACCOUNT_SIGNATURE));
    // sign without checking the account signature, as Baileys effectively does
    var stanza = PairingStanzas.parsePairSuccess(companion.next());
    ADVSignedDeviceIdentity signed =
        ADVSignedDeviceIdentity.parseFrom(
            ADVSignedDeviceIdentityHMAC.parseFrom(stanza.deviceIdentity()).getDetails());
    byte[] details = signed.getDetails().toByteArray();
    byte[] deviceSignature =
        Curve.sign(
            credentials.identityKey().privateKey(),
            PairSuccessVerifier.deviceSignatureMessage(
                details,
                credentials.identityKey().publicKey(),
                signed.getAccountSignatureKey().toByteArray()),
            random);
    byte[] reply =
        signed.toBuilder()
            .clearAccountSignatureKey()
            .setDeviceSignature(ByteString.copyFrom(deviceSignature))
            .build()
            .toByteArray();
    BinaryNode sign =
        BinaryNode.newBuilder("iq")
            .attr("to", PairingStanzas.SERVER_JID)
            .attr("type", "result")
            .attr("id", stanza.iqId())
            .child(
                BinaryNode.newBuilder("pair-device-sign")
                    .child(
                        BinaryNode.newBuilder("device-identity")
                            .attr(
                                "key-index",
                                Integer.toString(
                                    ADVDeviceIdentity.parseFrom(details).getKeyIndex()))
                            .bytes(reply)
                            .build())
                    .build())
            .build();
    companion.send(sign);
    assertEquals(
        Paired.Outcome.SIGNED_FAULTY, scan.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).outcome());
    assertTrue(simulator.pairedDevices().isEmpty());
  }

  @Test
  void hostedBusinessPhonesSendTheirVariantOfPairSuccess() throws Exception {
    SimulatedPhone shop =
        simulator.addPhone("15557654321").hosted(true).businessName("Shop").platform("smba");
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    PairingStanzas.PairDevice refs = ack(companion);
    String qr = qr(refs.refs().get(0), credentials);
    CompletableFuture<Paired> scan = CompletableFuture.supplyAsync(() -> shop.scanQr(qr));
    PairOutcome.Paired paired = answerPairSuccess(companion, credentials.advSecret());
    assertTrue(paired.hosted());
    assertEquals("Shop", paired.businessName());
    assertEquals("smba", paired.platform());
    assertEquals("15557654321:1@s.whatsapp.net", paired.deviceJid().toString());
    assertTrue(scan.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).linked());
    assertEquals(1, shop.linkedDevices().size());
    assertTrue(phone.linkedDevices().isEmpty());
    SimulatedPhone duplicate = simulator.phone("15557654321").orElseThrow();
    assertEquals(shop, duplicate);
    assertThrows(
        GatewayException.ValidationException.class, () -> simulator.addPhone("15557654321"));
  }

  @Test
  void droppingAfterPairSuccessLeavesNothingLinked() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    PairingStanzas.PairDevice refs = ack(companion);
    Paired dropped =
        phone.scanQr(qr(refs.refs().get(0), credentials), PairingFault.DROP_AFTER_PAIR_SUCCESS);
    assertEquals(Paired.Outcome.DROPPED, dropped.outcome());
    BinaryNode pairSuccess = companion.next();
    assertTrue(PairingStanzas.isPairSuccess(pairSuccess));
    CloseReason reason = companion.awaitClose();
    assertTrue(
        reason.kind() == CloseReason.Kind.IO_ERROR
            || reason.kind() == CloseReason.Kind.REMOTE_CLOSED,
        reason::toString);
    assertTrue(simulator.pairedDevices().isEmpty());
    assertLoginRefused(credentials, 1, "401");

    // pairing simply starts again with the same credentials
    String jid = pairByQr(credentials);
    assertEquals(PHONE + ":2@s.whatsapp.net", jid);
  }

  @Test
  void qrsThatDoNotMatchTheHandshakeAreRefused() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    PairingStanzas.PairDevice refs = ack(companion);
    String ref = refs.refs().get(1);
    DeviceCredentials other = RawCompanion.fresh(random);

    assertEquals("qr_malformed", scanError("not a qr"));
    assertEquals("qr_malformed", scanError(QrCodes.LINK_PREFIX + "a,b,c"));
    assertEquals(
        "qr_unknown_connection",
        scanError(
            QrCodes.payload(
                ref,
                other.noiseKey().publicKey(),
                credentials.identityKey().publicKey(),
                credentials.advSecret())));
    assertEquals(
        "qr_key_mismatch",
        scanError(
            QrCodes.payload(
                ref,
                credentials.noiseKey().publicKey(),
                other.identityKey().publicKey(),
                credentials.advSecret())));
    assertEquals(
        "qr_ref_expired",
        scanError(
            QrCodes.payload(
                "2@notissued",
                credentials.noiseKey().publicKey(),
                credentials.identityKey().publicKey(),
                credentials.advSecret())));
    assertNull(companion.poll(Duration.ofMillis(100)), "a refused scan reached the companion");

    // the bare four-part form of the same companion pairs
    String bare =
        QrCodes.payload(
            ref,
            credentials.noiseKey().publicKey(),
            credentials.identityKey().publicKey(),
            credentials.advSecret());
    CompletableFuture<Paired> scan = CompletableFuture.supplyAsync(() -> phone.scanQr(bare));
    answerPairSuccess(companion, credentials.advSecret());
    assertTrue(scan.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).linked());
  }

  @Test
  void expiredRefsCannotBeScannedAndTheServerClosesWhenAllRunOut() throws Exception {
    MutableClock clock = new MutableClock();
    try (WaSimulator timed =
        WaSimulator.builder()
            .clock(clock)
            .refCount(3)
            .refLifetimes(Duration.ofMillis(600), Duration.ofMillis(300))
            .closeWhenRefsExpire(true)
            .start()) {
      SimulatedPhone p = timed.addPhone(PHONE);
      DeviceCredentials credentials = RawCompanion.fresh(random);
      RawCompanion companion = RawCompanion.register(timed, credentials);
      PairingStanzas.PairDevice refs = ack(companion);
      assertEquals(3, refs.refs().size());
      clock.advance(Duration.ofMillis(700));
      PhoneException expired =
          assertThrows(PhoneException.class, () -> p.scanQr(qr(refs.refs().get(0), credentials)));
      assertEquals("qr_ref_expired", expired.code());
      assertEquals(CloseReason.Kind.REMOTE_CLOSED, companion.awaitClose().kind());
      assertThrows(PhoneException.class, () -> p.scanQr(qr(refs.refs().get(2), credentials)));
    }
  }

  @Test
  void codePairingRunsTheThreeStagesAndLinks() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    ack(companion);
    CodePairing pairing = requestCode(companion, credentials);

    CompletableFuture<Paired> typed =
        CompletableFuture.supplyAsync(() -> phone.enterPairingCode(pairing.code().code()));
    BinaryNode notification = companion.next();
    assertSameShape(transcriptNode("transcript-code.json", "notification"), notification);
    PrimaryHello hello = PairingStanzas.parsePrimaryHello(notification);
    assertArrayEquals(phone.identityPublicKey(), hello.primaryIdentityPublicKey());
    companion.send(PairingStanzas.primaryHelloAck(notification));
    PairingCodeCrypto.KeyBundle bundle = pairing.finish(credentials.identityKey(), hello, random);
    BinaryNode finish =
        PairingStanzas.companionFinish(
            companion.nextId(),
            pairing,
            bundle.wrappedKeyBundle(),
            credentials.identityKey().publicKey());
    assertEquals(result(finish), companion.call(finish));

    PairOutcome.Paired paired = answerPairSuccess(companion, bundle.advSecret());
    assertEquals(PHONE + ":1@s.whatsapp.net", paired.deviceJid().toString());
    assertEquals("515", companion.next().attr("code"));
    Paired result = typed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(result.linked());
    SimulatedConnection registration = result.connection();
    assertNotNull(
        registration.awaitReceived(
            n -> "ack".equals(n.tag()) && "notification".equals(n.attr("class")), WAIT));
    loginReady(credentials).close();
  }

  @Test
  void aWrongCodeDoesNotOpenTheBundleAndLinksNothing() throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    ack(companion);
    CodePairing pairing = requestCode(companion, credentials);
    String wrong = pairing.code().value().startsWith("A") ? "BBBB-BBBB" : "AAAA-AAAA";

    CompletableFuture<Paired> typed =
        CompletableFuture.supplyAsync(() -> phone.enterPairingCode(wrong));
    BinaryNode notification = companion.next();
    PrimaryHello hello = PairingStanzas.parsePrimaryHello(notification);
    companion.send(PairingStanzas.primaryHelloAck(notification));
    PairingCodeCrypto.KeyBundle bundle = pairing.finish(credentials.identityKey(), hello, random);
    BinaryNode finish =
        PairingStanzas.companionFinish(
            companion.nextId(),
            pairing,
            bundle.wrappedKeyBundle(),
            credentials.identityKey().publicKey());
    assertEquals(result(finish), companion.call(finish));

    Exception failed =
        assertThrows(Exception.class, () -> typed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    PhoneException cause = assertInstanceOf(PhoneException.class, failed.getCause());
    assertEquals("code_mismatch", cause.code());
    assertNull(companion.poll(Duration.ofMillis(200)), "pair-success after a wrong code");
    assertTrue(simulator.pairedDevices().isEmpty());
    PhoneException none =
        assertThrows(PhoneException.class, () -> phone.enterPairingCode(pairing.code().code()));
    assertEquals("code_no_pending", none.code());
  }

  // ---- steps ----

  private PairingStanzas.PairDevice ack(RawCompanion companion) throws Exception {
    PairingStanzas.PairDevice refs = PairingStanzas.parsePairDevice(companion.next());
    companion.send(PairingStanzas.pairDeviceAck(refs));
    return refs;
  }

  private CodePairing requestCode(RawCompanion companion, DeviceCredentials credentials)
      throws Exception {
    CodePairing pairing = CodePairing.start(PHONE, random);
    BinaryNode hello =
        PairingStanzas.companionHello(
            companion.nextId(),
            pairing,
            pairing.wrappedEphemeral(random),
            credentials.noiseKey().publicKey(),
            CompanionPlatform.CHROME,
            "Chrome (Linux)",
            true);
    BinaryNode answer = companion.call(hello);
    assertSameShape(transcriptNode("transcript-code.json", "link_code_companion_reg"), answer);
    return pairing.withRef(PairingStanzas.parseCompanionHelloResult(answer));
  }

  /** Receives pair-success, verifies it as the companion, sends pair-device-sign. */
  private PairOutcome.Paired answerPairSuccess(RawCompanion companion, byte[] advSecret)
      throws Exception {
    BinaryNode pairSuccess = companion.next();
    assertTrue(PairingStanzas.isPairSuccess(pairSuccess), pairSuccess::toString);
    PairOutcome outcome =
        PairSuccessVerifier.verify(
            PairingStanzas.parsePairSuccess(pairSuccess),
            companion.credentials.identityKey(),
            advSecret,
            random);
    PairOutcome.Paired paired =
        assertInstanceOf(PairOutcome.Paired.class, outcome, outcome::toString);
    ADVDeviceIdentity details =
        ADVDeviceIdentity.parseFrom(
            ADVSignedDeviceIdentity.parseFrom(paired.account()).getDetails());
    assertEquals(paired.keyIndex(), details.getKeyIndex());
    companion.send(PairingStanzas.reply(outcome));
    return paired;
  }

  private void assertRefused(PairingFault fault, PairingError expected, String text)
      throws Exception {
    DeviceCredentials credentials = RawCompanion.fresh(random);
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    PairingStanzas.PairDevice refs = ack(companion);
    String qr = qr(refs.refs().get(0), credentials);
    CompletableFuture<Paired> scan = CompletableFuture.supplyAsync(() -> phone.scanQr(qr, fault));
    PairOutcome outcome =
        PairSuccessVerifier.verify(
            PairingStanzas.parsePairSuccess(companion.next()),
            credentials.identityKey(),
            credentials.advSecret(),
            random);
    PairOutcome.Rejected rejected = assertInstanceOf(PairOutcome.Rejected.class, outcome);
    assertEquals(expected, rejected.error());
    companion.send(PairingStanzas.reply(outcome));
    Paired result = scan.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(Paired.Outcome.REJECTED, result.outcome());
    assertEquals(401, result.errorCode());
    assertEquals(text, result.errorText());
    companion.close();
  }

  /** Registers, scans the first QR and answers as a correct companion; returns the device JID. */
  private String pairByQr(DeviceCredentials credentials) throws Exception {
    RawCompanion companion = RawCompanion.register(simulator, credentials);
    PairingStanzas.PairDevice refs = ack(companion);
    String qr = qr(refs.refs().get(0), credentials);
    CompletableFuture<Paired> scan = CompletableFuture.supplyAsync(() -> phone.scanQr(qr));
    answerPairSuccess(companion, credentials.advSecret());
    assertEquals("515", companion.next().attr("code"));
    companion.awaitClose();
    return scan.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).deviceJid();
  }

  /** Logs in (device from the single linked JID) and reads success and the offline marker. */
  private RawCompanion loginReady(DeviceCredentials credentials) throws Exception {
    int device = 0;
    for (LinkedDevice d : simulator.pairedDevices()) {
      if (Arrays.equals(d.noiseKey(), credentials.noiseKey().publicKey())) {
        device = d.deviceId();
      }
    }
    RawCompanion session =
        RawCompanion.login(simulator, credentials, Long.parseLong(PHONE), device);
    assertEquals("success", session.next().tag());
    assertEquals("ib", session.next().tag());
    return session;
  }

  private void assertLoginRefused(DeviceCredentials credentials, int device, String reason)
      throws Exception {
    RawCompanion refused =
        RawCompanion.login(simulator, credentials, Long.parseLong(PHONE), device);
    assertEquals(BinaryNode.of("failure", Map.of("reason", reason)), refused.next());
    assertEquals(CloseReason.Kind.REMOTE_CLOSED, refused.awaitClose().kind());
  }

  private SimulatedConnection awaitNewLogin(String jid, SimulatedConnection previous)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      SimulatedConnection c = simulator.awaitLogin(jid, WAIT);
      if (c != null && c != previous) {
        return c;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no new login");
  }

  private String countPreKeys(RawCompanion session) throws InterruptedException {
    BinaryNode count = iq(session.nextId(), "encrypt", "get", BinaryNode.of("count"));
    BinaryNode answer = session.call(count);
    assertEquals("result", answer.attr("type"));
    assertEquals(count.attr("id"), answer.attr("id"));
    return answer.child("count").attr("value");
  }

  private String scanError(String qr) {
    return assertThrows(PhoneException.class, () -> phone.scanQr(qr)).code();
  }

  private static PairOutcome.Paired withReply(PairOutcome.Paired p, byte[] replyIdentity) {
    return new PairOutcome.Paired(
        p.iqId(),
        p.deviceJid(),
        p.deviceLid(),
        p.platform(),
        p.businessName(),
        p.serverTime(),
        p.account(),
        replyIdentity,
        p.keyIndex(),
        p.primaryIdentityKey(),
        p.hosted());
  }

  private static String qr(String ref, DeviceCredentials credentials) {
    return QrCodes.link(
        ref,
        credentials.noiseKey().publicKey(),
        credentials.identityKey().publicKey(),
        credentials.advSecret(),
        CompanionPlatform.CHROME);
  }

  private static BinaryNode iq(String id, String xmlns, String type, BinaryNode... children) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("iq")
            .attr("id", id)
            .attr("xmlns", xmlns)
            .attr("type", type)
            .attr("to", PairingStanzas.SERVER_JID);
    for (BinaryNode child : children) {
      b.child(child);
    }
    return b.build();
  }

  private static BinaryNode result(BinaryNode request) {
    return BinaryNode.of(
        "iq", Map.of("from", "s.whatsapp.net", "type", "result", "id", request.attr("id")));
  }

  /** docs/protocol/pairing.md §5.2: registration, type, identity, list of keys, signed prekey. */
  private BinaryNode preKeyUpload(
      String id, DeviceCredentials credentials, int firstId, int count) {
    BinaryNode.Builder list = BinaryNode.newBuilder("list");
    for (var key : DeviceKeys.preKeys(firstId, count, random)) {
      list.child(
          BinaryNode.newBuilder("key")
              .child(BinaryNode.of("id", Map.of(), id3(key.id())))
              .child(BinaryNode.of("value", Map.of(), key.keyPair().publicKey()))
              .build());
    }
    DeviceCredentials.SignedPreKey skey = credentials.signedPreKey();
    int reg = credentials.registrationId();
    return iq(
        id,
        "encrypt",
        "set",
        BinaryNode.of(
            "registration",
            Map.of(),
            new byte[] {(byte) (reg >>> 24), (byte) (reg >>> 16), (byte) (reg >>> 8), (byte) reg}),
        BinaryNode.of("type", Map.of(), new byte[] {Curve.DJB_TYPE}),
        BinaryNode.of("identity", Map.of(), credentials.identityKey().publicKey()),
        list.build(),
        BinaryNode.newBuilder("skey")
            .child(BinaryNode.of("id", Map.of(), id3(skey.id())))
            .child(BinaryNode.of("value", Map.of(), skey.keyPair().publicKey()))
            .child(BinaryNode.of("signature", Map.of(), skey.signature()))
            .build());
  }

  private static byte[] id3(int id) {
    return new byte[] {(byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  private static BinaryNode lastSent(SimulatedConnection connection) {
    List<BinaryNode> sent = connection.sent();
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).child("pair-success") != null) {
        return sent.get(i);
      }
    }
    throw new AssertionError("no pair-success sent");
  }

  // ---- transcript shapes ----

  /**
   * The first server→client stanza of a transcript whose tag or first child's tag is {@code tag}.
   */
  @SuppressWarnings("unchecked")
  private static BinaryNode transcriptNode(String file, String tag) throws Exception {
    Map<String, Object> root =
        (Map<String, Object>)
            new Moshi.Builder().build().adapter(Object.class).fromJson(Vectors.text(file));
    for (Object o : (List<Object>) root.get("stanzas")) {
      Map<String, Object> stanza = (Map<String, Object>) o;
      if (!"server->client".equals(stanza.get("dir"))) {
        continue;
      }
      BinaryNode node = NodeJson.fromValue(stanza.get("node"));
      if (node.tag().equals(tag)
          || (!node.children().isEmpty() && node.children().get(0).tag().equals(tag))) {
        return node;
      }
    }
    throw new AssertionError("no " + tag + " in " + file);
  }

  /**
   * Same tag, same attribute names (ours may add {@code t}), same distinct child tags in the same
   * order, recursively.
   */
  private static void assertSameShape(BinaryNode expected, BinaryNode actual) {
    assertEquals(expected.tag(), actual.tag());
    TreeSet<String> want = new TreeSet<>(expected.attrs().keySet());
    TreeSet<String> got = new TreeSet<>(actual.attrs().keySet());
    got.remove("t");
    want.remove("t");
    assertEquals(want, got, () -> "attributes of <" + actual.tag() + ">");
    List<String> wantTags = distinctTags(expected);
    List<String> gotTags = distinctTags(actual);
    assertEquals(wantTags, gotTags, () -> "children of <" + actual.tag() + ">");
    for (String tag : wantTags) {
      assertSameShape(expected.child(tag), actual.child(tag));
    }
  }

  private static List<String> distinctTags(BinaryNode node) {
    List<String> tags = new ArrayList<>();
    for (BinaryNode c : node.children()) {
      if (!tags.contains(c.tag())) {
        tags.add(c.tag());
      }
    }
    return tags;
  }
}
