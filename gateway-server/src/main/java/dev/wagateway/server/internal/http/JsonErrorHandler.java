package dev.wagateway.server.internal.http;

import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.error.Family;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own rejections (a malformed request line, an ambiguous or encoded-traversal URI, a
 * too-long URI, too-large headers, a Content-Length/Transfer-Encoding conflict, ...) in the
 * documented error shape of the path's family, never an HTML page. The message is fixed per status:
 * Jetty's reason can quote the request.
 */
public final class JsonErrorHandler extends ErrorHandler {
  private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    Family family = Family.ofPath(path == null ? "/" : path);
    response.getHeaders().put(JSON);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body(family, code)), callback);
  }

  /** The error body for {@code status} in {@code family}'s shape. */
  static byte[] body(Family family, int status) {
    ApiError error = ApiError.ofStatus(status);
    ApiException e = new ApiException(error, message(status), Map.of("status", status));
    return Json.writeBytes(ErrorMapper.body(family, e));
  }

  private static String message(int status) {
    return switch (status) {
      case 400 -> "the request is malformed";
      case 404 -> "no such path";
      case 405 -> "this method is not allowed on this path";
      case 408 -> "the request did not arrive in time";
      case 413 -> "the request is too large";
      case 414 -> "the request target is too long";
      case 431 -> "the request headers are too large";
      case 503 -> "the gateway is unavailable";
      default -> status >= 500 ? "internal error" : "the request was refused";
    };
  }
}
