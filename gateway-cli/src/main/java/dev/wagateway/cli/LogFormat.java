package dev.wagateway.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * How the command line logs: {@code text} (one line per event: time, level, logger, session,
 * message) or {@code json} (one JSON object per line), both on stderr. Chosen by {@code
 * --log-format} or {@code WAGATEWAY_LOG_FORMAT}; text by default.
 */
enum LogFormat {
  TEXT,
  JSON;

  static final String ENV = "WAGATEWAY_LOG_FORMAT";

  /** {@code text} or {@code json}, any case; anything else is bad input. */
  static LogFormat parse(String value) {
    for (LogFormat f : values()) {
      if (f.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new WagatewayCli.BadInputException(
        "log format must be text or json, got '" + value + "'", null);
  }

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reconfigures logback (when it is the slf4j binding) to write this format. */
  void apply() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    String config =
        "<configuration><include resource=\"dev/wagateway/cli/logback-"
            + wireName()
            + ".xml\"/></configuration>";
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
    } catch (JoranException e) {
      throw new IllegalStateException("bundled logback-" + wireName() + ".xml is broken", e);
    }
  }

  /** {@code --log-format text|json}, mixed into the commands that log. */
  static final class Options {
    @Option(
        names = "--log-format",
        paramLabel = "FORMAT",
        description = "log lines on stderr as text or json (default: $" + ENV + ", else text)")
    void format(String value) {
      parse(value).apply();
    }
  }
}
