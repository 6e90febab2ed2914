package dev.wagateway.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The {@code wagateway} command line: {@code serve} runs the gateway server, {@code node
 * decode|encode} for binary nodes, {@code pair} to link a device (and drive it with JSON-line
 * commands), {@code send} to send one text, {@code simulator} to run the WhatsApp server simulator
 * and {@code agent} to run an egress-node agent. Bad input exits with code 2 and one line on
 * stderr; output is UTF-8 whatever the platform default.
 */
@Command(
    name = "wagateway",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "WhatsApp linked-device gateway tools.",
    subcommands = {
      ServeCommand.class,
      NodeCommand.class,
      SimulatorCommand.class,
      PairCommand.class,
      SendCommand.class,
      AgentCommand.class,
      HelpCommand.class
    })
public final class WagatewayCli implements Runnable {
  /** Exit code for bad input (picocli's usage code). */
  static final int BAD_INPUT = CommandLine.ExitCode.USAGE;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter out = utf8(System.out);
    PrintWriter err = utf8(System.err);
    String logFormat = System.getenv(LogFormat.ENV);
    if (logFormat != null && !logFormat.isBlank()) {
      try {
        LogFormat.parse(logFormat).apply();
      } catch (BadInputException e) {
        err.println("wagateway: " + LogFormat.ENV + ": " + e.getMessage());
        err.flush();
        System.exit(BAD_INPUT);
      }
    }
    int code = commandLine(System.in, out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * A command line writing to {@code out} and {@code err}, with one-line error handling; commands
   * that read standard input get an empty stream.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(java.io.InputStream.nullInputStream(), out, err);
  }

  /** A command line reading {@code in} (UTF-8) and writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(java.io.InputStream in, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new WagatewayCli());
    ((PairCommand) cli.getSubcommands().get("pair").getCommand()).stdin = in;
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine().getErr().println("wagateway: " + e.getMessage());
          e.getCommandLine().getErr().flush();
          return BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean badInput = e instanceof BadInputException;
          String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          commandLine.getErr().println("wagateway: " + oneLine(message));
          commandLine.getErr().flush();
          return badInput ? BAD_INPUT : CommandLine.ExitCode.SOFTWARE;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static PrintWriter utf8(java.io.OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  static String oneLine(String message) {
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** The user's input is wrong: reported on one line with exit code 2. */
  static final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
