package dev.wagateway.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.wagateway.buildcheck.ArchitectureRules;
import java.util.Set;
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
   * {@code client.internal} (HTTP core, event-stream worker, error bodies) still throws and calls
   * the public exception and listener types of {@code dev.wagateway.client}, which in turn builds
   * on it. Breaking that needs the SDK's vocabulary and its facade in two packages, a change of the
   * SDK's public packages that issue 12 leaves for a later release; every other package is checked.
   */
  private static final Set<String> SDK_FACADE_AND_INTERNALS =
      Set.of("dev.wagateway.client.internal");

  @Test
  void packagesFormNoCycle() {
    ArchitectureRules.noPackageCyclesOutside(SDK_FACADE_AND_INTERNALS).check(classes);
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
