package dev.wagateway.client.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the two runtime-contract types the generated API class calls: {@code ApiRequest} (an
 * HTTP request described by operation, path template, parameters and body) and {@code
 * ApiTransport} (what executes it). Their source lives in this module's resources as templates
 * whose package line is replaced.
 */
final class SupportGenerator {
    private final String internalPkg;

    SupportGenerator(String internalPkg) {
        this.internalPkg = internalPkg;
    }

    Map<String, String> generate() {
        Map<String, String> files = new LinkedHashMap<>();
        String dir = internalPkg.replace('.', '/') + "/";
        files.put(dir + "ApiRequest.java", template("ApiRequest.java.txt"));
        files.put(dir + "ApiTransport.java", template("ApiTransport.java.txt"));
        return files;
    }

    private String template(String name) {
        try (InputStream in = SupportGenerator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new CodegenException("missing template " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("package PACKAGE;", "package " + internalPkg + ";");
        } catch (IOException e) {
            throw new CodegenException("cannot read template " + name, e);
        }
    }
}
