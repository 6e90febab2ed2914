package dev.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wagateway pair --json} against the simulator: QR, phone code, and a second run. */
class PairCommandIT {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path data;

  private WaSimulator simulator;
  private SimulatedPhone phone;

  @BeforeEach
  void start() {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    phone = simulator.addPhone("15550007777", "Bob");
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CompletableFuture<Integer> exit;

    Run(String... extra) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "pair",
                  "--url",
                  simulator.url(),
                  "--noise-root-key",
                  HexFormat.of().formatHex(simulator.rootPublicKey()),
                  "--data",
                  data.toString(),
                  "--json",
                  "--exit-when-ready",
                  "--timeout",
                  "30"));
      args.addAll(List.of(extra));
      exit =
          CompletableFuture.supplyAsync(
              () ->
                  WagatewayCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                      .execute(args.toArray(new String[0])));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events() throws IOException {
      List<Map<String, Object>> events = new ArrayList<>();
      for (String line : out.toString().split("\n")) {
        if (!line.isBlank()) {
          events.add((Map<String, Object>) JSON.fromJson(line));
        }
      }
      return events;
    }

    Map<String, Object> await(String type) throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (Map<String, Object> e : events()) {
          if (type.equals(e.get("type"))) {
            return e;
          }
        }
        assertFalse(exit.isDone() && exit.get() != 0, "pair exited early: " + err);
        Thread.sleep(20);
      }
      throw new AssertionError("no " + type + " line; out: " + out + " err: " + err);
    }

    int exitCode() throws Exception {
      return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readyLine(List<Map<String, Object>> events) {
    return events.stream()
        .filter(e -> "session.status".equals(e.get("type")) && "ready".equals(e.get("status")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ready line in " + events));
  }

  @Test
  @SuppressWarnings("unchecked")
  void pairsByQrThenLogsInWithoutPairingOnTheSecondRun() throws Exception {
    Run first = new Run();
    Map<String, Object> qr = first.await("auth.qr");
    assertTrue(((String) qr.get("code")).startsWith("https://wa.me/settings/linked_devices#"));
    assertTrue(qr.containsKey("expiresAt"));
    assertEquals(Paired.Outcome.LINKED, phone.scanQr((String) qr.get("code")).outcome());
    assertEquals(0, first.exitCode(), first.err.toString());
    Map<String, Object> ready = readyLine(first.events());
    Map<String, Object> identity = (Map<String, Object>) ready.get("identity");
    assertEquals("15550007777:1@s.whatsapp.net", identity.get("jid"));
    assertEquals("+15550007777", identity.get("phone"));

    Run second = new Run();
    assertEquals(0, second.exitCode(), second.err.toString());
    List<Map<String, Object>> events = second.events();
    assertTrue(events.stream().noneMatch(e -> "auth.qr".equals(e.get("type"))), events.toString());
    assertEquals(
        "15550007777:1@s.whatsapp.net",
        ((Map<String, Object>) readyLine(events).get("identity")).get("jid"));
  }

  @Test
  void pairsByPhoneCode() throws Exception {
    Run run = new Run("--phone", "15550007777");
    Map<String, Object> code = run.await("auth.pairing_code");
    String text = (String) code.get("code");
    assertTrue(text.matches("[1-9A-Z]{4}-[1-9A-Z]{4}"), text);
    assertEquals(Paired.Outcome.LINKED, phone.enterPairingCode(text).outcome());
    assertEquals(0, run.exitCode(), run.err.toString());
    readyLine(run.events());
  }

  @Test
  void badInputExitsWithTwo() throws Exception {
    StringWriter err = new StringWriter();
    int code =
        WagatewayCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
            .execute(
                "pair",
                "--url",
                simulator.url(),
                "--noise-root-key",
                "zz",
                "--data",
                data.toString());
    assertEquals(2, code);
    assertTrue(err.toString().startsWith("wagateway: "), err.toString());
  }
}
