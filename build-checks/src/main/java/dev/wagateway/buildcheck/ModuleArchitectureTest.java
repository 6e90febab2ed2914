package dev.wagateway.buildcheck;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The four {@link ArchitectureRules} every module checks, run by a module's {@code
 * ArchitectureTest} that names the module and what it must never reach:
 *
 * <pre>{@code
 * class ArchitectureTest extends ModuleArchitectureTest {
 *   ArchitectureTest() {
 *     super("dev.wagateway.egress", "dev.wagateway.server..", "org.eclipse.jetty..");
 *   }
 * }
 * }</pre>
 */
public abstract class ModuleArchitectureTest {
  private static JavaClasses classes;

  private final String module;
  private final List<String> forbidden;

  /**
   * @param module the module's root package, e.g. {@code dev.wagateway.core}
   * @param forbidden packages (ArchUnit patterns such as {@code org.eclipse.jetty..}) the module's
   *     classes must not depend on
   */
  protected ModuleArchitectureTest(String module, String... forbidden) {
    this.module = module;
    this.forbidden = List.of(forbidden);
  }

  private static synchronized JavaClasses classes() {
    if (classes == null) {
      classes = ArchitectureRules.productionClasses();
    }
    return classes;
  }

  @Test
  void packagesFormNoCycle() {
    ArchitectureRules.noPackageCycles().check(classes());
  }

  @Test
  void internalsOfOtherModulesAreNotUsed() {
    ArchitectureRules.internalsStayInTheirModule(module).check(classes());
  }

  @Test
  void publicApiExposesNoInternalType() {
    ArchitectureRules.publicApiExposesNoInternals(module).check(classes());
  }

  @Test
  void dependsOnNoForbiddenPackage() {
    ArchitectureRules.mayNotDependOn(module, forbidden.toArray(String[]::new)).check(classes());
  }
}
