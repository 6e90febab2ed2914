package dev.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.wagateway.core.Vectors;
import dev.wagateway.core.host.WaConnections;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the {@code wagateway} commands in-process with captured streams. */
class WagatewayCliTest {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        WagatewayCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases() throws IOException {
    Map<String, Object> file = (Map<String, Object>) JSON.fromJson(Vectors.text("wabinary.json"));
    return (List<Map<String, Object>>) file.get("cases");
  }

  @Test
  void decodePrintsTheVectorsNodeJson() throws IOException {
    int checked = 0;
    for (Map<String, Object> c : cases()) {
      Run run = run("node", "decode", (String) c.get("encoded"));
      assertEquals(0, run.code(), () -> c.get("name") + ": " + run.err());
      assertEquals("", run.err());
      assertEquals(c.get("decoded"), JSON.fromJson(run.out()), () -> "case " + c.get("name"));
      assertTrue(run.out().endsWith("\n"));
      assertEquals(1, run.out().strip().lines().count(), "JSON on one line");
      checked++;
    }
    assertTrue(checked >= 20, "too few cases: " + checked);
  }

  @Test
  void encodePrintsHexWithTheFrameFlagByte() throws IOException {
    int checked = 0;
    for (Map<String, Object> c : cases()) {
      if (!Boolean.TRUE.equals(c.get("roundtrip_identical"))) {
        continue;
      }
      Run run = run("node", "encode", JSON.toJson(c.get("node")));
      assertEquals(0, run.code(), () -> c.get("name") + ": " + run.err());
      assertEquals(c.get("encoded") + "\n", run.out(), () -> "case " + c.get("name"));
      assertTrue(run.out().startsWith("00"));
      checked++;
    }
    assertTrue(checked >= 20, "too few cases: " + checked);
  }

  @Test
  void decodeThenEncodeRoundTrips() throws IOException {
    Map<String, Object> pingIq = cases().get(0);
    String hex = (String) pingIq.get("encoded");
    Run decoded = run("node", "decode", hex);
    Run encoded = run("node", "encode", decoded.out().strip());
    assertEquals(0, encoded.code(), encoded.err());
    assertEquals(hex + "\n", encoded.out());
  }

  @Test
  @SuppressWarnings("unchecked")
  void decodeAcceptsCompressedFrames() throws IOException {
    Map<String, Object> file = (Map<String, Object>) JSON.fromJson(Vectors.text("wabinary.json"));
    List<Map<String, Object>> compressed =
        ((List<Map<String, Object>>) file.get("decode_only"))
            .stream().filter(c -> ((String) c.get("encoded")).startsWith("02")).toList();
    assertFalse(compressed.isEmpty());
    for (Map<String, Object> c : compressed) {
      Run run = run("node", "decode", (String) c.get("encoded"));
      assertEquals(0, run.code(), () -> c.get("name") + ": " + run.err());
      assertEquals(c.get("decoded"), JSON.fromJson(run.out()), () -> "case " + c.get("name"));
    }
  }

  @Test
  void badHexExitsWithTwoAndOneLine() {
    assertBadInput(run("node", "decode", "00f8zz"), "hex");
    assertBadInput(run("node", "decode", "00f"), "hex");
  }

  @Test
  void hexThatIsNotANodeExitsWithTwoAndOneLine() {
    assertBadInput(run("node", "decode", "00f8031908"), "node");
  }

  @Test
  void badJsonExitsWithTwoAndOneLine() {
    assertBadInput(run("node", "encode", "{\"tag\": \"iq\", "), "JSON");
    assertBadInput(run("node", "encode", "[1, 2]"), "JSON");
    assertBadInput(run("node", "encode", "{\"attrs\": {}}"), "JSON");
  }

  @Test
  void unknownCommandOrMissingArgumentExitsWithTwoAndOneLine() {
    assertBadInput(run("node", "transmogrify", "00"), "");
    assertBadInput(run("node", "decode"), "");
    assertBadInput(run("simulator", "--port", "seventy"), "");
  }

  @Test
  void simulatorPrintsAUrlAndRootKeyAClientCanUse() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        WagatewayCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    SimulatorCommand command = cli.getSubcommands().get("simulator").getCommand();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread runner = new Thread(() -> exit.set(cli.execute("simulator", "--port", "0")));
    runner.start();
    try {
      String printed = "";
      for (int i = 0; i < 200 && !printed.contains("root-key: "); i++) {
        Thread.sleep(50);
        printed = out.toString();
      }
      Matcher m =
          Pattern.compile("url: (ws://127\\.0\\.0\\.1:\\d+/ws/chat)\nroot-key: ([0-9a-f]{64})\n")
              .matcher(printed);
      assertTrue(m.matches(), () -> "unexpected output: " + out);

      ConnectionConfig config =
          ConnectionConfig.builder()
              .endpoint(m.group(1))
              .trustedRootPublicKey(HexFormat.of().parseHex(m.group(2)))
              .egress(LoopbackOnlyEgress.instance())
              .build();
      LinkedBlockingQueue<CloseReason> closed = new LinkedBlockingQueue<>();
      WaConnection connection =
          WaConnections.connect(
              config,
              Curve.generateKeyPair(new SecureRandom()),
              new byte[] {0x18, 0x01},
              null,
              new WaConnection.Listener() {
                @Override
                public void onNode(BinaryNode node) {}

                @Override
                public void onClosed(CloseReason reason) {
                  closed.add(reason);
                }
              });
      assertTrue(connection.awaitOpen(Duration.ofSeconds(10)), () -> "" + connection.closeReason());

      command.stop.countDown();
      runner.join(10_000);
      assertFalse(runner.isAlive());
      assertEquals(0, exit.get());
      CloseReason reason = closed.poll(10, TimeUnit.SECONDS);
      // The client notices the simulator stopping: normally its close frame (REMOTE_CLOSED); when
      // the stop races the close handshake, the dropped socket (IO_ERROR).
      assertNotNull(reason, "the client never noticed the simulator stopping");
      assertTrue(
          reason.kind() == CloseReason.Kind.REMOTE_CLOSED
              || reason.kind() == CloseReason.Kind.IO_ERROR,
          () -> "close reason: " + reason);
    } finally {
      command.stop.countDown();
      runner.join(10_000);
    }
  }

  @Test
  void outOfRangePortIsBadInput() {
    assertBadInput(run("simulator", "--port", "70000"), "port");
  }

  private static void assertBadInput(Run run, String mentions) {
    assertEquals(2, run.code(), () -> "exit code; stderr: " + run.err());
    assertEquals("", run.out());
    String err = run.err();
    assertTrue(err.endsWith("\n"), err);
    assertEquals(1, err.lines().count(), () -> "not one line: " + err);
    assertTrue(err.startsWith("wagateway: "), err);
    assertTrue(err.contains(mentions), () -> err + " does not mention " + mentions);
    assertFalse(err.contains("\tat "), "stack trace on stderr");
  }
}
