package dev.wagateway.buildcheck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The boundaries every module checks in its {@code ArchitectureTest}, on its own production classes
 * ({@link #productionClasses()}):
 *
 * <ul>
 *   <li>{@link #noPackageCycles()}: the module's packages form no dependency cycle;
 *   <li>{@link #internalsStayInTheirModule}: a {@code dev.wagateway.<module>..internal..} class is
 *       used only by its own module and by that module's named friends ({@link #FRIENDS});
 *   <li>{@link #publicApiExposesNoInternals}: the public API (public classes outside {@code
 *       .internal} packages, their public and protected members and supertypes) names no internal
 *       type;
 *   <li>{@link #mayNotDependOn}: what a module must never reach (core: no HTTP server, no sibling
 *       module).
 * </ul>
 *
 * <p>A module is the third segment of the package name ({@code dev.wagateway.core}, {@code
 * dev.wagateway.egress}, ...), except {@code dev.wagateway.egress.agent}: gateway-egress-agent.
 */
public final class ArchitectureRules {
  /**
   * Modules whose internals other modules may use, with those friends. gateway-testkit's simulator
   * speaks the protocol with core's crypto, Noise, Signal, pairing and proto classes; the
   * benchmarks measure those internals directly.
   */
  public static final Map<String, Set<String>> FRIENDS =
      Map.of(
          // the simulator and the benchmarks speak the protocol with core's own codecs and crypto
          "dev.wagateway.core", Set.of("dev.wagateway.testkit", "dev.wagateway.benchmarks"),
          // the gateway side of the tunnel uses the agent's framing: one place for both sides
          "dev.wagateway.egress.agent", Set.of("dev.wagateway.egress"),
          // the server's /egress/agent endpoint mounts gateway-egress's server-side framing
          "dev.wagateway.egress", Set.of("dev.wagateway.server"));

  /** Classes generated from .proto files: excluded from the cycle rule. */
  private static final String GENERATED_PROTO = "dev.wagateway.core.internal.proto";

  private static final String AGENT_MODULE = "dev.wagateway.egress.agent";

  private ArchitectureRules() {}

  /**
   * The production classes of the module under test: Maven runs the tests in the module's
   * directory, so these are the classes in {@code target/classes}, never tests and never classes of
   * another module on the test class path.
   */
  public static JavaClasses productionClasses() {
    Path classes = Path.of("target", "classes").toAbsolutePath();
    if (!Files.isDirectory(classes)) {
      throw new IllegalStateException("no compiled classes at " + classes);
    }
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPath(classes);
  }

  /** One slice per package (generated protobuf classes left out): no cycle between slices. */
  public static ArchRule noPackageCycles() {
    return noPackageCyclesOutside(Set.of());
  }

  /**
   * As {@link #noPackageCycles()}, with {@code pending} packages left out of the check: only for
   * packages that another change is about to move, named with that reason in the calling test.
   */
  public static ArchRule noPackageCyclesOutside(Set<String> pending) {
    return SlicesRuleDefinition.slices()
        .assignedFrom(
            new SliceAssignment() {
              @Override
              public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                if (!pkg.startsWith("dev.wagateway.")
                    || pending.contains(pkg)
                    || pkg.equals(GENERATED_PROTO)
                    || pkg.startsWith(GENERATED_PROTO + ".")) {
                  return SliceIdentifier.ignore();
                }
                return SliceIdentifier.of(pkg);
              }

              @Override
              public String getDescription() {
                return pending.isEmpty()
                    ? "one slice per package"
                    : "one slice per package, without " + new TreeSet<>(pending);
              }
            })
        .should()
        .beFreeOfCycles();
  }

  /**
   * Classes of module {@code ownModule} use no {@code ..internal..} class of another module, unless
   * {@code ownModule} is a named friend of it ({@link #FRIENDS}).
   */
  public static ArchRule internalsStayInTheirModule(String ownModule) {
    DescribedPredicate<JavaClass> foreignInternal =
        DescribedPredicate.describe(
            "are internal classes of another module that has not named " + ownModule + " a friend",
            c -> {
              String module = moduleOf(c.getPackageName());
              return module != null
                  && isInternal(c.getPackageName())
                  && !module.equals(ownModule)
                  && !FRIENDS.getOrDefault(module, Set.of()).contains(ownModule);
            });
    return noClasses()
        .that()
        .resideInAPackage(ownModule + "..")
        .should()
        .dependOnClassesThat(foreignInternal);
  }

  /**
   * The public API of {@code ownModule} (public classes outside {@code .internal} packages) names
   * no internal type in a public or protected method, constructor or field, nor as a supertype.
   */
  public static ArchRule publicApiExposesNoInternals(String ownModule) {
    return ArchRuleDefinition.classes()
        .that(
            DescribedPredicate.describe(
                "are public API classes of " + ownModule,
                c -> c.getPackageName().startsWith(ownModule) && isApi(c)))
        .should(exposeNoInternalTypes());
  }

  /** No class of {@code ownModule} depends on a class in any of {@code packages}. */
  public static ArchRule mayNotDependOn(String ownModule, String... packages) {
    return noClasses()
        .that()
        .resideInAPackage(ownModule + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages);
  }

  /** The packages of an HTTP server: core and the client SDK never depend on them. */
  public static String[] serverPackages() {
    return new String[] {
      "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..", "dev.wagateway.server.."
    };
  }

  private static ArchCondition<JavaClass> exposeNoInternalTypes() {
    return new ArchCondition<>("expose no internal type in their public signatures") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        List<String> leaks = new ArrayList<>();
        if (c.getSuperclass().isPresent()) {
          leak(leaks, "extends", c.getSuperclass().get());
        }
        for (JavaType iface : c.getInterfaces()) {
          leak(leaks, "implements", iface);
        }
        for (JavaField field : c.getFields()) {
          if (visible(field.getModifiers())) {
            leak(leaks, "field " + field.getName(), field.getType());
          }
        }
        List<JavaCodeUnit> units = new ArrayList<>(c.getMethods());
        units.addAll(c.getConstructors());
        for (JavaCodeUnit unit : units) {
          Set<JavaModifier> modifiers = unit.getModifiers();
          if (!visible(modifiers) || modifiers.contains(JavaModifier.SYNTHETIC)) {
            continue;
          }
          leak(leaks, unit.getName() + " returns", unit.getReturnType());
          for (JavaType parameter : unit.getParameterTypes()) {
            leak(leaks, unit.getName() + " takes", parameter);
          }
          for (JavaClass thrown : unit.getThrowsClause().getTypes()) {
            leak(leaks, unit.getName() + " throws", thrown);
          }
        }
        for (String leakText : leaks) {
          events.add(SimpleConditionEvent.violated(c, c.getName() + ": " + leakText));
        }
      }
    };
  }

  private static void leak(List<String> leaks, String where, JavaType type) {
    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
      JavaClass base = raw.isArray() ? raw.getBaseComponentType() : raw;
      if (isInternal(base.getPackageName()) && base.getPackageName().startsWith("dev.wagateway.")) {
        leaks.add(where + " internal type " + base.getName());
      }
    }
  }

  private static boolean visible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  /** Public, outside {@code .internal}, and every enclosing class public too. */
  private static boolean isApi(JavaClass c) {
    if (isInternal(c.getPackageName())) {
      return false;
    }
    for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
      if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isInternal(String pkg) {
    return pkg.endsWith(".internal") || pkg.contains(".internal.");
  }

  /** {@code dev.wagateway.<module>} for a package of ours, else null. */
  private static String moduleOf(String pkg) {
    String[] parts = pkg.split("\\.");
    if (parts.length < 3 || !parts[0].equals("dev") || !parts[1].equals("wagateway")) {
      return null;
    }
    if (parts.length >= 4 && parts[2].equals("egress") && parts[3].equals("agent")) {
      return AGENT_MODULE;
    }
    return "dev.wagateway." + parts[2];
  }
}
