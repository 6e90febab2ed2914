package dev.wagateway.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.wagateway.arch.ArchitectureRules;
import java.util.Set;
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

  /**
   * The demo wiring ({@code internal.demo}) and {@code internal.session} still import each other;
   * issue 12 point 4 moves the demo into gateway-cli, and then this check covers every package.
   */
  private static final Set<String> MOVING_TO_CLI = Set.of("dev.wagateway.server.internal.demo");

  @Test
  void packagesFormNoCycle() {
    ArchitectureRules.noPackageCyclesOutside(MOVING_TO_CLI).check(classes);
  }

  @Test
  void internalsOfOtherModulesAreNotUsed() {
    ArchitectureRules.internalsStayInTheirModule(MODULE).check(classes);
  }

  @Test
  void publicApiExposesNoInternalType() {
    ArchitectureRules.publicApiExposesNoInternals(MODULE).check(classes);
  }
}
