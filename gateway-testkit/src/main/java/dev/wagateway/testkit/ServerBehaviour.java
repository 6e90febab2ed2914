package dev.wagateway.testkit;

import dev.wagateway.core.WaVersion;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.testkit.internal.PresentedPayload;
import dev.wagateway.testkit.internal.ServerStanzas;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the simulated WhatsApp server does on every connection (docs/protocol/pairing.md,
 * docs/protocol/transport.md §7): reads the ClientPayload, sends pair-device refs to a registration
 * or {@code success}/{@code failure} to a login, and answers the client's iqs by namespace. Runs on
 * the connection's reader, one node at a time; a phone's waiting happens on the test's thread,
 * never here.
 */
final class ServerBehaviour {
  private static final Logger log = LoggerFactory.getLogger(ServerBehaviour.class);

  private final WaSimulator simulator;
  private final Accounts accounts;
  private final SecureRandom random;
  private final int refCount;
  private final MessageRouter router;

  ServerBehaviour(
      WaSimulator simulator,
      Accounts accounts,
      SecureRandom random,
      int refCount,
      MessageRouter router) {
    this.simulator = simulator;
    this.router = router;
    this.accounts = accounts;
    this.random = random;
    this.refCount = refCount;
  }

  // ---- handshake: registration or login ----

