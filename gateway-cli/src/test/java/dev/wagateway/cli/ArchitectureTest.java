package dev.wagateway.cli;

import dev.wagateway.buildcheck.ModuleArchitectureTest;

/** gateway-cli's boundaries (see {@code ArchitectureRules}). */
class ArchitectureTest extends ModuleArchitectureTest {
  ArchitectureTest() {
    super("dev.wagateway.cli", "dev.wagateway.client..");
  }
}
