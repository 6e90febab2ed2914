package dev.wagateway.server.internal.http;

import dev.wagateway.server.internal.auth.AuthThrottle;
import dev.wagateway.server.internal.auth.Authenticator;
import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.auth.ConcurrencyLimit;
import dev.wagateway.server.internal.auth.Principal;
import dev.wagateway.server.internal.auth.RateLimiter;
import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.error.Family;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches requests to {@link Route}s: matches the path (colon-suffixed segments included),
 * throttles addresses that fail authentication, authenticates, checks the capability, the rate
 * limit and the credential's concurrent requests, reads a JSON body without holding a thread
 * (within the body deadline), runs the route, and maps any failure through {@link ErrorMapper}.
 * Unknown paths are 404, a known path with another method 405; {@code HEAD} is served by the {@code
 * GET} route without a body.
 */
public final class ApiHandler extends Handler.Abstract {
  private final List<Route> routes;
  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final long maxBodyBytes;
  private final Guards guards;

  /**
   * What bounds a client beyond the rate limit.
   *
   * @param authThrottle failed authentications per source address
   * @param concurrency requests in progress per credential
   * @param bodyTimeout deadline for a whole JSON body
   * @param uploadTimeout deadline for a whole multipart upload
   */
  public record Guards(
      AuthThrottle authThrottle,
      ConcurrencyLimit concurrency,
      Duration bodyTimeout,
      Duration uploadTimeout) {}

  public ApiHandler(
      List<Route> routes,
      Authenticator authenticator,
      RateLimiter rateLimiter,
      long maxBodyBytes,
      Guards guards) {
    this.routes = List.copyOf(routes);
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.maxBodyBytes = maxBodyBytes;
    this.guards = guards;
  }

  public List<Route> routes() {
    return routes;
  }

  /** The failed-authentication throttle (its count is a metric). */
  public AuthThrottle authThrottle() {
    return guards.authThrottle();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String rawPath = request.getHttpURI().getPath();
    Family family = Family.ofPath(rawPath == null ? "/" : rawPath);
    boolean head = "HEAD".equals(request.getMethod());
    Exchange exchange =
        new Exchange(request, response, family, maxBodyBytes, guards.uploadTimeout());
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Route route;
    String slot = null;
    try {
      route = admit(exchange, head ? "GET" : request.getMethod(), rawPath);
      if (route.capability() != null) {
        slot = exchange.principal().rateKey();
        guards.concurrency().acquire(slot);
      }
    } catch (Throwable t) {
      answerFailure(exchange, t, head, callback);
      return true;
    }
    String held = slot;
    Callback done = held == null ? callback : new Releasing(callback, () -> release(held));
    if (!hasJsonBody(request)) {
      run(exchange, route, head, done);
      return true;
    }
    if (request.getLength() > maxBodyBytes) {
      answerFailure(exchange, exchange.tooLarge(), head, done);
      return true;
    }
    CompletableFuture<byte[]> body = new CompletableFuture<>();
    new BodyReader(request, maxBodyBytes, body, exchange::tooLarge).run();
    // The continuation only hands over to a pool thread; its failures are answered inside.
    @SuppressWarnings("FutureReturnValueIgnored")
    Object unused =
        body.orTimeout(guards.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete(
                (bytes, error) ->
                    request
                        .getComponents()
                        .getExecutor()
                        .execute(
                            () -> {
                              if (error != null) {
                                answerFailure(exchange, bodyFailure(error), head, done);
                              } else {
                                exchange.body(bytes);
                                run(exchange, route, head, done);
                              }
                            }));
    return true;
  }

  /** Completes the response's callback, then frees the credential's concurrency slot. */
  private static final class Releasing extends Callback.Nested {
    private final Runnable release;

    Releasing(Callback callback, Runnable release) {
      super(callback);
      this.release = release;
    }

    @Override
    public void completed() {
      release.run();
    }
  }

  private void release(String slot) {
    guards.concurrency().release(slot);
  }

  /** Whether the request has a body this handler reads before the route (JSON, not multipart). */
  private static boolean hasJsonBody(Request request) {
    long length = request.getLength();
    boolean body =
        length > 0 || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    if (!body) {
      return false;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    return type == null || !type.regionMatches(true, 0, "multipart/", 0, 10);
  }

  private static Throwable bodyFailure(Throwable error) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    if (cause instanceof ApiException) {
      return cause;
    }
    if (cause instanceof TimeoutException) {
      return new ApiException(
          ApiError.REQUEST_TIMEOUT, "the request body did not arrive in time", null);
    }
    return ApiException.validation("body", "could not read the request body");
  }

  @SuppressWarnings("ReferenceEquality") // Reply.STREAMED is a sentinel instance
  private void run(Exchange exchange, Route route, boolean head, Callback callback) {
    Reply reply;
    try {
      reply = route.handler().handle(exchange);
    } catch (Throwable t) {
      answerFailure(exchange, t, head, callback);
      return;
    }
    if (reply == Reply.STREAMED) {
      callback.succeeded();
      return;
    }
    write(exchange.response(), reply, head, callback);
  }

  private static void answerFailure(
      Exchange exchange, Throwable t, boolean head, Callback callback) {
    ApiException api = ErrorMapper.toApi(t);
    Response response = exchange.response();
    if (response.isCommitted()) {
      callback.failed(t);
      return;
    }
    if (api.retryAfterSeconds() > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(api.retryAfterSeconds()));
    }
    if (api.status() == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    }
    if (api.error() == ApiError.REQUEST_TIMEOUT) {
      // The rest of the body is not worth waiting for: the connection ends with this answer.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    write(
        response,
        Reply.json(api.status(), ErrorMapper.body(exchange.family(), api)),
        head,
        callback);
  }

  private static void write(Response response, Reply reply, boolean head, Callback callback) {
    response.setStatus(reply.status());
    reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    if (reply.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    }
    if (head) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
  }

  /** The route for the request, with the caller authenticated and allowed; else throws. */
  private Route admit(Exchange exchange, String method, String rawPath) {
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
        exchange.principal(authenticate(exchange));
        Principal principal = exchange.principal();
        rateLimiter.acquire(principal.rateKey());
        if (!Capability.grants(principal.capabilities(), route.capability())) {
          throw new ApiException(
              ApiError.FORBIDDEN,
              "this credential lacks the " + route.capability().wireName() + " capability",
              Map.of("required", route.capability().wireName()));
        }
        if (principal.testMode() && rawPath.startsWith("/v1/whatsapp-alt/")) {
          throw new ApiException(
              ApiError.TEST_MODE_UNSUPPORTED,
              "whatsapp_alt is not available with test-mode API keys",
              Map.of("mode", "test"));
        }
      }
      return route;
    }
    if (pathKnown) {
      throw new ApiException(
          ApiError.METHOD_NOT_ALLOWED, "this method is not allowed on this path", null);
    }
    throw ApiException.notFound("no such path");
  }

  private Principal authenticate(Exchange exchange) {
    String address = Request.getRemoteAddr(exchange.request());
    guards.authThrottle().check(address);
    try {
      return authenticator.authenticate(exchange.header("Authorization"));
    } catch (ApiException e) {
      if (e.error() == ApiError.UNAUTHORIZED) {
        guards.authThrottle().failed(address);
      }
      throw e;
    }
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
