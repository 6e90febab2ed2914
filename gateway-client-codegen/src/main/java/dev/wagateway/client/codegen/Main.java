package dev.wagateway.client.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Command line of the SDK generator, run by gateway-client's build in {@code generate-sources}:
 * {@code Main --spec openapi.json --out target/generated-sources/openapi --package dev.wagateway.client [--api-class WagatewayApi]}.
 * It runs inside the Maven JVM (exec:java), so it reports failures by throwing, never by exiting.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException {
        String spec = null;
        String out = null;
        String pkg = null;
        String apiClass = "WagatewayApi";
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--spec" -> spec = value;
                case "--out" -> out = value;
                case "--package" -> pkg = value;
                case "--api-class" -> apiClass = value;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: --spec FILE --out DIR --package NAME [--api-class NAME]");
            }
        }
        if (spec == null || out == null || pkg == null) {
            throw new IllegalArgumentException("usage: --spec FILE --out DIR --package NAME [--api-class NAME]");
        }
        String json = Files.readString(Path.of(spec), StandardCharsets.UTF_8);
        Map<String, String> files = Generator.generate(json, pkg, apiClass);
        Generator.write(files, Path.of(out));
    }
}