  void onHandshake(SimulatedConnection connection) {
    PresentedPayload payload;
    try {
      payload = PresentedPayload.parse(connection.clientPayload());
    } catch (PresentedPayload.BadPayloadException e) {
      log.info("simulator refuses a ClientPayload: {}", e.getMessage());
      connection.refused();
      connection.sendAndClose(ServerStanzas.failure(400, Map.of()));
      return;
    }
    if (payload.isRegistration()) {
      register(connection, payload);
    } else if (payload.isLogin()) {
      login(connection, payload);
    } else {
      // neither registration nor login: no behaviour, the test drives it by hand
      connection.presented(payload, SimulatedConnection.Kind.UNKNOWN);
    }
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // scheduled simulator steps handle their own failures
  private void register(SimulatedConnection connection, PresentedPayload payload) {
    if (refusedUpFront(connection, payload)) {
      return;
    }
    connection.presented(payload, SimulatedConnection.Kind.REGISTRATION);
    List<String> refs = new ArrayList<>(refCount);
    for (int i = 0; i < refCount; i++) {
      refs.add(newRef());
    }
    connection.refsIssued(refs, simulator.now());
    accounts.registered(connection);
    if (simulator.closesWhenRefsExpire()) {
      Instant issued = connection.refsIssuedAt();
      long lifetime =
          Duration.between(issued, simulator.refExpiry(issued, refCount - 1)).toMillis();
      simulator
          .scheduler()
          .schedule(
              () -> {
                if (!connection.pairingStarted()) {
                  connection.close();
                }
              },
              lifetime,
              TimeUnit.MILLISECONDS);
    }
    connection
        .sendIq(ServerStanzas.pairDevice(simulator.nextId(), refs))
        .thenAccept(
            reply -> {
              connection.pairDeviceAcked("result".equals(reply.attr("type")));
              accounts.changed();
            });
  }

  private void login(SimulatedConnection connection, PresentedPayload payload) {
    String jid =
        payload.device() == 0
            ? payload.username() + "@s.whatsapp.net"
            : payload.username() + ":" + payload.device() + "@s.whatsapp.net";
    connection.presented(payload, SimulatedConnection.Kind.UNKNOWN);
    connection.claimed(jid);
    accounts.loginAttempt(connection);
    if (refusedUpFront(connection, payload)) {
      return;
    }
    Accounts.ForcedFailure forced = accounts.forcedFailure(jid);
    if (forced != null) {
      connection.refused();
      connection.sendAndClose(ServerStanzas.failure(forced.reason(), forced.attrs()));
      return;
    }
    DeviceEntry entry = accounts.authenticate(jid, connection.clientStaticKey());
    if (entry == null) {
      connection.refused();
      connection.sendAndClose(ServerStanzas.failure(401, Map.of()));
      return;
    }
    connection.loggedIn(jid);
    for (SimulatedConnection old : accounts.openLogins(jid)) {
      old.sendConflict();
    }
    long now = simulator.now().getEpochSecond();
    connection.send(
        ServerStanzas.success(
            now,
            entry.linkedAt.getEpochSecond(),
            entry.lid,
            entry.phone.pushName(),
            Map.of("companion_enc_static", entry.encStatic)));
    connection.send(ServerStanzas.offlineDone());
    // visible to awaitLogin only now, so a test's stream error always follows success
    accounts.loggedIn(connection);
    router.flushOffline(connection);
  }

  /**
   * Refusals that come before any account lookup: a client older than the minimum version gets
   * {@code <failure reason="405"/>} (client outdated), and during a {@link
   * WaSimulator.Outage#FAILURE_503} outage every client gets {@code <failure reason="503"/>}.
   */
  private boolean refusedUpFront(SimulatedConnection connection, PresentedPayload payload) {
    WaVersion minimum = simulator.minimumVersion();
    int reason;
    if (minimum != null && (payload.version() == null || minimum.isNewerThan(payload.version()))) {
      reason = 405;
    } else if (simulator.outage() == WaSimulator.Outage.FAILURE_503) {
      reason = 503;
    } else {
      return false;
    }
    connection.presented(payload, SimulatedConnection.Kind.UNKNOWN);
    connection.refused();
    connection.sendAndClose(ServerStanzas.failure(reason, Map.of()));
    return true;
  }

  // ---- nodes from the client ----

  /** Handles one node; false leaves it for {@link SimulatedConnection#takeNode}. */
  boolean onNode(SimulatedConnection connection, BinaryNode node) {
    switch (node.tag()) {
      case "iq" -> {
        onIq(connection, node);
        return true;
      }
      case "ack" -> {
        router.onClientAck(connection, node);
        return true;
      }
      case "message" -> {
        if (connection.kind() == SimulatedConnection.Kind.LOGIN) {
          try {
            router.onClientMessage(connection, node);
          } catch (RuntimeException e) {
            log.info("simulator could not route a message: {}", e.toString());
            connection.send(ServerStanzas.ack(node, simulator.now().getEpochSecond()));
          }
        }
        return false;
      }
      case "call" -> {
        if (connection.kind() == SimulatedConnection.Kind.LOGIN) {
          router.onClientCall(connection, node);
        }
        return false;
      }
      case "receipt" -> {
        if (connection.kind() == SimulatedConnection.Kind.LOGIN) {
          try {
            router.onClientReceipt(connection, node);
          } catch (RuntimeException e) {
            log.info("simulator could not route a receipt: {}", e.toString());
          }
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  private void onIq(SimulatedConnection connection, BinaryNode iq) {
    String type = iq.attr("type");
    String id = iq.attr("id");
    if ("result".equals(type) || "error".equals(type)) {
      connection.completeIq(iq);
      return;
    }
    if (id == null || id.isEmpty()) {
      connection.send(ServerStanzas.error("", 400, "bad-request"));
      return;
    }
    String xmlns = iq.attr("xmlns") == null ? "" : iq.attr("xmlns");
    switch (xmlns) {
      case "w:p" -> pong(connection, iq);
      case "encrypt" -> encrypt(connection, iq);
      case "passive" -> passive(connection, iq);
      case "md" -> md(connection, iq);
      case "usync" -> {
        if (loggedInDevice(connection, iq) != null) {
          router.usync(connection, iq);
        }
      }
      case "w:g2" -> {
        if (loggedInDevice(connection, iq) != null) {
          router.groupMetadata(connection, iq);
        }
      }
      case "w:m" -> {
        if (loggedInDevice(connection, iq) != null) {
          connection.send(simulator.media().mediaConn(id));
        }
      }
      case "w", "abt", "blocklist", "privacy" -> connection.send(ServerStanzas.result(id));
      default -> notImplemented(connection, iq);
    }
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // scheduled simulator steps handle their own failures
  private void pong(SimulatedConnection connection, BinaryNode iq) {
    Boolean ignore = connection.ignorePingsSetting();
    if (ignore == null ? simulator.ignoresPings() : ignore) {
      return;
    }
    Duration delay = connection.pongDelaySetting();
    if (delay == null) {
      delay = simulator.pongDelay();
    }
    BinaryNode pong = ServerStanzas.result(iq.attr("id"));
    if (delay.isZero() || delay.isNegative()) {
      connection.send(pong);
      return;
    }
    simulator
        .scheduler()
        .schedule(
            () -> {
              if (connection.isOpen()) {
                connection.send(pong);
              }
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void encrypt(SimulatedConnection connection, BinaryNode iq) {
    String id = iq.attr("id");
    DeviceEntry entry = loggedInDevice(connection, iq);
    if (entry == null) {
      return;
    }
    if ("get".equals(iq.attr("type")) && iq.child("count") != null) {
      int count;
      synchronized (accounts) {
        count = entry.preKeys.size();
      }
      connection.send(
          ServerStanzas.result(
              id, BinaryNode.newBuilder("count").attr("value", Integer.toString(count)).build()));
      return;
    }
    if ("set".equals(iq.attr("type")) && iq.child("list") != null) {
      uploadPreKeys(connection, iq, entry);
      return;
    }
    if ("get".equals(iq.attr("type")) && iq.child("key") != null) {
      router.preKeyFetch(connection, iq);
      return;
    }
    notImplemented(connection, iq);
  }

  /**
   * Stores a prekey upload (docs/protocol/pairing.md §5.2) after checking its shape and the signed
   * prekey.
   */
  private void uploadPreKeys(SimulatedConnection connection, BinaryNode iq, DeviceEntry entry) {
    String id = iq.attr("id");
    byte[] identity = bytes(iq.child("identity"));
    BinaryNode skey = iq.child("skey");
    if (identity == null || !MessageDigest.isEqual(identity, entry.identityKey) || skey == null) {
      connection.send(ServerStanzas.error(id, 400, "bad-request"));
      return;
    }
    byte[] skeyId = bytes(skey.child("id"));
    byte[] skeyValue = bytes(skey.child("value"));
    byte[] skeySignature = bytes(skey.child("signature"));
    if (skeyId == null
        || skeyId.length != 3
        || skeyValue == null
        || skeyValue.length != 32
        || skeySignature == null
        || skeySignature.length != 64
        || !Curve.verify(entry.identityKey, Curve.withPrefix(skeyValue), skeySignature)) {
      connection.send(ServerStanzas.error(id, 400, "bad-request"));
      return;
    }
    List<int[]> ids = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (BinaryNode key : iq.child("list").children("key")) {
      byte[] keyId = bytes(key.child("id"));
      byte[] value = bytes(key.child("value"));
      if (keyId == null || keyId.length != 3 || value == null || value.length != 32) {
        connection.send(ServerStanzas.error(id, 400, "bad-request"));
        return;
      }
      ids.add(new int[] {uint(keyId)});
      values.add(value);
    }
    synchronized (accounts) {
      for (int i = 0; i < ids.size(); i++) {
        entry.preKeys.put(ids.get(i)[0], values.get(i));
      }
      entry.signedPreKeyId = uint(skeyId);
      entry.signedPreKey = skeyValue;
      entry.signedPreKeySignature = skeySignature;
    }
    connection.send(ServerStanzas.result(id));
  }

  private void passive(SimulatedConnection connection, BinaryNode iq) {
    if (loggedInDevice(connection, iq) == null) {
      return;
    }
    if (iq.child("active") != null) {
      connection.active(true);
    } else if (iq.child("passive") != null) {
      connection.active(false);
    } else {
      connection.send(ServerStanzas.error(iq.attr("id"), 400, "bad-request"));
      return;
    }
    connection.send(ServerStanzas.result(iq.attr("id")));
  }

  private void md(SimulatedConnection connection, BinaryNode iq) {
    BinaryNode remove = iq.child("remove-companion-device");
    if (remove != null) {
      removeCompanion(connection, iq, remove);
      return;
    }
    BinaryNode reg = iq.child("link_code_companion_reg");
    if (reg != null) {
      linkCode(connection, iq, reg);
      return;
    }
    notImplemented(connection, iq);
  }

  /** Logout by the companion (docs/protocol/pairing.md §6.4): unlink, answer, close. */
  @SuppressWarnings(
      "FutureReturnValueIgnored") // scheduled simulator steps handle their own failures
  private void removeCompanion(SimulatedConnection connection, BinaryNode iq, BinaryNode remove) {
    DeviceEntry entry = loggedInDevice(connection, iq);
    if (entry == null) {
      return;
    }
    String target = remove.attr("jid");
    if (target == null || !target.equals(entry.jid)) {
      connection.send(ServerStanzas.error(iq.attr("id"), 403, "forbidden"));
      return;
    }
    List<SimulatedConnection> others = accounts.unlink(entry.jid);
    connection.send(ServerStanzas.result(iq.attr("id")));
    simulator
        .scheduler()
        .schedule(
            () -> connection.close(),
            simulator.logoutCloseDelay().toMillis(),
            TimeUnit.MILLISECONDS);
    for (SimulatedConnection other : others) {
      if (other != connection) {
        other.sendDeviceRemoved();
      }
    }
  }

  /** Phone-code pairing, server side (docs/protocol/pairing.md §4.3, §4.5). */
  private void linkCode(SimulatedConnection connection, BinaryNode iq, BinaryNode reg) {
    String id = iq.attr("id");
    if (connection.kind() != SimulatedConnection.Kind.REGISTRATION) {
      connection.send(ServerStanzas.error(id, 400, "bad-request"));
      return;
    }
    String stage = reg.attr("stage");
    if ("companion_hello".equals(stage)) {
      String jid = reg.attr("jid");
      byte[] wrapped = bytes(reg.child("link_code_pairing_wrapped_companion_ephemeral_pub"));
      byte[] authKey = bytes(reg.child("companion_server_auth_key_pub"));
      BinaryNode platformId = reg.child("companion_platform_id");
      byte[] display = bytes(reg.child("companion_platform_display"));
      if (jid == null
          || !jid.endsWith("@s.whatsapp.net")
          || jid.contains(":")
          || wrapped == null
          || wrapped.length != 80
          || authKey == null
          || !MessageDigest.isEqual(authKey, connection.clientStaticKey())
          || platformId == null
          || display == null) {
        connection.send(ServerStanzas.error(id, 400, "bad-request"));
        return;
      }
      byte[] ref = newRef().getBytes(StandardCharsets.US_ASCII);
      String digits = jid.substring(0, jid.indexOf('@'));
      byte[] platform = bytes(platformId);
      connection.codeRequest(
          new CodeRequest(
              digits,
              wrapped,
              ref,
              platform == null ? "" : new String(platform, StandardCharsets.UTF_8),
              new String(display, StandardCharsets.UTF_8)));
      connection.send(ServerStanzas.companionHelloResult(id, ref));
      accounts.changed();
      return;
    }
    if ("companion_finish".equals(stage)) {
      CodeRequest request = connection.codeRequest();
      byte[] ref = bytes(reg.child("link_code_pairing_ref"));
      if (request == null || ref == null || !MessageDigest.isEqual(ref, request.ref())) {
        connection.send(ServerStanzas.error(id, 400, "bad-request"));
        return;
      }
      connection.send(ServerStanzas.result(id));
      request.finish.complete(reg);
      return;
    }
    connection.send(ServerStanzas.error(id, 400, "bad-request"));
  }

  private DeviceEntry loggedInDevice(SimulatedConnection connection, BinaryNode iq) {
    String jid = connection.loginJid();
    DeviceEntry entry = jid == null ? null : accounts.device(jid);
    if (entry == null || !entry.linked) {
      connection.send(ServerStanzas.error(iq.attr("id"), 401, "not-authorized"));
      return null;
    }
    return entry;
  }

  private void notImplemented(SimulatedConnection connection, BinaryNode iq) {
    connection.send(ServerStanzas.error(iq.attr("id"), 501, "feature-not-implemented"));
  }

  private String newRef() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return "2@" + Base64.getEncoder().encodeToString(bytes);
  }

  /** Byte content; text content (a short value may decode as text) as UTF-8. */
  static byte[] bytes(BinaryNode node) {
    if (node == null) {
      return null;
    }
    if (node.bytes() != null) {
      return node.bytes();
    }
    return node.text() == null ? null : node.text().getBytes(StandardCharsets.UTF_8);
  }

  private static int uint(byte[] bigEndian) {
    int v = 0;
    for (byte b : bigEndian) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }
}
