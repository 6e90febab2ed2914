package dev.wagateway.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.wagateway.buildcheck.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gateway-core's boundaries (see {@link ArchitectureRules}). */
class ArchitectureTest {
  private static final String MODULE = "dev.wagateway.core";
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
  void coreDependsOnNoServerAndNoSiblingModule() {
    ArchitectureRules.mayNotDependOn(MODULE, ArchitectureRules.serverPackages()).check(classes);
    ArchitectureRules.mayNotDependOn(
            MODULE, "dev.wagateway.egress..", "dev.wagateway.testkit..", "dev.wagateway.client..")
        .check(classes);
  }
}
