package dev.wagateway.core;

import dev.wagateway.buildcheck.ModuleArchitectureTest;

/** gateway-core's boundaries: no HTTP server, no sibling module (see {@code ArchitectureRules}). */
class ArchitectureTest extends ModuleArchitectureTest {
  ArchitectureTest() {
    super(
        "dev.wagateway.core",
        "org.eclipse.jetty..",
        "jakarta.servlet..",
        "javax.servlet..",
        "dev.wagateway.server..",
        "dev.wagateway.egress..",
        "dev.wagateway.testkit..",
        "dev.wagateway.client..");
  }
}
