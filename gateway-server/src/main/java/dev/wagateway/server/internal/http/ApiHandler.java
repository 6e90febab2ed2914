package dev.wagateway.server.internal.http;

import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.Family;
import dev.wagateway.server.internal.auth.Authenticator;
import dev.wagateway.server.internal.auth.Principal;
import dev.wagateway.server.internal.auth.RateLimiter;
import dev.wagateway.server.internal.error.ApiException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches requests to {@link Route}s: matches the path (colon-suffixed segments included),
 * authenticates, checks the capability and the rate limit, runs the route, and maps any failure
 * through {@link ErrorMapper}. Unknown paths are 404, a known path with another method 405.
 */
public final class ApiHandler extends Handler.Abstract {
  private final List<Route> routes;
  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final long maxBodyBytes;

  public ApiHandler(
      List<Route> routes, Authenticator authenticator, RateLimiter rateLimiter, long maxBodyBytes) {
    this.routes = List.copyOf(routes);
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return routes;
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // Reply.STREAMED is a sentinel instance
  public boolean handle(Request request, Response response, Callback callback) {
    String rawPath = request.getHttpURI().getPath();
    Family family = Family.ofPath(rawPath == null ? "/" : rawPath);
    Exchange exchange = new Exchange(request, response, family, maxBodyBytes);
    Reply reply;
    try {
      reply = dispatch(exchange, request.getMethod(), rawPath);
    } catch (Throwable t) {
      ApiException api = ErrorMapper.toApi(t);
      if (response.isCommitted()) {
        callback.failed(t);
        return true;
      }
      reply = Reply.json(api.status(), ErrorMapper.body(family, api));
      if (api.retryAfterSeconds() > 0) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(api.retryAfterSeconds()));
      }
      if (api.status() == 401) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      }
    }
    if (reply == Reply.STREAMED) {
      callback.succeeded();
      return true;
    }
    response.setStatus(reply.status());
    reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    if (reply.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }

  private Reply dispatch(Exchange exchange, String method, String rawPath) throws Exception {
    List<String> segments = segments(rawPath);
    boolean pathKnown = false;
    for (Route route : routes) {
      Map<String, String> params = route.match(segments);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (!route.method().equals(method)) {
        continue;
      }
      exchange.pathParams(params);
      if (route.capability() != null) {
        Principal principal = authenticator.authenticate(exchange.header("Authorization"));
        rateLimiter.acquire(principal.rateKey());
        if (!principal.capabilities().contains(route.capability())) {
          throw ApiException.forbidden(
              "this credential lacks the " + route.capability().wireName() + " capability");
        }
        if (principal.testMode() && rawPath.startsWith("/v1/whatsapp-alt/")) {
          throw new ApiException(
              ApiError.TEST_MODE_UNSUPPORTED,
              "whatsapp_alt is not available with test-mode API keys",
              Map.of("mode", "test"));
        }
        exchange.principal(principal);
      }
      return route.handler().handle(exchange);
    }
    if (pathKnown) {
      throw new ApiException(ApiError.METHOD_NOT_ALLOWED, method + " is not allowed here", null);
    }
    throw ApiException.notFound("no such path: " + rawPath);
  }

  static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    if (rawPath == null) {
      return out;
    }
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        try {
          out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw ApiException.validation("path", "the path has a malformed percent-escape");
        }
      }
    }
    return out;
  }
}
