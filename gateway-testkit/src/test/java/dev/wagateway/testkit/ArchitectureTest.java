package dev.wagateway.testkit;

import dev.wagateway.buildcheck.ModuleArchitectureTest;

/** gateway-testkit's boundaries: it builds on core only (a named friend of core's internals). */
class ArchitectureTest extends ModuleArchitectureTest {
  ArchitectureTest() {
    super(
        "dev.wagateway.testkit",
        "dev.wagateway.egress..",
        "dev.wagateway.server..",
        "dev.wagateway.client..");
  }
}
