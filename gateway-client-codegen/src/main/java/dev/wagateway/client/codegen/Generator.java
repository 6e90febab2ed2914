package dev.wagateway.client.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns an OpenAPI 3.0 JSON document into Java sources: models in {@code <base>.model}, the API
 * class in {@code <base>}, and beside it, package-private, its request/transport contract (the
 * hand-written transport lives in {@code <base>} too, so no package of the SDK depends back on the
 * one that depends on it).
 */
final class Generator {
  private Generator() {}

  /** Relative file path to source text, in a stable order. */
  static Map<String, String> generate(String openApiJson, String basePackage, String apiClassName) {
    if (SupportGenerator.TYPES.contains(apiClassName)) {
      throw new CodegenException(
          "the API class may not be named "
              + apiClassName
              + ": the generator writes a type of that name beside it");
    }
    Spec spec = Spec.parse(openApiJson);
    ModelGenerator models = new ModelGenerator(spec, basePackage + ".model");
    Map<String, String> files = new LinkedHashMap<>(models.generate());
    files.putAll(new ApiGenerator(spec, models, basePackage, apiClassName).generate());
    files.putAll(new SupportGenerator(basePackage).generate());
    return files;
  }

  /** Replaces {@code outDir} with exactly the given files. */
  static void write(Map<String, String> files, Path outDir) {
    try {
      if (Files.exists(outDir)) {
        try (Stream<Path> walk = Files.walk(outDir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path target = outDir.resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write generated sources to " + outDir, e);
    }
  }
}
