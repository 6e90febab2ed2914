package dev.wagateway.buildcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ApiSurfaceTest {
  private static final Path CLASSES = Path.of("target/test-classes");

  private static List<String> fixture() {
    return ApiSurface.of(CLASSES).stream()
        .filter(l -> l.startsWith("dev.wagateway.buildcheck.fixture"))
        .collect(Collectors.toList());
  }

  @BeforeEach
  void checkNotUpdate() {
    // a build run with -Dapi.update=true must not turn these tests into rewrites
    System.clearProperty(ApiSurface.UPDATE_PROPERTY);
  }

  @Test
  void surfaceHasPublicTypesAndMembersOnly() {
    assertEquals(
        List.of(
            "dev.wagateway.buildcheck.fixture.Widget public final class Widget implements"
                + " java.lang.Comparable<dev.wagateway.buildcheck.fixture.Widget>",
            "dev.wagateway.buildcheck.fixture.Widget   public <T extends java.lang.CharSequence>"
                + " java.util.List<T> dev.wagateway.buildcheck.fixture.Widget.labels(java.util.List<T>)",
            "dev.wagateway.buildcheck.fixture.Widget   public dev.wagateway.buildcheck.fixture.Widget(java.lang.String)",
            "dev.wagateway.buildcheck.fixture.Widget   public int"
                + " dev.wagateway.buildcheck.fixture.Widget.compareTo(dev.wagateway.buildcheck.fixture.Widget)",
            "dev.wagateway.buildcheck.fixture.Widget   public java.lang.String"
                + " dev.wagateway.buildcheck.fixture.Widget.name()",
            "dev.wagateway.buildcheck.fixture.Widget   public static final int"
                + " dev.wagateway.buildcheck.fixture.Widget.LIMIT",
            "dev.wagateway.buildcheck.fixture.Widget$Part public static record Part",
            "dev.wagateway.buildcheck.fixture.Widget$Part   public dev.wagateway.buildcheck.fixture.Widget$Part(java.lang.String)",
            "dev.wagateway.buildcheck.fixture.Widget$Part   public final boolean"
                + " dev.wagateway.buildcheck.fixture.Widget$Part.equals(java.lang.Object)",
            "dev.wagateway.buildcheck.fixture.Widget$Part   public final int"
                + " dev.wagateway.buildcheck.fixture.Widget$Part.hashCode()",
            "dev.wagateway.buildcheck.fixture.Widget$Part   public final java.lang.String"
                + " dev.wagateway.buildcheck.fixture.Widget$Part.toString()",
            "dev.wagateway.buildcheck.fixture.Widget$Part   public java.lang.String"
                + " dev.wagateway.buildcheck.fixture.Widget$Part.id()"),
        fixture());
  }

  @Test
  void aRemovedMethodFailsTheCheckAndNamesIt(@TempDir Path dir) throws Exception {
    Path baseline = dir.resolve("api/test.api");
    List<String> lines = new ArrayList<>(ApiSurface.of(CLASSES));
    String extra = "dev.wagateway.buildcheck.fixture.Widget   public void gone()";
    lines.add(extra);
    Files.createDirectories(baseline.getParent());
    Files.write(baseline, lines, StandardCharsets.UTF_8);

    AssertionError e =
        assertThrows(AssertionError.class, () -> ApiSurface.check(CLASSES, baseline));
    assertTrue(e.getMessage().contains("  - " + extra), e.getMessage());
  }

  @Test
  void anAddedMethodFailsTheCheckAndNamesIt(@TempDir Path dir) throws Exception {
    Path baseline = dir.resolve("api/test.api");
    List<String> lines = new ArrayList<>(ApiSurface.of(CLASSES));
    String name =
        "dev.wagateway.buildcheck.fixture.Widget   public java.lang.String"
            + " dev.wagateway.buildcheck.fixture.Widget.name()";
    assertTrue(lines.remove(name));
    Files.createDirectories(baseline.getParent());
    Files.write(baseline, lines, StandardCharsets.UTF_8);

    AssertionError e =
        assertThrows(AssertionError.class, () -> ApiSurface.check(CLASSES, baseline));
    assertTrue(e.getMessage().contains("  + " + name), e.getMessage());
  }

  @Test
  void anEqualBaselinePasses(@TempDir Path dir) throws Exception {
    Path baseline = dir.resolve("test.api");
    Files.write(baseline, ApiSurface.of(CLASSES), StandardCharsets.UTF_8);
    ApiSurface.check(CLASSES, baseline);
    assertEquals(ApiSurface.of(CLASSES), Files.readAllLines(baseline, StandardCharsets.UTF_8));
  }
}
