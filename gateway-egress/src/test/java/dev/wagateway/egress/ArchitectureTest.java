package dev.wagateway.egress;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.wagateway.arch.ArchitectureRules;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gateway-egress's boundaries (see {@link ArchitectureRules}). */
class ArchitectureTest {
  private static final String MODULE = "dev.wagateway.egress";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.productionClasses();
  }

  /**
   * The Android agent ({@code agent}), the tunnel's WebSocket framing ({@code internal.ws}) and
   * {@code tunnel} still import each other; issue 12 point 3 moves the agent into
   * gateway-egress-agent and the framing into one place, and then this check covers them too.
   */
  private static final Set<String> MOVING_TO_EGRESS_AGENT =
      Set.of(
          "dev.wagateway.egress.agent",
          "dev.wagateway.egress.tunnel",
          "dev.wagateway.egress.internal.ws");

  @Test
  void packagesFormNoCycle() {
    ArchitectureRules.noPackageCyclesOutside(MOVING_TO_EGRESS_AGENT).check(classes);
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
            "dev.wagateway.server..",
            "dev.wagateway.testkit..",
            "dev.wagateway.client..",
            "org.eclipse.jetty..")
        .check(classes);
  }
}
