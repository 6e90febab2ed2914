package dev.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The bundled logback formats, captured from stderr and parsed back. */
class LogFormatTest {
  private static final Logger log = LoggerFactory.getLogger("dev.wagateway.core.Session");
  private static final JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder()
          .build()
          .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  @AfterEach
  void backToText() {
    LogFormat.TEXT.apply();
  }

  @Test
  void theBundledConfigurationsLoadWithoutErrors() throws Exception {
    for (String resource :
        List.of(
            "/logback.xml",
            "/dev/wagateway/cli/logback-text.xml",
            "/dev/wagateway/cli/logback-json.xml")) {
      LoggerContext context = new LoggerContext();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      String xml =
          resource.equals("/logback.xml")
              ? new String(
                  LogFormatTest.class.getResourceAsStream(resource).readAllBytes(),
                  StandardCharsets.UTF_8)
              : "<configuration><include resource=\""
                  + resource.substring(1)
                  + "\"/></configuration>";
      configurator.doConfigure(
          new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      List<Status> errors =
          context.getStatusManager().getCopyOfStatusList().stream()
              .filter(st -> st.getEffectiveLevel() >= Status.WARN)
              .toList();
      assertEquals(List.of(), errors, resource);
      assertTrue(
          new StatusUtil(context).noXMLParsingErrorsOccurred(0), resource + " parses as XML");
      assertTrue(
          context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR") != null,
          resource + " writes to stderr");
      context.stop();
    }
  }

  @Test
  void jsonIsOneObjectPerLineWithTheSessionFromMdc() throws IOException {
    List<String> lines =
        captureStderr(
            LogFormat.JSON,
            () -> {
              MDC.put("session", "sess_42");
              try {
                log.info("connected to {} in {} ms", "g.whatsapp.net", 12);
                log.warn("socket closed\nreconnecting", new IllegalStateException("boom"));
              } finally {
                MDC.remove("session");
              }
              log.info("no session here");
            });
    assertEquals(3, lines.size(), String.join("\n", lines));
    Map<String, Object> first = JSON.fromJson(lines.get(0));
    assertEquals("INFO", first.get("level"));
    assertEquals("dev.wagateway.core.Session", first.get("loggerName"));
    assertEquals("connected to g.whatsapp.net in 12 ms", first.get("formattedMessage"));
    assertEquals(Map.of("session", "sess_42"), first.get("mdc"));
    assertTrue(((Number) first.get("timestamp")).longValue() > 0);
    assertFalse(first.containsKey("arguments"), "arguments are left out: " + first);
    assertFalse(first.containsKey("message"), "the raw pattern is left out: " + first);

    Map<String, Object> second = JSON.fromJson(lines.get(1));
    assertEquals("WARN", second.get("level"));
    assertEquals("socket closed\nreconnecting", second.get("formattedMessage"));
    assertEquals(Map.of("session", "sess_42"), second.get("mdc"));
    @SuppressWarnings("unchecked")
    Map<String, Object> thrown = (Map<String, Object>) second.get("throwable");
    assertEquals("java.lang.IllegalStateException", thrown.get("className"));
    assertEquals("boom", thrown.get("message"));

    Map<String, Object> third = JSON.fromJson(lines.get(2));
    assertEquals("no session here", third.get("formattedMessage"));
    Object mdc = third.get("mdc");
    assertTrue(mdc == null || ((Map<?, ?>) mdc).isEmpty(), "no session outside one: " + third);
  }

  @Test
  void textIsOneLinePerEventWithTimeLevelLoggerSessionAndMessage() {
    List<String> lines =
        captureStderr(
            LogFormat.TEXT,
            () -> {
              MDC.put("session", "sess_42");
              try {
                log.info("connected to {}", "g.whatsapp.net");
                log.warn("socket closed\nreconnecting", new IllegalStateException("boom"));
              } finally {
                MDC.remove("session");
              }
              log.info("no session here");
            });
    assertEquals(3, lines.size(), String.join("\n", lines));
    Pattern line =
        Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO |WARN ) \\S+ session=\\S+ .+");
    for (String l : lines) {
      assertTrue(line.matcher(l).matches(), l);
    }
    assertTrue(
        lines
            .get(0)
            .endsWith(
                "INFO  dev.wagateway.core.Session session=sess_42 connected to"
                    + " g.whatsapp.net"),
        lines.get(0));
    assertTrue(lines.get(1).contains("session=sess_42 socket closed reconnecting"), lines.get(1));
    assertTrue(lines.get(1).contains("java.lang.IllegalStateException: boom | at "), lines.get(1));
    assertTrue(lines.get(2).endsWith("session=- no session here"), lines.get(2));
  }

  @Test
  void badFormatIsBadInputAndTheOptionSwitchesTheFormat() throws IOException {
    WagatewayCli.BadInputException bad =
        assertThrows(WagatewayCli.BadInputException.class, () -> LogFormat.parse("xml"));
    assertEquals("log format must be text or json, got 'xml'", bad.getMessage());
    assertEquals(LogFormat.JSON, LogFormat.parse(" JSON "));

    StringWriter err = new StringWriter();
    int code =
        WagatewayCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
            .execute("serve", "--log-format", "yaml");
    assertEquals(WagatewayCli.BAD_INPUT, code);
    assertTrue(
        err.toString().contains("log format must be text or json, got 'yaml'"), err.toString());

    // --log-format json, parsed by a command, switches logback before the command runs
    List<String> lines =
        captureStderr(
            LogFormat.TEXT,
            () -> {
              int exit =
                  WagatewayCli.commandLine(
                          new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                      .execute("simulator", "--log-format", "json", "--port", "-1");
              assertEquals(WagatewayCli.BAD_INPUT, exit);
              log.info("after the option");
            });
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertEquals("after the option", JSON.fromJson(lines.get(0)).get("formattedMessage"));
    assertNull(JSON.fromJson(lines.get(0)).get("arguments"));
  }

  private static List<String> captureStderr(LogFormat format, Runnable body) {
    PrintStream original = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      format.apply();
      body.run();
    } finally {
      System.setErr(original);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}
