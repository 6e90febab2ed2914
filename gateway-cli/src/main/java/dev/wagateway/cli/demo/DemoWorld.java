package dev.wagateway.cli.demo;

import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.server.GatewayServer;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.testkit.SimulatedContact;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.net.URI;
import java.nio.file.Path;

/**
 * Demo mode's offline world: the WhatsApp simulator on loopback, one simulated phone that links the
 * sessions and one simulated contact that chats with them, both driven by the {@code /demo/...}
 * endpoints.
 *
 * <pre>{@code
 * GatewayServer server = DemoWorld.createServer(config).start(8080);
 * }</pre>
 */
public final class DemoWorld implements AutoCloseable {
  /** The demo phone's number and name. */
  public static final String PHONE = "15550100001";

  public static final String PUSH_NAME = "Demo Phone";

  /** The demo contact's number and name: send to it, and it sends to the sessions. */
  public static final String CONTACT = "15550100002";

  public static final String CONTACT_PUSH_NAME = "Demo Contact";

  private final WaSimulator simulator;
  private final SimulatedPhone phone;
  private final SimulatedContact contact;

  private DemoWorld(WaSimulator simulator, SimulatedPhone phone, SimulatedContact contact) {
    this.simulator = simulator;
    this.phone = phone;
    this.contact = contact;
  }

  /**
   * Starts a demo world and a server of {@code config} on it; stopping the server closes it. The
   * simulator keeps its accounts under the data directory ({@code simulator/}), so a restart
   * resumes linked sessions {@code ready}, with no new QR code.
   */
  public static GatewayServer createServer(ServerConfig config) {
    return start(config.storage().dataDir().resolve(SIMULATOR_DIR))
        .installInto(GatewayServer.builder(config))
        .create();
  }

  /** Where under the gateway's data directory the demo simulator keeps its accounts. */
  public static final String SIMULATOR_DIR = "simulator";

  /**
   * Points {@code server} at this world: sessions reach the simulator (its root key trusted), pool
   * sessions through loopback only; the {@code /demo/...} routes are served; stopping the server
   * closes this world.
   */
  public GatewayServer.Builder installInto(GatewayServer.Builder server) {
    return server
        .sessionHost(h -> h.endpoint(URI.create(simulatorUrl())).trustedRootKey(rootKey()))
        .poolEgress(LoopbackOnlyEgress.instance())
        .routes(host -> new DemoApi(this, host).routes())
        .closeOnStop(this);
  }

  /** Starts the simulator with the demo phone and contact, all in memory. */
  public static DemoWorld start() {
    return of(WaSimulator.start());
  }

  /**
   * Starts the simulator with the demo phone and contact, keeping them and the devices the phone
   * linked under {@code dir}: started again on the same directory, it knows them again.
   */
  public static DemoWorld start(Path dir) {
    return of(WaSimulator.builder().dataDirectory(dir).start());
  }

  private static DemoWorld of(WaSimulator simulator) {
    return new DemoWorld(
        simulator,
        simulator.phone(PHONE).orElseGet(() -> simulator.addPhone(PHONE, PUSH_NAME)),
        simulator.addContact(CONTACT, CONTACT_PUSH_NAME));
  }

  public SimulatedContact contact() {
    return contact;
  }

  public String simulatorUrl() {
    return simulator.url();
  }

  public byte[] rootKey() {
    return simulator.rootPublicKey();
  }

  public SimulatedPhone phone() {
    return phone;
  }

  @Override
  public void close() {
    simulator.close();
  }
}
