package dev.wagateway.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.wagateway.buildcheck.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gateway-client's boundaries (see {@link ArchitectureRules}). */
class ArchitectureTest {
  private static final String MODULE = "dev.wagateway.client";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.productionClasses();
  }

  /**
   * The facade and its package-private collaborators (HTTP core, event-stream worker, error bodies,
   * and the generated request/transport contract) share {@code dev.wagateway.client}; the generated
   * {@code client.model} depends on no other package of the SDK. No package is left out.
   */
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
            "dev.wagateway.egress..",
            "dev.wagateway.server..",
            "dev.wagateway.testkit..",
            "org.eclipse.jetty..")
        .check(classes);
  }
}
