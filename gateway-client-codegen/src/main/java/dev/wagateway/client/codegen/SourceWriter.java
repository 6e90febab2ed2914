package dev.wagateway.client.codegen;

import java.util.List;

/** Builds one Java source file line by line with four-space indentation. */
final class SourceWriter {
  private final StringBuilder out = new StringBuilder();
  private int indent;

  SourceWriter line(String text) {
    if (!text.isEmpty()) {
      out.append("    ".repeat(indent)).append(text);
    }
    out.append('\n');
    return this;
  }

  SourceWriter line() {
    out.append('\n');
    return this;
  }

  /**
   * Writes {@code text} and indents the following lines (for a line ending in an opening brace).
   */
  SourceWriter open(String text) {
    line(text);
    indent++;
    return this;
  }

  /**
   * Writes {@code text} one level deeper than the current indentation (a single-statement block).
   */
  SourceWriter indent(String text) {
    indent++;
    line(text);
    indent--;
    return this;
  }

  /** Outdents and writes {@code text} (usually a closing brace). */
  SourceWriter close(String text) {
    indent--;
    return line(text);
  }

  /** A Javadoc block from plain paragraphs and tag lines; blank input writes nothing. */
  SourceWriter javadoc(List<String> lines) {
    List<String> nonEmpty = lines.stream().filter(l -> l != null && !l.isBlank()).toList();
    if (nonEmpty.isEmpty()) {
      return this;
    }
    line("/**");
    boolean first = true;
    for (String paragraph : nonEmpty) {
      if (!first && !paragraph.startsWith("@")) {
        line(" * <p>");
      }
      for (String l : paragraph.split("\n", -1)) {
        line(l.isBlank() ? " *" : " * " + l.strip());
      }
      first = false;
    }
    line(" */");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
