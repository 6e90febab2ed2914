package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code limit}/{@code cursor} pagination over an ordered list: {@code {items, nextCursor}}. */
final class Page {
  private Page() {}

  static <T> Map<String, Object> of(Exchange ex, List<T> all, Function<T, Object> render) {
    int limit = 50;
    String rawLimit = ex.query("limit");
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit);
      } catch (NumberFormatException e) {
        throw ApiException.validation("limit", "limit must be an integer 1..200");
      }
      if (limit < 1 || limit > 200) {
        throw ApiException.validation("limit", "limit must be an integer 1..200");
      }
    }
    int offset = 0;
    String cursor = ex.query("cursor");
    if (cursor != null) {
      try {
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!decoded.startsWith("o:")) {
          throw new IllegalArgumentException();
        }
        offset = Integer.parseInt(decoded.substring(2));
        if (offset < 0) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw ApiException.validation("cursor", "cursor is not one this server issued");
      }
    }
    int end = Math.min(all.size(), offset + limit);
    List<Object> items =
        offset >= all.size() ? List.of() : all.subList(offset, end).stream().map(render).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    if (end < all.size()) {
      out.put(
          "nextCursor",
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(("o:" + end).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
