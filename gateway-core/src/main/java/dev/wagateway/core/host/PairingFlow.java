package dev.wagateway.core.host;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.QrCode;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.Paired;
import dev.wagateway.core.event.PairingCodeIssued;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.internal.pairing.CodePairing;
import dev.wagateway.core.internal.pairing.PairOutcome;
import dev.wagateway.core.internal.pairing.PairSuccess;
import dev.wagateway.core.internal.pairing.PairSuccessVerifier;
import dev.wagateway.core.internal.pairing.PairingCodeCrypto;
import dev.wagateway.core.internal.pairing.PairingStanzas;
import dev.wagateway.core.internal.pairing.PrimaryHello;
import dev.wagateway.core.internal.pairing.QrCodes;
import dev.wagateway.core.internal.pairing.QrRotation;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linking a new device (docs/protocol/pairing.md §2-§4): the QR refs of {@code pair-device}, the
 * phone-code stages ({@code companion_hello}, {@code primary_hello}, {@code companion_finish}), and
 * {@code pair-success}: verify, persist in one transaction, and only then answer with {@code
 * pair-device-sign}; a refused one gets {@code pair-error} and nothing is stored.
 */
final class PairingFlow {
  private static final Logger log = LoggerFactory.getLogger(PairingFlow.class);

  private final Session session;

  PairingFlow(Session session) {
    this.session = session;
  }

  void onPairDevice(Link l, BinaryNode iq) {
    PairingStanzas.PairDevice refs;
    try {
      refs = PairingStanzas.parsePairDevice(iq);
    } catch (WireException e) {
      log.warn("ignoring a pair-device iq: {}", e.getMessage());
      return;
    }
    l.send(PairingStanzas.pairDeviceAck(refs));
    DeviceCredentials creds = session.creds;
    if (creds.paired() || l.qr != null) {
      return;
    }
    QrRotation rotation =
        new QrRotation(
            refs.refs(), session.host.config.qrFirstTtl(), session.host.config.qrNextTtl());
    l.refsReceived = true;
    l.qr =
        new QrDisplay(
            rotation,
            ref ->
                QrCodes.link(
                    ref,
                    creds.noiseKey().publicKey(),
                    creds.identityKey().publicKey(),
                    creds.advSecret(),
                    session.host.platform),
            session.host.clock(),
            session.host.config.scheduler(),
            session.actor,
            qr -> onQrShown(l, qr),
            () -> onQrExhausted(l, rotation));
    l.qr.advance();
    if (session.pendingCode != null) {
      sendCompanionHello(l);
    }
  }

  private void onQrShown(Link l, QrCode qr) {
    if (session.link != l) {
      return;
    }
    session.setStatus(SessionStatus.QR_READY, null);
    if (l.codePairing == null && session.pendingCode == null) {
      session.publish(new QrCodeIssued(session.id, l.qr.shownAt(), qr.code(), qr.expiresAt()));
    }
  }

  private void onQrExhausted(Link l, QrRotation rotation) {
    if (session.link != l) {
      return;
    }
    session.drop(
        l,
        new Disconnect(
            Disconnect.Kind.QR_TIMEOUT,
            "qr_timeout",
            "qr_timeout: "
                + QrRotation.EXHAUSTED_REASON
                + " (nothing scanned within "
                + rotation.totalLifetime().toSeconds()
                + " s)"));
  }

  // ---- phone code ----

