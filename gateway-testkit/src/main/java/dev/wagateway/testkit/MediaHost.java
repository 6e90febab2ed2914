package dev.wagateway.testkit;

import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.testkit.internal.ServerStanzas;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The simulator's media host (docs/protocol/messaging.md §5.3–§5.5), on the simulator's own Jetty
 * connector: {@code POST /mms/<type>/<token>?auth=…&token=…} stores an encrypted blob and answers
 * {@code {"url":…,"direct_path":…}}; {@code GET <direct_path>} serves it back (404 when unknown).
 * It never sees plaintext; blobs live in memory for the simulator's lifetime.
 */
final class MediaHost extends Handler.Abstract {
  static final String AUTH = "sim-media-auth";

  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final List<MediaRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile int port;

  void port(int port) {
    this.port = port;
  }

  String hostname() {
    return "127.0.0.1:" + port;
  }

  /** The {@code media_conn} answer: our one host and the upload auth. */
  BinaryNode mediaConn(String iqId) {
    return ServerStanzas.result(
        iqId,
        BinaryNode.newBuilder("media_conn")
            .attr("auth", AUTH)
            .attr("ttl", "3600")
            .attr("auth_ttl", "3600")
            .attr("max_buckets", "1")
            .child(BinaryNode.newBuilder("host").attr("hostname", hostname()).build())
            .build());
  }

  /** Every upload and download request so far, in order. */
  List<MediaRequest> requests() {
    return List.copyOf(requests);
  }

  /** The blob stored under {@code directPath} (a copy), or null. */
  byte[] blob(String directPath) {
    byte[] b = blobs.get(pathOnly(directPath));
    return b == null ? null : b.clone();
  }

  /** Replaces the stored blob, e.g. with a tampered copy. */
  void replace(String directPath, byte[] blob) {
    blobs.put(pathOnly(directPath), blob.clone());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path == null) {
      return false;
    }
    if (path.startsWith("/mms/") || path.startsWith("/v/")) {
      SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
      requests.add(
          new MediaRequest(
              request.getMethod(),
              path,
              remote instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0)));
    }
    if (path.startsWith("/mms/") && "POST".equals(request.getMethod())) {
      String query = request.getHttpURI().getQuery();
      if (query == null || !query.contains("auth=" + AUTH)) {
        response.setStatus(401);
        callback.succeeded();
        return true;
      }
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readAllBytes();
      }
      if (body.length <= 10) {
        response.setStatus(400);
        callback.succeeded();
        return true;
      }
      String direct = "/v/t62.7118-24/" + ids.incrementAndGet() + "_" + body.length + ".enc";
      blobs.put(direct, body);
      String json =
          "{\"url\":\"http://"
              + hostname()
              + direct
              + "?ccb=9-4\",\"direct_path\":\""
              + direct
              + "?ccb=9-4\"}";
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
    if (path.startsWith("/v/") && "GET".equals(request.getMethod())) {
      byte[] blob = blobs.get(path);
      if (blob == null) {
        response.setStatus(404);
        callback.succeeded();
        return true;
      }
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(blob.length));
      response.write(true, ByteBuffer.wrap(blob), callback);
      return true;
    }
    return false;
  }

  private static String pathOnly(String directPath) {
    int q = directPath.indexOf('?');
    return q < 0 ? directPath : directPath.substring(0, q);
  }
}
