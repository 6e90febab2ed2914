package dev.wagateway.egress.agent.internal.tunnel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON subset the tunnel's control frames and the enrolment payload use: objects, arrays,
 * strings, numbers, booleans and null. Written by hand so the agent needs nothing but OkHttp (it
 * must stay small enough for Android). Nesting is limited to 16 levels.
 */
public final class Json {
  private static final int MAX_DEPTH = 16;

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** Parses a JSON object; anything else (or trailing garbage) is a protocol error. */
  public static Obj parseObject(String text) throws TunnelProtocolException {
    Json parser = new Json(text);
    parser.skipSpace();
    Object value = parser.value(0);
    parser.skipSpace();
    if (parser.pos != text.length()) {
      throw new TunnelProtocolException("JSON has trailing characters");
    }
    if (!(value instanceof Obj)) {
      throw new TunnelProtocolException("JSON payload is not an object");
    }
    return (Obj) value;
  }

  private Object value(int depth) throws TunnelProtocolException {
    if (depth > MAX_DEPTH) {
      throw new TunnelProtocolException("JSON nested too deeply");
    }
    if (pos >= text.length()) {
      throw new TunnelProtocolException("JSON ends early");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw new TunnelProtocolException("JSON has an unexpected character at " + pos);
    }
  }

  private Obj object(int depth) throws TunnelProtocolException {
    pos++;
    Obj obj = new Obj();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return obj;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw new TunnelProtocolException("JSON object key is not a string");
      }
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      obj.values.put(key, value(depth + 1));
      skipSpace();
      char c = next();
      if (c == '}') {
        return obj;
      }
      if (c != ',') {
        throw new TunnelProtocolException("JSON object expects ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws TunnelProtocolException {
    pos++;
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value(depth + 1));
      skipSpace();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw new TunnelProtocolException("JSON array expects ',' or ']'");
      }
    }
  }

  private String string() throws TunnelProtocolException {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw new TunnelProtocolException("JSON string has a control character");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.append(e);
          break;
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          if (pos + 4 > text.length()) {
            throw new TunnelProtocolException("JSON string ends inside an escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw new TunnelProtocolException("JSON string has a bad \\u escape");
          }
          pos += 4;
          break;
        default:
          throw new TunnelProtocolException("JSON string has a bad escape");
      }
    }
  }

  private Object number() throws TunnelProtocolException {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    try {
      if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
        return Long.parseLong(n);
      }
      return Double.parseDouble(n);
    } catch (NumberFormatException e) {
      throw new TunnelProtocolException("JSON has a bad number");
    }
  }

  private Object literal(String word, Object value) throws TunnelProtocolException {
    if (!text.startsWith(word, pos)) {
      throw new TunnelProtocolException("JSON has an unexpected character at " + pos);
    }
    pos += word.length();
    return value;
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() throws TunnelProtocolException {
    if (pos >= text.length()) {
      throw new TunnelProtocolException("JSON ends early");
    }
    return text.charAt(pos);
  }

  private char next() throws TunnelProtocolException {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) throws TunnelProtocolException {
    if (next() != c) {
      throw new TunnelProtocolException("JSON expects '" + c + "'");
    }
  }

  static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /** A JSON object: ordered keys, typed accessors that report a missing or mistyped field. */
  public static final class Obj {
    final Map<String, Object> values = new LinkedHashMap<>();

    public Obj put(String key, Object value) {
      values.put(key, value);
      return this;
    }

    public boolean has(String key) {
      return values.containsKey(key) && values.get(key) != null;
    }

    /** A required string. */
    public String string(String key) throws TunnelProtocolException {
      Object v = values.get(key);
      if (!(v instanceof String)) {
        throw new TunnelProtocolException("field \"" + key + "\" must be a string");
      }
      return (String) v;
    }

    /** An optional string: null when absent or null. */
    public String optString(String key) throws TunnelProtocolException {
      Object v = values.get(key);
      if (v == null) {
        return null;
      }
      if (!(v instanceof String)) {
        throw new TunnelProtocolException("field \"" + key + "\" must be a string");
      }
      return (String) v;
    }

    /** A required integer. */
    public long integer(String key) throws TunnelProtocolException {
      Object v = values.get(key);
      if (!(v instanceof Long)) {
        throw new TunnelProtocolException("field \"" + key + "\" must be an integer");
      }
      return (Long) v;
    }

    /** An optional integer. */
    public long optInteger(String key, long fallback) throws TunnelProtocolException {
      return values.get(key) == null ? fallback : integer(key);
    }

    /** An optional boolean. */
    public Boolean optBool(String key) throws TunnelProtocolException {
      Object v = values.get(key);
      if (v == null) {
        return null;
      }
      if (!(v instanceof Boolean)) {
        throw new TunnelProtocolException("field \"" + key + "\" must be a boolean");
      }
      return (Boolean) v;
    }

    /** A required array of integers. */
    public List<Long> integers(String key) throws TunnelProtocolException {
      Object v = values.get(key);
      if (!(v instanceof List)) {
        throw new TunnelProtocolException("field \"" + key + "\" must be an array");
      }
      List<Long> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        if (!(o instanceof Long)) {
          throw new TunnelProtocolException("field \"" + key + "\" must hold integers");
        }
        out.add((Long) o);
      }
      return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<String, Object> e : values.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      return out.append('}').toString();
    }

    private static void write(Object v, StringBuilder out) {
      if (v == null) {
        out.append("null");
      } else if (v instanceof String) {
        quote((String) v, out);
      } else if (v instanceof Number || v instanceof Boolean || v instanceof Obj) {
        out.append(v);
      } else if (v instanceof List) {
        out.append('[');
        boolean first = true;
        for (Object o : (List<?>) v) {
          if (!first) {
            out.append(',');
          }
          first = false;
          write(o, out);
        }
        out.append(']');
      } else {
        quote(String.valueOf(v), out);
      }
    }
  }
}
