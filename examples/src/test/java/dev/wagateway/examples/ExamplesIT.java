package dev.wagateway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every example's body in-process (what its {@code main} runs before exiting with 0) and
 * checks the lines it printed, so the examples and their READMEs cannot rot. Each example throws
 * when one of its own checks fails, so a broken step fails the test.
 */
class ExamplesIT {

  @Test
  @Timeout(120)
  void inProcessHosting() throws Exception {
    List<String> lines = capture(InProcessHosting::run);
    assertLine(lines, "created session sess_\\S+");
    assertLine(
        lines,
        "session is READY as "
            + InProcessHosting.PHONE
            + ":\\d+@s\\.whatsapp\\.net \\(\\+"
            + InProcessHosting.PHONE
            + "\\)");
    assertLine(
        lines, "received message \\S+ from " + InProcessHosting.CONTACT + "@s\\.whatsapp\\.net");
    assertLine(lines, "sent message 3EB0\\w+; Bob decrypted it; status (sent|delivered)");
    assertLine(lines, "logged out; the phone no longer lists .*");
    assertEquals("InProcessHosting: OK", lines.get(lines.size() - 1));
  }

  @Test
  @Timeout(60)
  void runServerServesForTheGivenTimeAndStops() throws Exception {
    List<String> lines = capture(out -> RunServer.run(out, new String[] {"0", "1"}, null));
    Matcher listening =
        assertLine(lines, "wagateway \\(demo mode\\) listening on http://127\\.0\\.0\\.1:(\\d+)");
    assertTrue(Integer.parseInt(listening.group(1)) > 0);
    assertLine(
        lines,
        "admin key \\(a one-off demo key; set WAGATEWAY_ADMIN_KEY to choose it\\): demo-[0-9a-f]{36}");
    assertLine(lines, "health: ok \\(version \\S+\\), sessions: 0");
    assertEquals("RunServer: stopped, OK", lines.get(lines.size() - 1));
  }

  @Test
  @Timeout(60)
  void runServerNeverPrintsAnAdminKeyFromTheEnvironment() throws Exception {
    String key = "env-admin-key-0123456789";
    List<String> lines = capture(out -> RunServer.run(out, new String[] {"0", "0"}, key));
    assertLine(lines, "admin key: the value of WAGATEWAY_ADMIN_KEY");
    assertTrue(lines.stream().noneMatch(l -> l.contains(key)), String.join("\n", lines));
  }

  @Test
  @Timeout(120)
  void sdkFlow() throws Exception {
    List<String> lines = capture(SdkFlow::run);
    assertLine(lines, "created session sess_\\S+ \\((starting|pairing)\\)");
    assertLine(lines, "auth\\.qr event: a QR code of \\d+ characters");
    assertLine(lines, "the demo phone scanned the QR");
    assertLine(
        lines,
        "connected; /me: jid 15550100001:\\d+@s\\.whatsapp\\.net, phone 15550100001, device \\d+");
    assertLine(lines, "the demo phone lists 1 linked device\\(s\\)");
    assertLine(lines, "logged out \\(logout_requested\\)");
    assertLine(lines, "/me after logout: 404 \\S+");
    assertEquals("SdkFlow: OK", lines.get(lines.size() - 1));
  }

  @Test
  @Timeout(120)
  void egressAgent() throws Exception {
    List<String> lines = capture(EgressAgentExample::run);
    assertLine(
        lines,
        "registered node (\\S+) \\(pending\\); enrolment payload for ws://127\\.0\\.0\\.1:\\d+/egress/agent");
    assertLine(lines, "agent online as node \\S+, exit IP 127\\.0\\.0\\.1");
    assertLine(lines, "created session \\S+ with egress android via \\S+");
    assertLine(
        lines,
        "qr_ready through the node: the agent opened [1-9]\\d* connection\\(s\\) to WhatsApp \\(the demo simulator\\)");
    assertLine(
        lines,
        "ready as \\+15550100001; the agent has opened ([2-9]|\\d{2,}) connection\\(s\\) in all");
    assertLine(lines, "node revoked; the agent stopped; GET the node: 404");
    assertLine(
        lines,
        "the session is (?!ready)\\S+ \\(egress_unavailable: .*revoked.*\\): it fails closed");
    assertEquals("EgressAgentExample: OK", lines.get(lines.size() - 1));
  }

  private static List<String> capture(Examples.Body body) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      body.run(out);
    } finally {
      System.out.print(bytes.toString(StandardCharsets.UTF_8));
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Matcher assertLine(List<String> lines, String regex) {
    Pattern p = Pattern.compile(regex);
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.matches()) {
        return m;
      }
    }
    throw new AssertionError("no line matches /" + regex + "/ in:\n" + String.join("\n", lines));
  }
}
