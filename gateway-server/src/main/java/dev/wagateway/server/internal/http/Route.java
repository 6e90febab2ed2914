package dev.wagateway.server.internal.http;

import dev.wagateway.server.internal.auth.Capability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation: method, path template ({@code /api/v1/sessions/{session}:start}), the capability
 * it needs (null for public routes) and its handler.
 */
public record Route(String method, String template, Capability capability, Handler handler) {
  /** Handles a matched request. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Exchange exchange) throws Exception;
  }

  /** Path parameters when {@code segments} fit this route's template, else null. */
  Map<String, String> match(List<String> segments) {
    List<String> parts = parts();
    if (parts.size() != segments.size()) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      String segment = segments.get(i);
      if (part.startsWith("{")) {
        int close = part.indexOf('}');
        String name = part.substring(1, close);
        String suffix = part.substring(close + 1);
        if (!segment.endsWith(suffix) || segment.length() == suffix.length()) {
          return null;
        }
        String value = segment.substring(0, segment.length() - suffix.length());
        if (suffix.isEmpty() && value.indexOf(':') >= 0) {
          return null;
        }
        params.put(name, value);
      } else if (!part.equals(segment)) {
        return null;
      }
    }
    return params;
  }

  List<String> parts() {
    List<String> out = new ArrayList<>();
    for (String p : template.split("/")) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }
}
