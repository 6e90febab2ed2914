package dev.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedContact;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wagateway send} and the JSON-line commands of {@code wagateway pair --json} against the
 * simulator and a simulated contact; texts with quotes, backslashes, newlines and emoji survive
 * both ways.
 */
class SendCommandIT {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TRICKY = "say \"hi\" \\ path\\to\nline two \uD83D\uDE00 \u00e9\u4e2d";

  @TempDir Path data;

  private WaSimulator simulator;
  private SimulatedPhone phone;
  private SimulatedContact contact;

  @BeforeEach
  void start() {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    phone = simulator.addPhone("15550007777", "Bob");
    contact = simulator.addContact("15550008888", "Dora");
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CompletableFuture<Integer> exit;

    Run(InputStream in, String command, String... extra) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  command,
                  "--url",
                  simulator.url(),
                  "--noise-root-key",
                  HexFormat.of().formatHex(simulator.rootPublicKey()),
                  "--data",
                  data.toString()));
      args.addAll(List.of(extra));
      exit =
          CompletableFuture.supplyAsync(
              () ->
                  WagatewayCli.commandLine(
                          in, new PrintWriter(out, true), new PrintWriter(err, true))
                      .execute(args.toArray(new String[0])));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> lines() throws IOException {
      List<Map<String, Object>> lines = new ArrayList<>();
      for (String line : out.toString().split("\n")) {
        if (!line.isBlank()) {
          lines.add((Map<String, Object>) JSON.fromJson(line));
        }
      }
      return lines;
    }

    Map<String, Object> await(Predicate<Map<String, Object>> match) throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (Map<String, Object> e : lines()) {
          if (match.test(e)) {
            return e;
          }
        }
        assertFalse(exit.isDone() && exit.get() != 0, "exited early: " + err);
        Thread.sleep(20);
      }
      throw new AssertionError("no matching line; out: " + out + " err: " + err);
    }

    int exitCode() throws Exception {
      return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private void pairOnce() throws Exception {
    Run pair =
        new Run(
            InputStream.nullInputStream(),
            "pair",
            "--json",
            "--exit-when-ready",
            "--timeout",
            "30");
    Map<String, Object> qr = pair.await(e -> "auth.qr".equals(e.get("type")));
    assertEquals(Paired.Outcome.LINKED, phone.scanQr((String) qr.get("code")).outcome());
    assertEquals(0, pair.exitCode(), pair.err.toString());
  }

  @Test
  void sendExitsOnceTheServerAckedAndTheTextArrivesIntact() throws Exception {
    pairOnce();
    Run send =
        new Run(InputStream.nullInputStream(), "send", "--to", contact.jid(), "--text", TRICKY);
    assertEquals(0, send.exitCode(), send.err.toString());
    Map<String, Object> sent = send.lines().get(0);
    assertEquals("message.sent", sent.get("type"));
    assertEquals(contact.jid(), sent.get("chat"));
    SimulatedContact.Received got = contact.awaitMessage(WAIT);
    assertNotNull(got);
    assertEquals(sent.get("id"), got.id());
    assertEquals(new MessageContent.Text(TRICKY), got.content());
  }

  @Test
  void sendWithoutPairingIsBadInput() throws Exception {
    Run send = new Run(InputStream.nullInputStream(), "send", "--to", contact.jid(), "--text", "x");
    assertEquals(2, send.exitCode());
    assertTrue(send.err.toString().contains("run wagateway pair first"), send.err.toString());
  }

  @Test
  void jsonLinesDriveTheSessionBothWays() throws Exception {
    pairOnce();
    PipedOutputStream commands = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(commands, 64 * 1024);
    Run pair = new Run(stdin, "pair", "--json", "--timeout", "60");
    pair.await(e -> "session.status".equals(e.get("type")) && "ready".equals(e.get("status")));

    write(
        commands,
        "{\"type\":\"send\",\"to\":"
            + JSON.toJson(contact.jid())
            + ",\"text\":"
            + JSON.toJson(TRICKY)
            + "}");
    Map<String, Object> result = pair.await(e -> "command.result".equals(e.get("type")));
    String id = (String) result.get("id");
    SimulatedContact.Received got = contact.awaitMessage(WAIT);
    assertEquals(id, got.id());
    assertEquals(new MessageContent.Text(TRICKY), got.content());
    pair.await(e -> "message.sent".equals(e.get("type")) && id.equals(e.get("id")));
    pair.await(e -> "message.delivered".equals(e.get("type")) && id.equals(e.get("id")));

    String inId = contact.send(phone.jid(), new MessageContent.Text(TRICKY + " back"));
    @SuppressWarnings("unchecked")
    Map<String, Object> content =
        (Map<String, Object>)
            pair.await(e -> "message.received".equals(e.get("type")) && inId.equals(e.get("id")))
                .get("content");
    assertEquals("text", content.get("kind"));
    assertEquals(TRICKY + " back", content.get("text"));

    write(commands, "{\"type\":\"bogus\"}");
    pair.await(
        e -> "command.error".equals(e.get("type")) && "unknown_command".equals(e.get("error")));
    write(commands, "not json");
    pair.await(e -> "command.error".equals(e.get("type")) && "bad_json".equals(e.get("error")));
    write(commands, "{\"type\":\"exit\"}");
    assertEquals(0, pair.exitCode(), pair.err.toString());
  }

  private static void write(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
