package dev.wagateway.server;

import com.squareup.moshi.Moshi;
import dev.wagateway.client.RetryPolicy;
import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayClient;
import dev.wagateway.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A server on a loopback ephemeral port over a temp SQLite directory and a fake session layer. */
final class TestServer implements AutoCloseable {
  static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
  static final MediaType JSON = MediaType.get("application/json");

  final Path dataDir;
  final FakeSessionService sessions = new FakeSessionService();
  final GatewayServer server;
  final OkHttpClient http;

  private TestServer(GatewayServer server, OkHttpClient http) {
    this.dataDir = null;
    this.server = server;
    this.http = http;
  }

  /** A view of a server started elsewhere (for the raw-HTTP helpers). */
  static TestServer forServer(GatewayServer server, OkHttpClient http) {
    return new TestServer(server, http);
  }

  TestServer() throws IOException {
    this(b -> b);
  }

  TestServer(java.util.function.UnaryOperator<ServerConfig.Builder> customize) throws IOException {
    http =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false)
            .build();
    dataDir = Files.createTempDirectory("wagateway-server-test");
    ServerConfig config =
        customize
            .apply(
                ServerConfig.builder()
                    .adminKey(ADMIN_KEY)
                    .dataDir(dataDir)
                    .events(new ServerConfig.Events(100, 50, Duration.ofMillis(300))))
            .build();
    server = GatewayServer.create(config, deps -> sessions).start(0);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  WagatewayClient client(String token) {
    return WagatewayClient.builder()
        .baseUrl("http://127.0.0.1:" + server.port())
        .token(token)
        .retryPolicy(RetryPolicy.NONE)
        .build();
  }

  WagatewayApi api() {
    return client(ADMIN_KEY).api();
  }

  /** A raw call; returns status and parsed body (or the raw text under "raw"). */
  Resp call(String method, String path, String token, String body) throws IOException {
    Request.Builder rb = new Request.Builder().url(url(path));
    if (token != null) {
      rb.header("Authorization", "Bearer " + token);
    }
    RequestBody rbody = body == null ? null : RequestBody.create(body, JSON);
    if (rbody == null && (method.equals("POST") || method.equals("PUT"))) {
      rbody = RequestBody.create(new byte[0], null);
    }
    rb.method(method, rbody);
    try (Response r = http.newCall(rb.build()).execute()) {
      byte[] bytes = r.body() == null ? new byte[0] : r.body().bytes();
      return new Resp(r.code(), r.header("Content-Type"), bytes, r.headers().toMultimap());
    }
  }

  /** A call with any body and extra headers (name, value pairs), as the admin unless a token. */
  Resp call(String method, String path, String token, RequestBody body, String... headers)
      throws IOException {
    Request.Builder rb = new Request.Builder().url(url(path)).method(method, body);
    if (token != null) {
      rb.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      rb.header(headers[i], headers[i + 1]);
    }
    try (Response r = http.newCall(rb.build()).execute()) {
      byte[] bytes = r.body() == null ? new byte[0] : r.body().bytes();
      return new Resp(r.code(), r.header("Content-Type"), bytes, r.headers().toMultimap());
    }
  }

  /** A multipart/form-data upload: a file part of {@code fileType} and text fields. */
  static RequestBody upload(byte[] file, String fileType, String fileName, String... fields) {
    okhttp3.MultipartBody.Builder b =
        new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      b.addFormDataPart(fields[i], fields[i + 1]);
    }
    if (file != null) {
      b.addFormDataPart(
          "file",
          fileName,
          RequestBody.create(file, fileType == null ? null : MediaType.get(fileType)));
    }
    return b.build();
  }

  Resp admin(String method, String path, String body) throws IOException {
    return call(method, path, ADMIN_KEY, body);
  }

  /** A response: status, content type, bytes; {@link #json()} parses the body. */
  record Resp(
      int status, String contentType, byte[] bytes, Map<String, java.util.List<String>> headers) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() throws IOException {
      return (Map<String, Object>)
          new Moshi.Builder()
              .build()
              .adapter(Object.class)
              .fromJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    String text() {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    String header(String name) {
      java.util.List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The gateway family's error code. */
    @SuppressWarnings("unchecked")
    String errorCode() throws IOException {
      return (String) ((Map<String, Object>) json().get("error")).get("code");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> errorDetails() throws IOException {
      return (Map<String, Object>) ((Map<String, Object>) json().get("error")).get("details");
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.stop();
  }
}
