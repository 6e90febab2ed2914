package dev.wagateway.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.wagateway.buildcheck.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gateway-server's boundaries (see {@link ArchitectureRules}). */
class ArchitectureTest {
  private static final String MODULE = "dev.wagateway.server";
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
  void dependsOnNoSimulatorCliOrSdk() {
    // the embeddable server carries neither the simulator, the command line nor a logging binding
    ArchitectureRules.mayNotDependOn(
            MODULE,
            "dev.wagateway.testkit..",
            "dev.wagateway.cli..",
            "dev.wagateway.client..",
            "picocli..",
            "ch.qos.logback..",
            "org.slf4j.simple..")
        .check(classes);
  }
}
