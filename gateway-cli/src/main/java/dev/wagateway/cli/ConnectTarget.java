package dev.wagateway.cli;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.egress.Egresses;
import java.net.URI;
import java.nio.file.Path;
import java.util.HexFormat;
import picocli.CommandLine.Option;

/**
 * Where the {@code pair} and {@code send} commands connect: the WebSocket URL, the trusted Noise
 * root key and the egress (loopback only unless {@code --proxy} names one; never direct). Bad
 * values are bad input (exit code 2).
 */
record ConnectTarget(URI endpoint, byte[] rootKey, Egress egress) {

  static ConnectTarget parse(String url, String rootKeyHex, String proxy) {
    URI endpoint;
    byte[] rootKey;
    try {
      endpoint = URI.create(url);
      rootKey = HexFormat.of().parseHex(rootKeyHex.strip());
    } catch (IllegalArgumentException e) {
      throw new WagatewayCli.BadInputException(
          "bad --url or --noise-root-key: " + e.getMessage(), e);
    }
    Egress egress;
    try {
      egress = proxy == null ? LoopbackOnlyEgress.instance() : Egresses.of(proxy);
    } catch (GatewayException e) {
      throw new WagatewayCli.BadInputException("bad --proxy: " + e.getMessage(), e);
    }
    return new ConnectTarget(endpoint, rootKey, egress);
  }

  /** The options {@code pair} and {@code send} share, mixed into each command by picocli. */
  static final class Options {
    @Option(names = "--url", required = true, paramLabel = "WS-URL", description = "WebSocket URL")
    String url;

    @Option(
        names = "--noise-root-key",
        required = true,
        paramLabel = "HEX",
        description = "the server's Noise certificate root public key (32 bytes as hex)")
    String rootKeyHex;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "data directory")
    Path data;

    @Option(
        names = "--proxy",
        paramLabel = "URI",
        description = "egress proxy (http://… or socks5://…); default: loopback only")
    String proxy;

    ConnectTarget target() {
      return parse(url, rootKeyHex, proxy);
    }
  }
}
