package dev.wagateway.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Loads the interop vectors (made by Baileys and libsignal, never by us). They are read from the
 * directory named by the system property {@code wagateway.vectors} when it is set, so that other
 * vector sets of the same kind can be checked; otherwise from the copies under {@code
 * src/test/resources/vectors}.
 */
public final class Vectors {
  private Vectors() {}

  /** The text of one vector file, e.g. {@code "wabinary.json"}. */
  public static String text(String name) {
    String dir = System.getProperty("wagateway.vectors");
    try {
      if (dir != null && !dir.isBlank()) {
        return Files.readString(Path.of(dir, name), StandardCharsets.UTF_8);
      }
      try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
        if (in == null) {
          throw new IllegalStateException("vector file missing from test resources: " + name);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
