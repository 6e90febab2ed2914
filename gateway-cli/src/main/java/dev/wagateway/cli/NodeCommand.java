package dev.wagateway.cli;

import dev.wagateway.cli.WagatewayCli.BadInputException;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.NodeCodec;
import dev.wagateway.core.wire.NodeJson;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wagateway node decode|encode}: binary nodes (WABinary) to and from JSON. */
@Command(
    name = "node",
    description = "Decode and encode binary nodes (WABinary).",
    mixinStandardHelpOptions = true,
    subcommands = {NodeCommand.Decode.class, NodeCommand.Encode.class})
final class NodeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = "Print a node as JSON. Input: hex of an encoded node, frame flag byte first.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<hex>", description = "encoded node, e.g. 00f80156")
    String hex;

    @Override
    public Integer call() {
      byte[] bytes;
      try {
        bytes = HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("not hex: " + e.getMessage(), e);
      }
      BinaryNode node;
      try {
        node = NodeCodec.standard().decode(bytes);
      } catch (Exception e) {
        throw new BadInputException("not a valid node: " + e.getMessage(), e);
      }
      spec.commandLine().getOut().println(NodeJson.toJson(node));
      return 0;
    }
  }

  @Command(
      name = "encode",
      mixinStandardHelpOptions = true,
      description = "Print the hex encoding of a node given as JSON (frame flag byte first).")
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "<json>",
        description =
            "node JSON: {\"tag\", \"attrs\": {...}, \"content\":"
                + " null|{\"string\"}|{\"bytes\"}|[...]}")
    String json;

    @Override
    public Integer call() {
      BinaryNode node;
      try {
        node = NodeJson.fromJson(json);
      } catch (Exception e) {
        throw new BadInputException("not a valid node JSON: " + e.getMessage(), e);
      }
      byte[] encoded;
      try {
        encoded = NodeCodec.standard().encode(node);
      } catch (RuntimeException e) {
        throw new BadInputException("cannot encode the node: " + e.getMessage(), e);
      }
      spec.commandLine().getOut().println(HexFormat.of().formatHex(encoded));
      return 0;
    }
  }
}