  @SuppressWarnings("FutureReturnValueIgnored") // the whenComplete callback handles each outcome
  void sendCompanionHello(Link l) {
    Session.PendingCode pending = session.pendingCode;
    session.pendingCode = null;
    if (pending == null) {
      return;
    }
    CodePairing pairing = CodePairing.start(pending.phoneDigits(), session.host.config.random());
    String iqId = l.iqs.nextId();
    BinaryNode hello =
        PairingStanzas.companionHello(
            iqId,
            pairing,
            pairing.wrappedEphemeral(session.host.config.random()),
            session.creds.noiseKey().publicKey(),
            session.host.platform,
            session.host.config.deviceDisplay(),
            true);
    l.iqs
        .track(iqId, session.host.config.iqTimeout())
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                pending
                    .future()
                    .completeExceptionally(
                        new GatewayException(
                            ErrorCode.PAIRING_CODE_FAILED,
                            "the server did not accept the phone-code request: "
                                + error.getMessage()));
                return;
              }
              try {
                l.codePairing = pairing.withRef(PairingStanzas.parseCompanionHelloResult(result));
              } catch (WireException | GatewayException e) {
                pending
                    .future()
                    .completeExceptionally(
                        new GatewayException(ErrorCode.PAIRING_CODE_FAILED, e.getMessage()));
                return;
              }
              String code = pairing.code().code();
              pending.future().complete(new PairingCode(code));
              session.publish(new PairingCodeIssued(session.id, session.now(), code));
            });
    l.send(hello);
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the whenComplete callback handles each outcome
  void onPrimaryHello(Link l, BinaryNode notification) {
    PrimaryHello hello;
    try {
      hello = PairingStanzas.parsePrimaryHello(notification);
    } catch (WireException e) {
      log.warn("ignoring a primary_hello: {}", e.getMessage());
      return;
    }
    CodePairing pairing = l.codePairing;
    if (pairing == null || !pairing.matches(hello)) {
      log.info("primary_hello does not answer a pending phone-code pairing; ignored");
      return;
    }
    PairingCodeCrypto.KeyBundle bundle;
    try {
      bundle = pairing.finish(session.creds.identityKey(), hello, session.host.config.random());
    } catch (GatewayException e) {
      log.warn("phone-code pairing failed: {}", e.code());
      return;
    }
    // Kept in memory only: it becomes durable together with the account after pair-success.
    l.derivedAdvSecret = bundle.advSecret();
    String iqId = l.iqs.nextId();
    l.iqs
        .track(iqId, session.host.config.iqTimeout())
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                log.warn("companion_finish was not accepted: {}", error.getMessage());
              }
            });
    l.send(
        PairingStanzas.companionFinish(
            iqId, pairing, bundle.wrappedKeyBundle(), session.creds.identityKey().publicKey()));
  }

  // ---- pair-success ----

  void onPairSuccess(Link l, BinaryNode iq) {
    PairSuccess stanza;
    try {
      stanza = PairingStanzas.parsePairSuccess(iq);
    } catch (WireException e) {
      log.warn("ignoring a pair-success iq: {}", e.getMessage());
      return;
    }
    DeviceCredentials creds = session.creds;
    if (creds.paired()) {
      log.warn("pair-success for a device that is already paired; ignored");
      return;
    }
    byte[] advSecret = l.derivedAdvSecret != null ? l.derivedAdvSecret : creds.advSecret();
    PairOutcome outcome =
        PairSuccessVerifier.verify(
            stanza, creds.identityKey(), advSecret, session.host.config.random());
    if (outcome instanceof PairOutcome.Rejected rejected) {
      log.warn("pair-success refused: {}", rejected.error().code());
      l.send(PairingStanzas.pairError(rejected));
      session.drop(
          l,
          new Disconnect(
              Disconnect.Kind.PAIRING_FAILED,
              "pairing_failed",
              "pairing_failed: " + rejected.error().code() + ": " + rejected.detail()));
      return;
    }
    PairOutcome.Paired paired = (PairOutcome.Paired) outcome;
    DeviceCredentials linked =
        new DeviceCredentials(
            creds.noiseKey(),
            creds.identityKey(),
            creds.registrationId(),
            creds.signedPreKey(),
            advSecret,
            paired.toAccount());
    Jid primary = paired.deviceLid() != null ? paired.deviceLid() : paired.deviceJid();
    String primaryAddress = SignalProtocol.address(primary.user(), primary.domainType(), 0);
    try {
      session.host.store.inTransaction(
          session.id,
          tx -> {
            tx.credentials().save(linked);
            tx.identities().put(primaryAddress, paired.primaryIdentityKey());
            return null;
          });
    } catch (RuntimeException e) {
      log.error("could not store the pairing; refusing it: {}", e.toString());
      // what the store holds now is unknown: the next connection reads it again
      session.creds = null;
      l.send(Stanzas.iqError(paired.iqId(), 500, "internal-error"));
      session.drop(
          l,
          new Disconnect(
              Disconnect.Kind.PAIRING_FAILED,
              "pairing_failed",
              "pairing_failed: could not store the pairing: " + e.getMessage()));
      return;
    }
    session.creds = linked;
    if (l.qr != null) {
      l.qr.stop();
    }
    l.derivedAdvSecret = null;
    l.codePairing = null;
    l.send(PairingStanzas.pairDeviceSign(paired));
    session.setStatus(SessionStatus.AUTHENTICATING, null);
    session.publish(new Paired(session.id, session.now(), session.identity()));
    log.info("paired as device {}", paired.deviceJid().device());
  }
}
