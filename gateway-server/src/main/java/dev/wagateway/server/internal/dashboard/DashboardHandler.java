package dev.wagateway.server.internal.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the web dashboard at {@code /dashboard/} from the static files under {@code
 * dev/wagateway/server/dashboard/} in the jar, and hands every other path to the wrapped handler.
 * The dashboard is plain HTML, ES modules and CSS that call the public API with the key the person
 * enters; this handler only serves files, never API data, so it needs no credential.
 *
 * <p>Only flat file names of known types are served (no directories, so no traversal). Every answer
 * carries a strict Content-Security-Policy (same origin only, no inline script or style), {@code
 * X-Content-Type-Options: nosniff} and {@code Cache-Control: no-cache} with an ETag, so a browser
 * revalidates and an upgraded server is picked up at once.
 */
public final class DashboardHandler extends Handler.Wrapper {
  /** The path prefix the dashboard is served under. */
  public static final String PATH = "/dashboard";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:;"
          + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  private static final String RESOURCE_DIR = "/dev/wagateway/server/dashboard/";
  private static final Pattern FILE_NAME =
      Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg)");
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  public DashboardHandler(Handler others) {
    super(others);
  }

  private record Asset(String contentType, byte[] body, String etag) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path == null || !(path.equals(PATH) || path.startsWith(PATH + "/"))) {
      return super.handle(request, response, callback);
    }
    String method = request.getMethod();
    boolean head = "HEAD".equals(method);
    if (!head && !"GET".equals(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      plain(response, callback, 405, "method not allowed", false);
      return true;
    }
    if (path.equals(PATH)) {
      response.getHeaders().put(HttpHeader.LOCATION, PATH + "/");
      plain(response, callback, 308, "moved to " + PATH + "/", head);
      return true;
    }
    String name = path.substring(PATH.length() + 1);
    if (name.isEmpty()) {
      name = "index.html";
    }
    Optional<Asset> asset =
        FILE_NAME.matcher(name).matches()
            ? cache.computeIfAbsent(name, this::load)
            : Optional.empty();
    if (asset.isEmpty()) {
      plain(response, callback, 404, "no such dashboard file", head);
      return true;
    }
    Asset a = asset.get();
    securityHeaders(response);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put(HttpHeader.ETAG, a.etag());
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null && ifNoneMatch.contains(a.etag())) {
      response.setStatus(304);
      callback.succeeded();
      return true;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(a.body().length));
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(a.body()), callback);
    return true;
  }

  private Optional<Asset> load(String name) {
    try (InputStream in = DashboardHandler.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] body = in.readAllBytes();
      String extension = name.substring(name.lastIndexOf('.') + 1);
      return Optional.of(new Asset(CONTENT_TYPES.get(extension), body, etag(body)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read dashboard file " + name, e);
    }
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static void securityHeaders(Response response) {
    response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put("X-Frame-Options", "DENY");
  }

  private static void plain(
      Response response, Callback callback, int status, String text, boolean head) {
    securityHeaders(response);
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length));
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
  }
}
