package dev.wagateway.buildcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a module as sorted text, one line per public type and per public or protected
 * member, and its check against a committed baseline ({@code api/<module>.api}). A change to the
 * public surface then shows in review as a change to that file: it happens only on purpose.
 *
 * <p>The surface is every public type outside {@code .internal.} packages (nested types only when
 * every enclosing type is public too), with its public and protected constructors, methods and
 * fields, written with generic signatures. Synthetic and bridge members are left out.
 */
public final class ApiSurface {
  /** System property that rewrites the baseline instead of failing: {@code -Dapi.update=true}. */
  public static final String UPDATE_PROPERTY = "api.update";

  private ApiSurface() {}

  /**
   * The surface of the classes compiled into {@code classesDir} (e.g. {@code target/classes}),
   * loaded through this class's loader (the test class path).
   */
  public static List<String> of(Path classesDir) {
    List<String> names = classNames(classesDir);
    Map<String, Set<String>> byType = new TreeMap<>();
    for (String name : names) {
      Class<?> type;
      try {
        type = Class.forName(name, false, ApiSurface.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot load " + name + " for the API surface", e);
      }
      if (!isApi(type)) {
        continue;
      }
      String typeName = type.getName();
      Set<String> members = new TreeSet<>();
      byType.put(typeName + " " + header(type), members);
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (visible(c) && !c.isSynthetic()) {
          members.add(typeName + "   " + c.toGenericString());
        }
      }
      for (Method m : type.getDeclaredMethods()) {
        if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
          members.add(typeName + "   " + m.toGenericString());
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (visible(f) && !f.isSynthetic()) {
          members.add(typeName + "   " + f.toGenericString());
        }
      }
    }
    List<String> lines = new ArrayList<>();
    byType.forEach(
        (header, members) -> {
          lines.add(header);
          lines.addAll(members);
        });
    return lines;
  }

  /**
   * Compares the surface of {@code classesDir} with {@code baseline}. With {@code
   * -Dapi.update=true} the baseline is rewritten and nothing fails.
   *
   * @throws AssertionError naming every line added to or removed from the public API
   */
  public static void check(Path classesDir, Path baseline) {
    List<String> actual = of(classesDir);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      write(baseline, actual);
      return;
    }
    List<String> expected;
    try {
      expected =
          Files.exists(baseline) ? Files.readAllLines(baseline, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> removed = new LinkedHashSet<>(expected);
    removed.removeAll(new LinkedHashSet<>(actual));
    Set<String> added = new LinkedHashSet<>(actual);
    added.removeAll(new LinkedHashSet<>(expected));
    if (!removed.isEmpty() || !added.isEmpty()) {
      StringBuilder why = new StringBuilder();
      why.append("the public API differs from ").append(baseline).append('\n');
      removed.forEach(l -> why.append("  - ").append(l).append('\n'));
      added.forEach(l -> why.append("  + ").append(l).append('\n'));
      why.append("If the change is on purpose, run the build with -D")
          .append(UPDATE_PROPERTY)
          .append("=true and commit the baseline.");
      throw new AssertionError(why.toString());
    }
  }

  private static void write(Path baseline, List<String> lines) {
    try {
      Files.createDirectories(baseline.toAbsolutePath().getParent());
      Files.write(baseline, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> classNames(Path classesDir) {
    if (!Files.isDirectory(classesDir)) {
      throw new IllegalStateException("no compiled classes at " + classesDir.toAbsolutePath());
    }
    try (Stream<Path> files = Files.walk(classesDir)) {
      return files
          .filter(p -> p.toString().endsWith(".class"))
          .map(p -> classesDir.relativize(p).toString())
          .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isApi(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    if (type.getPackageName().contains(".internal")) {
      return false;
    }
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Member m) {
    int mod = m.getModifiers();
    if (Modifier.isPublic(mod)) {
      return true;
    }
    // protected members are API only where a caller can subclass the type
    return Modifier.isProtected(mod)
        && !Modifier.isFinal(m.getDeclaringClass().getModifiers())
        && !(m instanceof Executable e && e.getDeclaringClass().isEnum());
  }

  private static String header(Class<?> type) {
    StringBuilder h = new StringBuilder();
    int mod = type.getModifiers() & ~Modifier.INTERFACE;
    if (type.isInterface()) {
      mod &= ~Modifier.ABSTRACT;
    }
    if (type.isEnum() || type.isRecord()) {
      mod &= ~Modifier.FINAL;
    }
    String modifiers = Modifier.toString(mod);
    if (!modifiers.isEmpty()) {
      h.append(modifiers).append(' ');
    }
    if (type.isSealed()) {
      h.append("sealed ");
    }
    h.append(
        type.isAnnotation()
            ? "@interface"
            : type.isInterface()
                ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class");
    h.append(' ').append(type.getSimpleName());
    if (type.getTypeParameters().length > 0) {
      h.append(
          Arrays.stream(type.getTypeParameters())
              .map(Type::getTypeName)
              .collect(Collectors.joining(",", "<", ">")));
    }
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      h.append(" extends ").append(superclass.getTypeName());
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      h.append(type.isInterface() ? " extends " : " implements ");
      h.append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
    }
    if (type.isSealed()) {
      h.append(" permits ");
      h.append(
          Arrays.stream(type.getPermittedSubclasses())
              .map(Class::getName)
              .sorted()
              .collect(Collectors.joining(", ")));
    }
    return h.toString();
  }
}
