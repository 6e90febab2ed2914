package dev.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.egress.agent.EnrolmentPayload;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code wagateway agent}: input checks that never dial anything. */
class AgentCommandTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        WagatewayCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void garbagePairingIsBadInput() {
    String[] r = run("agent", "--pairing", "not a payload");
    assertEquals("2", r[0]);
    assertTrue(r[2].startsWith("wagateway: enrolment payload is neither"), r[2]);
  }

  @Test
  void expiredPairingIsRefusedBeforeDialling() {
    String qr =
        new EnrolmentPayload(
                "secret-token",
                "http://127.0.0.1:9",
                "/egress/agent",
                Instant.parse("2020-01-01T00:00:00Z"))
            .toQrString();
    String[] r = run("agent", "--pairing", qr);
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("enrolment payload expired at 2020-01-01T00:00:00Z"), r[2]);
    assertFalse(r[2].contains("secret-token"));
  }

  @Test
  void missingPairingFileAndBadOptionsAreBadInput() {
    assertEquals("2", run("agent", "--pairing", "@/nonexistent/pairing.json")[0]);
    String qr =
        new EnrolmentPayload(
                "t", "http://127.0.0.1:9", "/egress/agent", Instant.now().plusSeconds(600))
            .toQrString();
    String[] net = run("agent", "--pairing", qr, "--net", "satellite");
    assertEquals("2", net[0]);
    assertTrue(net[2].contains("networkType must be wifi, cell or other"), net[2]);
    assertEquals("2", run("agent", "--pairing", qr, "--allow", "nohostport")[0]);
    assertEquals("2", run("agent")[0]);
  }
}
