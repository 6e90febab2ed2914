package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.Disconnected;
import dev.wagateway.core.event.SessionDegraded;
import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.StoredSession;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.EgressResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host without a server: validation, egress failures, credentials, reconnect loops. */
class SessionHostTest {
  private final GatewayStore store = Stores.inMemory();
  private final List<SessionEvent> events = new CopyOnWriteArrayList<>();
  private SessionHost host;

  @AfterEach
  void close() {
    if (host != null) {
      host.close();
    }
    store.close();
  }

  private SessionHost open(EgressResolver resolver) {
    host =
        SessionHost.open(
            SessionHostConfig.builder()
                .store(store)
                .egressResolver(resolver)
                .endpoint(URI.create("ws://127.0.0.1:9/ws/chat"))
                .trustedRootKey(new byte[32])
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50), 0.5)
                .reconnectLoop(2, Duration.ofMinutes(1))
                .build());
    host.subscribe(events::add);
    return host;
  }

  @Test
  void resolverFailureFailsClosedWithEgressUnavailable() throws Exception {
    open(
        s -> {
          throw new GatewayException.EgressUnavailableException("no proxy in country ZZ", null);
        });
    SessionInfo created = host.create(NewSession.builder("org1").startImmediately(true).build());
    assertEquals(SessionStatus.FAILED, created.status());
    assertEquals("egress_unavailable: no proxy in country ZZ", created.lastError());
    StoredSession row = store.sessionMeta().get(created.id()).orElseThrow();
    assertEquals("failed", row.status());
    assertEquals("egress_unavailable: no proxy in country ZZ", row.lastError());
    assertEquals(DesiredState.STARTED, row.desiredState());
    awaitEvent(e -> e instanceof StatusChanged s && s.status() == SessionStatus.FAILED);
  }

  @Test
  void credentialsAreStoredBeforeTheFirstConnectionAndKeptAcrossAttempts() throws Exception {
    List<DeviceCredentials> seenAtConnect = new CopyOnWriteArrayList<>();
    AtomicInteger connects = new AtomicInteger();
    String id = "sess_creds";
    Egress failing =
        (h, port, timeout) -> {
          connects.incrementAndGet();
          seenAtConnect.add(store.device(id).credentials().load().orElse(null));
          throw new Egress.EgressUnavailableIOException("proxy refused the connection");
        };
    open(s -> failing);
    host.create(NewSession.builder("org1").id(id).startImmediately(true).build());
    // past the loop limit (2 in a minute) the session is degraded, and it goes on retrying
    awaitEvent(e -> e instanceof SessionDegraded);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (connects.get() < 8 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(connects.get() >= 8, "retries go on after the loop: " + connects.get());
    SessionInfo info = host.stop(id);
    assertEquals(SessionStatus.DISCONNECTED, info.status());
    assertTrue(
        events.stream()
            .noneMatch(e -> e instanceof StatusChanged c && c.status() == SessionStatus.FAILED),
        "never failed: " + events);
    List<SessionDegraded> degraded =
        events.stream()
            .filter(e -> e instanceof SessionDegraded)
            .map(e -> (SessionDegraded) e)
            .toList();
    assertEquals(1, degraded.size(), "one event per degraded period");
    assertEquals(3, degraded.get(0).reconnects());
    assertEquals(Duration.ofMinutes(1), degraded.get(0).window());
    assertEquals("egress_unavailable", degraded.get(0).lastReason());
    DeviceCredentials first = seenAtConnect.get(0);
    assertTrue(first != null && !first.paired(), "credentials existed when the socket was opened");
    for (DeviceCredentials c : seenAtConnect) {
      assertEquals(first, c, "the same credentials on every attempt");
    }
    long reconnecting =
        events.stream().filter(e -> e instanceof Disconnected d && d.willReconnect()).count();
    assertTrue(reconnecting >= 7, "every failed attempt reconnects: " + reconnecting);
  }

  @Test
  void validationAndNotFound() {
    open(
        s ->
            (h, p, t) -> {
              throw new Egress.EgressUnavailableIOException("unused");
            });
    assertThrows(GatewayException.NotFoundException.class, () -> host.start("nope"));
    assertThrows(GatewayException.NotFoundException.class, () -> host.currentQr("nope"));
    assertEquals(Optional.empty(), host.get("nope"));
    SessionInfo s = host.create(NewSession.builder("org1").id("dup").build());
    assertEquals(SessionStatus.INITIALIZING, s.status());
    assertEquals(DesiredState.STOPPED, s.desiredState());
    assertNull(s.identity());
    assertThrows(
        GatewayException.ValidationException.class,
        () -> host.create(NewSession.builder("org1").id("dup").build()));
    assertThrows(
        GatewayException.ValidationException.class, () -> host.requestPairingCode("dup", "12"));
    assertThrows(
        GatewayException.ValidationException.class,
        () -> host.requestPairingCode("dup", "0044 20 7946 0958"));
    assertThrows(
        GatewayException.ValidationException.class,
        () -> NewSession.builder("org1").id("bad id!").build());
  }

  @Test
  void generatedIdsAndListing() {
    open(
        s ->
            (h, p, t) -> {
              throw new Egress.EgressUnavailableIOException("unused");
            });
    SessionInfo a = host.create(NewSession.builder("org1").displayName("A").build());
    SessionInfo b = host.create(NewSession.builder("org2").build());
    assertTrue(a.id().matches("sess_[0-9A-HJKMNP-TV-Z]{26}"), a.id());
    assertNotEquals(a.id(), b.id());
    assertEquals(List.of(a.id()), host.list("org1").stream().map(SessionInfo::id).toList());
    assertEquals("A", host.get(a.id()).orElseThrow().displayName());
    host.delete(a.id());
    assertEquals(Optional.empty(), host.get(a.id()));
    assertEquals(Optional.empty(), store.sessionMeta().get(a.id()));
  }

  @Test
  void configNeedsStoreAndResolver() {
    assertThrows(
        GatewayException.ValidationException.class,
        () -> SessionHostConfig.builder().store(store).build());
    assertThrows(
        GatewayException.ValidationException.class,
        () -> SessionHostConfig.builder().egressResolver(s -> null).build());
  }

  private SessionInfo awaitStatus(String id, SessionStatus status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      SessionInfo info = host.get(id).orElseThrow();
      if (info.status() == status) {
        return info;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("status " + status + " not reached: " + host.get(id).orElseThrow());
  }

  private void awaitEvent(Predicate<SessionEvent> match) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (events.stream().anyMatch(match)) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("event not seen; events: " + events);
  }
}
