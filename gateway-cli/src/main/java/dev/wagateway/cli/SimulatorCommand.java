package dev.wagateway.cli;

import dev.wagateway.testkit.WaSimulator;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wagateway simulator}: runs the WhatsApp server simulator until Ctrl-C. */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    description = "Run the WhatsApp server simulator on 127.0.0.1 until Ctrl-C.")
final class SimulatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogFormat.Options logging;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "0",
      description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  /** Counted down by Ctrl-C (the shutdown hook), or by a test. */
  CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new WagatewayCli.BadInputException("--port must be 0..65535, got " + port, null);
    }
    WaSimulator simulator = WaSimulator.start(port);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                closed.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "wagateway-simulator-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      PrintWriter out = spec.commandLine().getOut();
      out.println("url: " + simulator.url());
      out.println("root-key: " + HexFormat.of().formatHex(simulator.rootPublicKey()));
      out.flush();
      spec.commandLine().getErr().println("simulator running; press Ctrl-C to stop");
      spec.commandLine().getErr().flush();
      stop.await();
    } finally {
      simulator.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already running the hook
      }
    }
    return 0;
  }
}
