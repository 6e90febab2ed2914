package dev.wagateway.server.internal.demo;

import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;

/**
 * Demo mode's offline world: the WhatsApp simulator on loopback and one simulated phone (with a
 * contact list of one) that the {@code /demo/...} endpoints drive.
 */
public final class DemoWorld implements AutoCloseable {
  /** The demo phone's number and name. */
  public static final String PHONE = "15550100001";

  public static final String PUSH_NAME = "Demo Phone";

  private final WaSimulator simulator;
  private final SimulatedPhone phone;

  private DemoWorld(WaSimulator simulator, SimulatedPhone phone) {
    this.simulator = simulator;
    this.phone = phone;
  }

  public static DemoWorld start() {
    WaSimulator simulator = WaSimulator.start();
    return new DemoWorld(simulator, simulator.addPhone(PHONE, PUSH_NAME));
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
