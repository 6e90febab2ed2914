package dev.wagateway.benchmarks;

import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The simulator and its phone in a process of their own, so that the load driver measures only the
 * session host's heap and threads. Prints {@code url <ws-url>} and {@code root <hex>}, then reads
 * {@code scan <qr>} lines from stdin and answers each with {@code ok <device-jid>} or {@code err
 * <reason>}. Ends when stdin closes.
 */
public final class SimulatorProcess {
  private SimulatorProcess() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (WaSimulator simulator =
        WaSimulator.builder().phoneTimeout(Duration.ofSeconds(90)).queueCapacity(100_000).start()) {
      SimulatedPhone phone = simulator.addPhone("15550009000", "Load");
      out.println("url " + simulator.url());
      out.println("root " + HexFormat.of().formatHex(simulator.rootPublicKey()));
      ExecutorService scanners = Executors.newFixedThreadPool(8);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("scan ")) {
          continue;
        }
        String qr = line.substring(5);
        scanners.execute(
            () -> {
              String answer;
              try {
                Paired paired = phone.scanQr(qr);
                answer = "ok " + paired.deviceJid();
              } catch (RuntimeException e) {
                answer = "err " + e.getMessage();
              }
              synchronized (out) {
                out.println(answer);
              }
            });
      }
      scanners.shutdownNow();
    }
    System.exit(0);
  }
}
