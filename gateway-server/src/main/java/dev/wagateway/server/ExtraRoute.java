package dev.wagateway.server;

import java.util.Objects;

/**
 * An HTTP route an embedder adds to a server (see {@link GatewayServer.Builder#routes}): served
 * like the server's own, behind its authentication, capability check, rate limit and body limit,
 * with failures mapped to the same error bodies. The handler's return value is the 200 JSON body.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the path, e.g. {@code /demo/phone/scan}; a segment {@code {name}} matches any value
 * @param access the capability a credential needs
 * @param handler answers a matched request
 */
public record ExtraRoute(String method, String path, Access access, Handler handler) {
  public ExtraRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(handler, "handler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with '/': " + path);
    }
  }

  /** The capability a route needs: reading state, managing sessions, or sending messages. */
  public enum Access {
    READ,
    MANAGE,
    SEND
  }

  /** Answers one request with a JSON tree (maps, lists, strings, numbers, booleans). */
  @FunctionalInterface
  public interface Handler {
    Object handle(RouteRequest request) throws Exception;
  }
}
