package dev.wagateway.egress;

import dev.wagateway.buildcheck.ModuleArchitectureTest;

/** gateway-egress's boundaries (see {@code ArchitectureRules}). */
class ArchitectureTest extends ModuleArchitectureTest {
  ArchitectureTest() {
    super(
        "dev.wagateway.egress",
        "dev.wagateway.server..",
        "dev.wagateway.testkit..",
        "dev.wagateway.client..",
        "org.eclipse.jetty..");
  }
}
