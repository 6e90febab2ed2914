package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.host.WaConnections;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.noise.ClientPayloads;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare companion built from core pieces (WaConnection, ClientPayloads, DeviceCredentials): no
 * session logic, every step driven by the test, so each server sequence shows up as it is.
 */
final class RawCompanion implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  final DeviceCredentials credentials;
  final WaConnection connection;
  final LinkedBlockingQueue<BinaryNode> nodes = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();
  private final AtomicInteger ids = new AtomicInteger();

  private RawCompanion(WaSimulator simulator, DeviceCredentials credentials, byte[] payload)
      throws Exception {
    this.credentials = credentials;
    ConnectionConfig config =
        ConnectionConfig.builder()
            .endpoint(simulator.url())
            .trustedRootPublicKey(simulator.rootPublicKey())
            .egress(LoopbackOnlyEgress.instance())
            .build();
    this.connection =
        WaConnections.connect(
            config,
            credentials.noiseKey(),
            payload,
            null,
            new WaConnection.Listener() {
              @Override
              public void onNode(BinaryNode node) {
                nodes.add(node);
              }

              @Override
              public void onClosed(CloseReason reason) {
                closes.add(reason);
              }
            });
    // a refused login may already be closed again: its nodes are still queued
    connection.awaitOpen(WAIT);
  }

  /** Connects unpaired credentials with the registration payload. */
  static RawCompanion register(WaSimulator simulator, DeviceCredentials credentials)
      throws Exception {
    return new RawCompanion(
        simulator,
        credentials,
        ClientPayloads.registration(ClientPayloads.Profile.defaults(), credentials));
  }

  /** Connects with the login payload of {@code username:device}. */
  static RawCompanion login(
      WaSimulator simulator, DeviceCredentials credentials, long username, int device)
      throws Exception {
    return new RawCompanion(
        simulator,
        credentials,
        ClientPayloads.login(ClientPayloads.Profile.defaults(), username, device));
  }

  static DeviceCredentials fresh(SecureRandom random) {
    return DeviceKeys.credentials(random);
  }

  /** The next node from the server, failing the test when none comes in time. */
  BinaryNode next() throws InterruptedException {
    BinaryNode node = nodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(node, "the server sent nothing");
    return node;
  }

  /** The next node, or null when none arrives within {@code wait}. */
  BinaryNode poll(Duration wait) throws InterruptedException {
    return nodes.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  CloseReason awaitClose() throws InterruptedException {
    CloseReason reason = closes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(reason, "the connection did not close");
    return reason;
  }

  String nextId() {
    return "1.2-" + ids.incrementAndGet();
  }

  /** Sends an iq and returns the next node (the server answers iqs in order). */
  BinaryNode call(BinaryNode iq) throws InterruptedException {
    assertTrue(connection.send(iq));
    return next();
  }

  void send(BinaryNode node) {
    assertTrue(connection.send(node));
  }

  @Override
  public void close() {
    connection.close();
  }
}
