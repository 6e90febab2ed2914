package dev.wagateway.client.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the two runtime-contract types the generated API class calls: {@code ApiRequest} (an HTTP
 * request described by operation, path template, parameters and body) and {@code ApiTransport}
 * (what executes it). Both are package-private in the API class's package: the generated API and
 * the hand-written transport meet there, and nothing outside the SDK sees them. Their source lives
 * in this module's resources as templates whose package line is replaced.
 */
final class SupportGenerator {
  /** The simple names of the types written here, in the API class's package. */
  static final List<String> TYPES = List.of("ApiRequest", "ApiTransport");

  private final String pkg;

  SupportGenerator(String pkg) {
    this.pkg = pkg;
  }

  Map<String, String> generate() {
    Map<String, String> files = new LinkedHashMap<>();
    String dir = pkg.replace('.', '/') + "/";
    for (String type : TYPES) {
      files.put(dir + type + ".java", template(type + ".java.txt"));
    }
    return files;
  }

  private String template(String name) {
    try (InputStream in = SupportGenerator.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new CodegenException("missing template " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replace("package PACKAGE;", "package " + pkg + ";");
    } catch (IOException e) {
      throw new CodegenException("cannot read template " + name, e);
    }
  }
}
