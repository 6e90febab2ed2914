package dev.wagateway.client;

import dev.wagateway.buildcheck.ModuleArchitectureTest;

/** gateway-client's boundaries: the SDK depends on nothing of ours. */
class ArchitectureTest extends ModuleArchitectureTest {
  ArchitectureTest() {
    super(
        "dev.wagateway.client",
        "dev.wagateway.core..",
        "dev.wagateway.egress..",
        "dev.wagateway.server..",
        "dev.wagateway.testkit..",
        "org.eclipse.jetty..");
  }
}
