package dev.wagateway.server.internal.http;

import dev.wagateway.server.internal.auth.Principal;
import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.error.Family;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/** One request being handled: path parameters, query, body (size-limited) and the caller. */
public final class Exchange {
  private final Request request;
  private final Response response;
  private final Family family;
  private final long maxBodyBytes;
  private final Duration uploadTimeout;
  private byte[] body;
  private Map<String, String> pathParams = Map.of();
  private Fields query;
  private Principal principal;

  Exchange(
      Request request,
      Response response,
      Family family,
      long maxBodyBytes,
      Duration uploadTimeout) {
    this.request = request;
    this.response = response;
    this.family = family;
    this.maxBodyBytes = maxBodyBytes;
    this.uploadTimeout = uploadTimeout;
  }

  /** How long a multipart upload may take to arrive in full. */
  public Duration uploadTimeout() {
    return uploadTimeout;
  }

  /** The body, already read by the handler. */
  void body(byte[] bytes) {
    this.body = bytes;
  }

  public Request request() {
    return request;
  }

  public Response response() {
    return response;
  }

  public Family family() {
    return family;
  }

  public Principal principal() {
    return principal;
  }

  void principal(Principal principal) {
    this.principal = principal;
  }

  void pathParams(Map<String, String> params) {
    this.pathParams = params;
  }

  public String path(String name) {
    return pathParams.get(name);
  }

  /** A query parameter's first value, or null. */
  public String query(String name) {
    if (query == null) {
      try {
        query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        // Jetty's message quotes the query: never echo request content.
        throw ApiException.validation("query", "the query string is malformed");
      }
    }
    return query.getValue(name);
  }

  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The request body, at most the configured size (else 413 payload_too_large). */
  public byte[] body() {
    if (body != null) {
      return body;
    }
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    try (InputStream in = Request.asInputStream(request)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (bytes.length > maxBodyBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.validation("body", "could not read the request body");
    }
  }

  /** The body as a JSON object (empty body = empty object). */
  public Body json() {
    return Body.of(body());
  }

  ApiException tooLarge() {
    return new ApiException(
        ApiError.PAYLOAD_TOO_LARGE,
        "request body exceeds " + maxBodyBytes + " bytes",
        Map.of("maxBytes", maxBodyBytes, "limitBytes", maxBodyBytes));
  }
}
