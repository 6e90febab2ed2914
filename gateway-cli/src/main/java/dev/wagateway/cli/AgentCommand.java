package dev.wagateway.cli;

import dev.wagateway.egress.agent.Allowlist;
import dev.wagateway.egress.agent.EgressAgent;
import dev.wagateway.egress.agent.EnrolmentPayload;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wagateway agent --pairing <payload>}: runs the reference egress-node agent until Ctrl-C,
 * or until the gateway refuses it (exit code 1). A thin wrapper over {@link EgressAgent}.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run an egress-node agent: carry the gateway's WhatsApp connections from here.")
final class AgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--pairing",
      required = true,
      paramLabel = "PAYLOAD",
      description =
          "the pairing JSON object as the API returns it, the wagateway-egress:1:... QR string,"
              + " or @FILE holding either")
  String pairing;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "keeps the node key and id, so a restarted agent reconnects without pairing")
  File state;

  @Option(
      names = "--allow",
      paramLabel = "HOST:PORTS",
      description = "also allow this destination (e.g. 127.0.0.1:*); WhatsApp hosts always are")
  List<String> allow = new ArrayList<>();

  @Option(
      names = "--net",
      paramLabel = "TYPE",
      defaultValue = "other",
      description = "network type to report: wifi, cell or other (default: ${DEFAULT-VALUE})")
  String net;

  @Option(
      names = "--country",
      paramLabel = "CC",
      description = "country to report as the exit country (ISO alpha-2)")
  String country;

  @Override
  public Integer call() throws IOException, InterruptedException {
    EgressAgent agent;
    try {
      EnrolmentPayload payload = EnrolmentPayload.parse(read(pairing));
      agent =
          EgressAgent.builder(payload)
              .allowlist(Allowlist.whatsApp().plus(allow.toArray(new String[0])))
              .stateFile(state)
              .networkType(net)
              .country(country)
              .build();
      agent.start();
    } catch (IllegalArgumentException e) {
      throw new WagatewayCli.BadInputException(e.getMessage(), e);
    }
    Thread stop = new Thread(agent::close, "wagateway-agent-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    spec.commandLine().getErr().println("agent started; press Ctrl-C to stop");
    spec.commandLine().getErr().flush();
    while (!agent.awaitState(EgressAgent.State.STOPPED, Duration.ofSeconds(60))) {
      // Runs until stopped: by Ctrl-C (the hook) or by the gateway refusing the agent.
    }
    if (agent.wasRefused()) {
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException e) {
        // Already shutting down.
      }
      spec.commandLine().getErr().println("wagateway: agent stopped: " + agent.lastError());
      spec.commandLine().getErr().flush();
      return 1;
    }
    return 0;
  }

  private static String read(String value) throws IOException {
    if (!value.startsWith("@")) {
      return value;
    }
    Path file = Path.of(value.substring(1));
    if (!Files.isRegularFile(file)) {
      throw new WagatewayCli.BadInputException("--pairing file " + file + " does not exist", null);
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
