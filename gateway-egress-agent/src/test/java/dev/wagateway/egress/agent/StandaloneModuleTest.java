package dev.wagateway.egress.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of this module's README: an Android app can add it alone. Nothing of gateway-core (or
 * its crypto, protobuf, SQLite and JSON libraries) is on the classpath, no compiled class of this
 * module names a gateway-core or gateway-egress type, and the sources use no API beyond the Java 8
 * class library.
 */
class StandaloneModuleTest {
  private static final String[] ABSENT = {
    "dev.wagateway.core.GatewayException",
    "dev.wagateway.core.egress.EnrolmentToken",
    "dev.wagateway.egress.tunnel.EgressNodeRegistry",
    "com.google.protobuf.MessageLite",
    "org.bouncycastle.crypto.Digest",
    "org.sqlite.JDBC",
    "com.squareup.moshi.Moshi",
  };

  /** Packages of gateway-core and gateway-egress, as class files spell them. */
  private static final String[] BANNED_PACKAGES = {
    "dev/wagateway/core/", "dev/wagateway/egress/tunnel/", "dev/wagateway/egress/internal/",
  };

  @Test
  void gatewayCoreAndItsLibrariesAreNotOnTheClasspath() throws Exception {
    for (String name : ABSENT) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
    }
    // What the module does depend on is there, so the lookups above can succeed at all.
    assertEquals("okhttp3.OkHttpClient", Class.forName("okhttp3.OkHttpClient").getName());
    assertEquals("org.slf4j.Logger", Class.forName("org.slf4j.Logger").getName());
  }

  @Test
  void noCompiledClassNamesAGatewayCoreOrGatewayEgressType() throws Exception {
    List<Path> classes = compiledClasses();
    assertTrue(classes.size() > 15, "found the module's classes: " + classes.size());
    List<String> offenders = new ArrayList<>();
    for (Path c : classes) {
      String bytes = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
      for (String banned : BANNED_PACKAGES) {
        if (bytes.contains(banned)) {
          offenders.add(c.getFileName() + " -> " + banned);
        }
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void sourcesCompileAgainstTheJava8ClassLibrary(@TempDir Path out) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>();
    args.add("--release");
    args.add("8");
    args.add("-Xlint:-options");
    args.add("-proc:none");
    args.add("-classpath");
    args.add(System.getProperty("java.class.path"));
    args.add("-d");
    args.add(out.toString());
    List<Path> sources = mainSources();
    assertTrue(sources.size() > 15, "found the module's sources: " + sources.size());
    for (Path s : sources) {
      args.add(s.toString());
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = javac.run(null, null, err, args.toArray(new String[0]));
    assertEquals(0, status, "a Java 9+ API crept in:\n" + err.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(out.resolve("dev/wagateway/egress/agent/EgressAgent.class")));
  }

  private static Path classesDir() throws URISyntaxException {
    return Path.of(EgressAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<Path> compiledClasses() throws IOException, URISyntaxException {
    try (Stream<Path> s = Files.walk(classesDir())) {
      return s.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
  }

  /** src/main/java, found from target/classes (the module's build directory). */
  private static List<Path> mainSources() throws IOException, URISyntaxException {
    Path root = classesDir().getParent().getParent().resolve("src/main/java");
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
  }
}
