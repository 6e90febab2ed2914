package dev.wagateway.core.host;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.Identity;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.QrCode;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.WaVersion;
import dev.wagateway.core.event.Disconnected;
import dev.wagateway.core.event.LoggedOut;
import dev.wagateway.core.event.SessionDegraded;
import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.noise.ClientPayloads;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.StoredSession;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One hosted session: its connection, status and flows. Everything here runs on the session's own
 * serial executor (no thread of its own): connection callbacks, timers and API calls are posted to
 * it, so the fields need no locks. {@link #snapshot()} is the one thing read from other threads.
 */
final class Session {
  private static final Logger log = LoggerFactory.getLogger(Session.class);
  private static final Set<String> LIVE_STATUSES =
      Set.of(
          StoredSession.STATUS_INITIALIZING,
          StoredSession.STATUS_QR_READY,
          StoredSession.STATUS_AUTHENTICATING,
          StoredSession.STATUS_READY);

  final String id;
  final HostContext host;
  final Executor actor;
  final PairingFlow pairing;
  final LoginFlow login;
  final PreKeyManager preKeys;
  final Messaging messaging;
  final MessageSender sender;
  final MessageReceiver receiver;
  final MediaTransfer media;
  private final NodeDispatcher dispatcher;
  private final Reconnector reconnector;
  private final VersionRefresh versions;

  /** The version the current (or last) connection presented. */
  private WaVersion presentedVersion;

  private volatile SessionInfo snapshot;
  StoredSession meta;

  /**
   * Written on the actor only; volatile because the send path ({@link Messaging#own()}, {@link
   * MessageSender}) reads it from other threads. The record is immutable, so one read gives a
   * consistent set of keys and account.
   */
  volatile DeviceCredentials creds;

  private SessionStatus status;
  private String lastError;
  private boolean running;
  Link link;
  private int generation;
  private ScheduledFuture<?> reconnectTimer;
  PendingCode pendingCode;
  private final List<CompletableFuture<SessionInfo>> logoutWaiters = new ArrayList<>();
  private ScheduledFuture<?> logoutDeadline;
  private boolean deleted;

  /** A phone-code request waiting for a connection with refs. */
  record PendingCode(String phoneDigits, CompletableFuture<PairingCode> future) {}

  /**
   * @param fromEarlierRun the row was loaded at host start: a live status it holds was reported by
   *     a process that is gone, so it is shown as disconnected
   */
  Session(HostContext host, StoredSession stored, boolean fromEarlierRun) {
    this.id = stored.id();
    this.host = host;
    Executor serial = Threads.serial();
    this.actor =
        task ->
            serial.execute(
                () -> {
                  MDC.put("session", id);
                  try {
                    task.run();
                  } finally {
                    MDC.remove("session");
                  }
                });
    this.pairing = new PairingFlow(this);
    this.login = new LoginFlow(this);
    this.preKeys = new PreKeyManager(this);
    this.messaging = new Messaging(this);
    this.sender = new MessageSender(this, messaging);
    this.receiver = new MessageReceiver(this, messaging, sender);
    this.media = new MediaTransfer(this, messaging);
    this.dispatcher = new NodeDispatcher(this);
    this.versions = new VersionRefresh(this);
    this.reconnector =
        new Reconnector(
            host.config.backoffBase(),
            host.config.backoffMax(),
            host.config.backoffJitter(),
            host.config.reconnectLoopAttempts(),
            host.config.reconnectLoopWindow(),
            host.config.random());
    StoredSession loaded = stored;
    if (fromEarlierRun && LIVE_STATUSES.contains(stored.status())) {
      // the process that reported this status is gone
      loaded =
          stored.withStatus(
              StoredSession.STATUS_DISCONNECTED, stored.lastError(), stored.updatedAt());
    }
    this.meta = loaded;
    this.status = SessionStatus.fromWireName(loaded.status());
    this.lastError = loaded.lastError();
    refreshSnapshot();
  }

  // ---- called from any thread ----

  SessionInfo snapshot() {
    return snapshot;
  }

  /** Runs {@code work} on the session's executor. */
  <T> CompletableFuture<T> call(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    actor.execute(
        () -> {
          try {
            result.complete(work.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  // ---- operations (on the actor) ----

  SessionInfo start() {
    requireNotDeleted();
    if (running) {
      return snapshot;
    }
    running = true;
    reconnector.reset();
    versions.reset();
    persistDesired(DesiredState.STARTED);
    String previousError = lastError;
    lastError = null;
    connect();
    if (previousError != null && lastError == null) {
      persistMeta(meta); // a new start clears the stored error too
    }
    return snapshot;
  }

  SessionInfo stop() {
    requireNotDeleted();
    persistDesired(DesiredState.STOPPED);
    if (running) {
      running = false;
      cancelReconnect();
      closeLink();
      failPendingCode("the session was stopped");
      publish(new Disconnected(id, now(), "stopped", false));
      setStatus(SessionStatus.DISCONNECTED, null);
    }
    return snapshot;
  }

  CompletableFuture<PairingCode> requestPairingCode(String phoneDigits) {
    requireNotDeleted();
    loadCredentials();
    if (creds != null && creds.paired()) {
      throw new ValidationException("the session is already paired; log out first");
    }
    CompletableFuture<PairingCode> future = new CompletableFuture<>();
    failPendingCode("a newer pairing code was requested");
    pendingCode = new PendingCode(phoneDigits, future);
    if (!running) {
      start();
    } else if (link != null && link.refsReceived) {
      pairing.sendCompanionHello(link);
    }
    return future;
  }

  CompletableFuture<SessionInfo> logout() {
    requireNotDeleted();
    loadCredentials();
    CompletableFuture<SessionInfo> done = new CompletableFuture<>();
    if (creds == null || !creds.paired()) {
      done.complete(snapshot);
      return done;
    }
    logoutWaiters.add(done);
    if (logoutWaiters.size() > 1) {
      return done;
    }
    logoutDeadline =
        host.config
            .scheduler()
            .schedule(
                () ->
                    actor.execute(
                        () -> {
                          if (!logoutWaiters.isEmpty()) {
                            log.warn(
                                "logout: no answer from the server in time; unlinking locally");
                            finishLogout();
                          }
                        }),
                host.config.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    if (link != null && link.ready) {
      sendRemoveCompanion(link);
    } else if (!running) {
      running = true;
      connect();
    }
    return done;
  }

  /** Stops for good (delete, or the host closing): no reconnect, no more stored status. */
  void markDeleted() {
    sender.queue().close();
    running = false;
    cancelReconnect();
    closeLink();
    failPendingCode("the session was deleted");
    deleted = true;
  }

  Identity identity() {
    return snapshot.identity();
  }

  // ---- connection life ----

  void connect() {
    if (!running) {
      return;
    }
    cancelReconnect();
    Egress egress;
    try {
      egress = resolveEgress();
    } catch (GatewayException.EgressUnavailableException e) {
      giveUp(
          SessionStatus.FAILED,
          "egress_unavailable: " + e.getMessage(),
          ErrorCode.EGRESS_UNAVAILABLE.wireName());
      return;
    } catch (RuntimeException e) {
      giveUp(
          SessionStatus.FAILED,
          "egress_unavailable: the egress resolver failed: " + e,
          ErrorCode.EGRESS_UNAVAILABLE.wireName());
      return;
    }
    byte[] payload;
    try {
      ensureCredentials();
      ClientPayloads.Profile profile = host.profile();
      presentedVersion = profile.version();
      payload =
          creds.paired()
              ? ClientPayloads.login(profile, ownUser(), ownDevice())
              : ClientPayloads.registration(profile, creds);
    } catch (GatewayException e) {
      giveUp(
          SessionStatus.FAILED,
          "connection_failed: " + e.getMessage(),
          ErrorCode.STORE_ERROR.wireName());
      return;
    }
    ConnectionConfig config =
        ConnectionConfig.builder()
            .endpoint(host.config.endpoint().toString())
            .trustedRootPublicKey(host.config.trustedRootKey())
            .egress(egress)
            .clock(host.clock())
            .random(host.config.random())
            .connectTimeout(host.config.connectTimeout())
            // The handshake limit counts from the start, so it must outlast the egress's own
            // connect limit: a proxy that times out is then reported as egress_unavailable.
            .handshakeTimeout(host.config.connectTimeout().multipliedBy(2))
            // the listener posts every callback to this executor: run them there directly
            .callbackExecutor(actor)
            .build();
    Link l = new Link(this, ++generation);
    link = l;
    setStatus(
        creds.paired() ? SessionStatus.AUTHENTICATING : SessionStatus.INITIALIZING, lastError);
    l.connection = WaConnections.connect(config, creds.noiseKey(), payload, null, l.listener());
  }

  /**
   * The egress for this session's next connection.
   *
   * @throws GatewayException.EgressUnavailableException when the resolver has none
   */
  Egress resolveEgress() {
    PendingCode pc = pendingCode;
    Egress egress =
        host.config.egressResolver().resolve(snapshot, pc == null ? null : pc.phoneDigits());
    if (egress == null) {
      throw new GatewayException.EgressUnavailableException("the resolver gave no egress", null);
    }
    return egress;
  }

  void onOpen(Link l) {
    log.debug("connection {} open", l.generation);
  }

  void onNode(Link l, BinaryNode node) {
    try {
      dispatcher.dispatch(l, node);
    } catch (RuntimeException e) {
      log.warn("handling a {} stanza failed: {}", node.tag(), e.toString());
    }
  }

  void onClosed(Link l, CloseReason reason) {
    if (link != l) {
      return;
    }
    link = null;
    l.dispose();
    Disconnect cause = l.cause != null ? l.cause : StreamErrors.fromClose(reason);
    log.info("connection {} ended: {}", l.generation, cause.reason());
    if (!logoutWaiters.isEmpty()) {
      finishLogout();
      return;
    }
    if (!running) {
      return;
    }
    handleDisconnect(cause);
  }

  /** Ends {@code l} for {@code cause}; the close callback then acts on it. */
  void drop(Link l, Disconnect cause) {
    if (l.cause == null) {
      l.cause = cause;
    }
    WaConnection c = l.connection;
    if (c != null) {
      c.close();
    }
  }

  private void handleDisconnect(Disconnect d) {
    switch (d.kind()) {
      case RESTART -> {
        noteAttempt(d);
        publish(new Disconnected(id, now(), d.reason(), true));
        if (reconnector.degraded()) {
          // a 515 loop: keep reconnecting, but with backoff
          scheduleReconnect(d);
        } else {
          connect();
        }
      }
      case TRANSIENT, EGRESS_UNAVAILABLE, LOCAL -> {
        noteAttempt(d);
        publish(new Disconnected(id, now(), d.reason(), true));
        scheduleReconnect(d);
      }
      case CLIENT_OUTDATED -> versions.onRefused(d, presentedVersion);
      case LOGGED_OUT -> {
        if (creds != null && creds.paired() && meta.jid() == null) {
          // The link was never confirmed by a login (e.g. the process died between storing the
          // pairing and sending pair-device-sign): start pairing again with a fresh device.
          log.info("stored pairing was never confirmed by the server; pairing again");
          resetCredentials();
          publish(new Disconnected(id, now(), d.reason(), true));
          connect();
          return;
        }
        resetCredentials();
        running = false;
        persistDesired(DesiredState.STOPPED);
        publish(new Disconnected(id, now(), d.reason(), false));
        publish(
            new LoggedOut(
                id,
                now(),
                d.reason().equals("device_removed") ? LoggedOut.PHONE_UNLINKED : d.reason()));
        setStatus(SessionStatus.DISCONNECTED, d.lastError());
      }
      case REPLACED -> giveUp(SessionStatus.DISCONNECTED, d.lastError(), d.reason());
      case QR_TIMEOUT -> {
        persistDesired(DesiredState.STOPPED);
        giveUp(SessionStatus.DISCONNECTED, d.lastError(), d.reason());
      }
      case TEMPORARILY_BANNED, PAIRING_FAILED ->
          giveUp(SessionStatus.FAILED, d.lastError(), d.reason());
    }
  }

  /**
   * Counts a reconnect; the first one past the loop limit starts a degraded period, reported once
   * as {@code session.degraded}. The retries go on either way.
   */
  private void noteAttempt(Disconnect d) {
    if (reconnector.recordAttempt(now())) {
      log.warn(
          "{} reconnects within {} s without becoming ready; still retrying",
          reconnector.attemptsInWindow(),
          reconnector.loopWindow().toSeconds());
      publish(
          new SessionDegraded(
              id, now(), reconnector.attemptsInWindow(), reconnector.loopWindow(), d.reason()));
    }
  }

  /** Reconnects after the next backoff delay (capped; never gives up). */
  private void scheduleReconnect(Disconnect d) {
    Duration delay = reconnector.nextDelay();
    setStatus(SessionStatus.DISCONNECTED, d.lastError());
    log.info("reconnecting in {} ms", delay.toMillis());
    cancelReconnect();
    reconnectTimer =
        host.config
            .scheduler()
            .schedule(() -> actor.execute(this::connect), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  void giveUp(SessionStatus newStatus, String error, String reason) {
    running = false;
    cancelReconnect();
    closeLink();
    if (ErrorCode.EGRESS_UNAVAILABLE.wireName().equals(reason)) {
      // The caller of a pairing code can retry once egress is back: 503, not a failed pairing.
      failPendingCode(new GatewayException.EgressUnavailableException(error, null));
    } else {
      failPendingCode(error == null ? reason : error);
    }
    publish(new Disconnected(id, now(), reason, false));
    setStatus(newStatus, error);
  }

  void onReady(Link l) {
    if (link != l) {
      return;
    }
    l.ready = true;
    reconnector.reset();
    versions.onReady();
    login.confirmLink();
    setStatus(SessionStatus.READY, null);
    l.keepAlive.start();
    sender.queue().resume();
    if (!logoutWaiters.isEmpty()) {
      sendRemoveCompanion(l);
    }
  }

  private void closeLink() {
    Link l = link;
    link = null;
    if (l != null) {
      l.dispose();
      l.connection.close();
    }
  }

  private void cancelReconnect() {
    if (reconnectTimer != null) {
      reconnectTimer.cancel(false);
      reconnectTimer = null;
    }
  }

  // ---- logout ----

  @SuppressWarnings("FutureReturnValueIgnored") // the whenComplete callback handles each outcome
  private void sendRemoveCompanion(Link l) {
    String iqId = l.iqs.nextId();
    l.iqs
        .track(iqId, host.config.iqTimeout())
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                log.warn("remove-companion-device was not confirmed: {}", error.toString());
              }
              finishLogout();
            });
    l.send(Stanzas.removeCompanionDevice(iqId, creds.account().jid()));
  }

  private void finishLogout() {
    if (logoutWaiters.isEmpty()) {
      return;
    }
    if (logoutDeadline != null) {
      logoutDeadline.cancel(false);
    }
    running = false;
    cancelReconnect();
    closeLink();
    resetCredentials();
    persistDesired(DesiredState.STOPPED);
    publish(new LoggedOut(id, now(), LoggedOut.LOGOUT_REQUESTED));
    setStatus(SessionStatus.DISCONNECTED, null);
    List<CompletableFuture<SessionInfo>> waiters = new ArrayList<>(logoutWaiters);
    logoutWaiters.clear();
    for (CompletableFuture<SessionInfo> w : waiters) {
      w.complete(snapshot);
    }
  }

  // ---- credentials ----

  void loadCredentials() {
    if (creds == null) {
      creds = host.store.device(id).credentials().load().orElse(null);
      refreshSnapshot();
    }
  }

  /** Loads the credentials, or creates and persists them before their first use. */
  private void ensureCredentials() {
    loadCredentials();
    if (creds == null) {
      DeviceCredentials fresh = DeviceKeys.credentials(host.config.random());
      host.store.device(id).credentials().save(fresh);
      creds = fresh;
      log.info("created device credentials");
    }
  }

  /**
   * Forgets the linked account: every key of the old device is removed and a fresh, unpaired device
   * is stored in its place (one transaction), so pairing again needs no delete.
   */
  void resetCredentials() {
    DeviceCredentials fresh = DeviceKeys.credentials(host.config.random());
    StoredSession cleared = meta.withAccount(null, null, null, null, now().toEpochMilli());
    host.store.inTransaction(
        id,
        tx -> {
          host.store.deleteDevice(id);
          tx.credentials().save(fresh);
          host.store.sessionMeta().update(cleared);
          return null;
        });
    creds = fresh;
    meta = cleared;
    refreshSnapshot();
  }

  long ownUser() {
    return Long.parseLong(Jid.parse(creds.account().jid()).user());
  }

  int ownDevice() {
    return Jid.parse(creds.account().jid()).device();
  }

  // ---- status and events ----

  void setStatus(SessionStatus newStatus, String error) {
    if (newStatus == status && Objects.equals(error, lastError)) {
      refreshSnapshot();
      return;
    }
    boolean durable =
        !Objects.equals(error, lastError)
            || newStatus == SessionStatus.READY
            || newStatus == SessionStatus.DISCONNECTED
            || newStatus == SessionStatus.FAILED;
    status = newStatus;
    lastError = error;
    StoredSession updated = meta.withStatus(newStatus.wireName(), error, now().toEpochMilli());
    if (durable) {
      // Passing states (initializing, qr_ready, authenticating) are not written: they mean
      // nothing once this process is gone (they load as disconnected), and skipping them saves
      // a synchronous commit per QR and per login. Every ready, disconnected and failed is stored.
      persistMeta(updated);
    } else {
      meta = updated;
    }
    refreshSnapshot();
    publish(new StatusChanged(id, now(), newStatus, error, snapshot.identity()));
  }

  void persistMeta(StoredSession updated) {
    meta = updated;
    if (deleted) {
      return;
    }
    try {
      host.store.sessionMeta().update(updated);
    } catch (GatewayException e) {
      log.warn("could not store the session's metadata: {}", e.getMessage());
    }
  }

  private void persistDesired(DesiredState desired) {
    if (meta.desiredState() != desired) {
      persistMeta(meta.withDesiredState(desired, now().toEpochMilli()));
      refreshSnapshot();
    }
  }

  void publish(SessionEvent event) {
    host.events.publish(event);
  }

  void refreshSnapshot() {
    Link l = link;
    QrCode qr =
        status == SessionStatus.QR_READY && l != null && l.qr != null ? l.qr.current() : null;
    snapshot =
        new SessionInfo(
            id,
            meta.orgId(),
            meta.senderId(),
            meta.displayName(),
            status,
            meta.desiredState(),
            lastError,
            meta.egress(),
            currentIdentity(),
            qr,
            Instant.ofEpochMilli(meta.createdAt()),
            Instant.ofEpochMilli(meta.updatedAt()),
            meta.lastConnectedAt() == null ? null : Instant.ofEpochMilli(meta.lastConnectedAt()));
  }

  private Identity currentIdentity() {
    if (creds != null && creds.paired()) {
      DeviceCredentials.Account a = creds.account();
      Jid jid = Jid.parse(a.jid());
      String push = a.pushName() != null ? a.pushName() : meta.pushName();
      return new Identity(a.jid(), a.lid(), jid.device(), "+" + jid.user(), push, a.platform());
    }
    if (creds == null && meta.jid() != null) {
      Jid jid = Jid.parse(meta.jid());
      return new Identity(
          meta.jid(), meta.lid(), jid.device(), "+" + jid.user(), meta.pushName(), null);
    }
    return null;
  }

  Instant now() {
    return host.now();
  }

  boolean isRunning() {
    return running;
  }

  private void failPendingCode(String why) {
    failPendingCode(new GatewayException(ErrorCode.PAIRING_CODE_FAILED, why));
  }

  private void failPendingCode(GatewayException failure) {
    PendingCode pc = pendingCode;
    pendingCode = null;
    if (pc != null) {
      pc.future().completeExceptionally(failure);
    }
  }

  private void requireNotDeleted() {
    if (deleted) {
      throw new GatewayException.NotFoundException("no session " + id);
    }
  }
}
