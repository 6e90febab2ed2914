package dev.wagateway.server;

import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Body;
import dev.wagateway.server.internal.http.Exchange;
import java.util.Set;

/**
 * One authenticated request to an {@link ExtraRoute}: the caller's organization, path parameters
 * and the JSON body. Validation failures are the server's {@code 400 validation_error}.
 */
public final class RouteRequest {
  private final Exchange exchange;

  RouteRequest(Exchange exchange) {
    this.exchange = exchange;
  }

  /** The organization of the credential that made the request. */
  public String orgId() {
    return exchange.principal().orgId();
  }

  /** A path parameter named in the route's path as {@code {name}}. */
  public String pathParam(String name) {
    return exchange.path(name);
  }

  /**
   * The body as a JSON object (an empty body is an empty object), refusing fields other than {@code
   * allowedFields}.
   */
  public JsonBody body(Set<String> allowedFields) {
    return new JsonBody(exchange.json().allowOnly(allowedFields));
  }

  /** A {@code 404 not_found} answer to throw. */
  public static RuntimeException notFound(String message) {
    return ApiException.notFound(message);
  }

  /** A {@code 409 conflict} answer to throw. */
  public static RuntimeException conflict(String message) {
    return ApiException.conflict(message);
  }

  /** Validated fields of a JSON request body. */
  public static final class JsonBody {
    private final Body body;

    private JsonBody(Body body) {
      this.body = body;
    }

    /**
     * A required string field of {@code minLength..maxLength} characters (code points).
     *
     * @throws RuntimeException a {@code 400 validation_error} naming the field otherwise
     */
    public String string(String name, int minLength, int maxLength) {
      return body.string(name, minLength, maxLength);
    }
  }
}
