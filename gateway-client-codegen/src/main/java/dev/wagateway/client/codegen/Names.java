package dev.wagateway.client.codegen;

import java.util.Locale;
import java.util.Set;

/** Java identifiers, literals and Javadoc text derived from OpenAPI names and descriptions. */
final class Names {
  private static final Set<String> KEYWORDS =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "true",
          "false",
          "null",
          "var",
          "record",
          "yield",
          "sealed",
          "permits");

  private Names() {}

  /**
   * {@code Idempotency-Key} to {@code idempotencyKey}, {@code Last-Event-ID} to {@code
   * lastEventId}.
   */
  static String camel(String raw) {
    StringBuilder out = new StringBuilder();
    for (String word : raw.split("[^A-Za-z0-9]+")) {
      if (word.isEmpty()) {
        continue;
      }
      String w = word.equals(word.toUpperCase(Locale.ROOT)) ? word.toLowerCase(Locale.ROOT) : word;
      if (out.length() == 0) {
        out.append(Character.toLowerCase(w.charAt(0))).append(w, 1, w.length());
      } else {
        out.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
      }
    }
    return identifier(out.toString());
  }

  static String pascal(String raw) {
    String c = camel(raw);
    if (c.endsWith("_")) {
      c = c.substring(0, c.length() - 1);
    }
    return Character.toUpperCase(c.charAt(0)) + c.substring(1);
  }

  /**
   * A legal Java identifier: keywords get a trailing underscore, a leading digit a leading
   * underscore.
   */
  static String identifier(String name) {
    if (name.isEmpty()) {
      throw new CodegenException("empty name cannot become a Java identifier");
    }
    String n = Character.isJavaIdentifierStart(name.charAt(0)) ? name : "_" + name;
    return KEYWORDS.contains(n) ? n + "_" : n;
  }

  /**
   * {@code qr_ready} to {@code QR_READY}, {@code auth.pairing_code} to {@code AUTH_PAIRING_CODE}.
   */
  static String constant(String wire) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < wire.length(); i++) {
      char c = wire.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(wire.charAt(i - 1))) {
          out.append('_');
        }
        out.append(Character.toUpperCase(c));
      } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
        out.append('_');
      }
    }
    while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
      out.setLength(out.length() - 1);
    }
    if (out.length() == 0) {
      throw new CodegenException("enum value '" + wire + "' has no letters or digits");
    }
    return identifier(out.toString());
  }

  /** A Java string literal, quotes included. */
  static String literal(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * Description text made safe inside a Javadoc comment (no comment end, no unicode escapes, HTML
   * escaped).
   */
  static String doc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("*/", "*&#47;")
        .replace("\\", "&#92;")
        .replace("@", "&#64;");
  }
}
