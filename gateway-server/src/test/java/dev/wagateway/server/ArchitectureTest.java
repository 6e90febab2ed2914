package dev.wagateway.server;

import dev.wagateway.buildcheck.ModuleArchitectureTest;

/**
 * gateway-server's boundaries: the embeddable server carries no simulator, command line, SDK or
 * logging binding.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  ArchitectureTest() {
    super(
        "dev.wagateway.server",
        "dev.wagateway.testkit..",
        "dev.wagateway.cli..",
        "dev.wagateway.client..",
        "picocli..",
        "ch.qos.logback..",
        "org.slf4j.simple..");
  }
}
