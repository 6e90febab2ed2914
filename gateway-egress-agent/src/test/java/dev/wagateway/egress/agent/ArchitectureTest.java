package dev.wagateway.egress.agent;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.wagateway.buildcheck.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gateway-egress-agent's boundaries (see {@link ArchitectureRules}). */
class ArchitectureTest {
  private static final String MODULE = "dev.wagateway.egress.agent";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.productionClasses();
  }

  @Test
  void packagesFormNoCycle() {
    ArchitectureRules.noPackageCycles().check(classes);
  }

  @Test
  void internalsOfOtherModulesAreNotUsed() {
    ArchitectureRules.internalsStayInTheirModule(MODULE).check(classes);
  }

  @Test
  void publicApiExposesNoInternalType() {
    ArchitectureRules.publicApiExposesNoInternals(MODULE).check(classes);
  }

  @Test
  void dependsOnNoForbiddenModule() {
    ArchitectureRules.mayNotDependOn(
            MODULE,
            "dev.wagateway.core..",
            "dev.wagateway.server..",
            "dev.wagateway.testkit..",
            "dev.wagateway.client..",
            "com.google.protobuf..",
            "org.bouncycastle..")
        .check(classes);
  }
}
