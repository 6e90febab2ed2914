package dev.wagateway.egress.agent;

import dev.wagateway.buildcheck.ModuleArchitectureTest;

/** gateway-egress-agent's boundaries: nothing of core, so an Android app can add it alone. */
class ArchitectureTest extends ModuleArchitectureTest {
  ArchitectureTest() {
    super(
        "dev.wagateway.egress.agent",
        "dev.wagateway.core..",
        "dev.wagateway.server..",
        "dev.wagateway.testkit..",
        "dev.wagateway.client..",
        "com.google.protobuf..",
        "org.bouncycastle..");
  }
}
