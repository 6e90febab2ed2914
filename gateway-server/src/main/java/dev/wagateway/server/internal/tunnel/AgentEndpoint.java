package dev.wagateway.server.internal.tunnel;

import dev.wagateway.egress.tunnel.AgentChannel;
import dev.wagateway.egress.tunnel.AgentConnection;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Android agents' WebSocket at {@code /egress/agent}: Jetty serves the HTTP upgrade, and the
 * upgraded connection speaks our own RFC 6455 framing ({@link AgentWebSocketConnection} over {@code
 * AgentWebSocketFrames}) straight to the {@link EgressNodeRegistry}. Every other path goes to the
 * wrapped handler.
 *
 * <p>The upgrade (RFC 6455 §4.2): {@code GET} over HTTP/1.1 with {@code Upgrade: websocket}, {@code
 * Connection: upgrade}, {@code Sec-WebSocket-Version: 13} and a {@code Sec-WebSocket-Key} of 16
 * base64 bytes. A wrong version is answered {@code 426} with {@code Sec-WebSocket-Version: 13};
 * anything else malformed {@code 400}. No extension or subprotocol is ever accepted.
 */
public final class AgentEndpoint extends Handler.Wrapper {
  /** Where agents dial. */
  public static final String PATH = "/egress/agent";

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final Function<AgentChannel, AgentConnection> acceptor;

  AgentEndpoint(Function<AgentChannel, AgentConnection> acceptor, Handler others) {
    super(others);
    this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
  }

  /**
   * The server's handler: {@link #PATH} upgraded to agent WebSockets of {@code registry}, every
   * other request to {@code others} (null: 404). {@code GatewayServer} and the tunnel benchmark
   * both mount it so.
   */
  public static Handler mount(EgressNodeRegistry registry, Handler others) {
    return new AgentEndpoint(registry::accept, others);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return super.handle(request, response, callback);
    }
    ConnectionMetaData meta = request.getConnectionMetaData();
    HttpFields headers = request.getHeaders();
    if (!HttpMethod.GET.is(request.getMethod())
        || meta.getHttpVersion() != HttpVersion.HTTP_1_1
        || !hasToken(headers, HttpHeader.UPGRADE, "websocket")
        || !hasToken(headers, HttpHeader.CONNECTION, "upgrade")) {
      return refuse(response, callback, HttpStatus.BAD_REQUEST_400, "not a WebSocket upgrade");
    }
    if (!"13".equals(headers.get(HttpHeader.SEC_WEBSOCKET_VERSION))) {
      response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_VERSION, "13");
      return refuse(
          response, callback, HttpStatus.UPGRADE_REQUIRED_426, "WebSocket version 13 only");
    }
    String key = headers.get(HttpHeader.SEC_WEBSOCKET_KEY);
    if (!validKey(key)) {
      return refuse(response, callback, HttpStatus.BAD_REQUEST_400, "bad Sec-WebSocket-Key");
    }
    AgentWebSocketConnection connection =
        new AgentWebSocketConnection(
            meta.getConnection().getEndPoint(),
            meta.getConnector().getExecutor(),
            meta.getConnector().getByteBufferPool(),
            remoteIp(meta.getRemoteSocketAddress()),
            acceptor);
    response.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
    HttpFields.Mutable out = response.getHeaders();
    out.put(HttpHeader.UPGRADE, "websocket");
    out.put(HttpHeader.CONNECTION, "Upgrade");
    out.put(HttpHeader.SEC_WEBSOCKET_ACCEPT, acceptFor(key));
    // Jetty swaps the endpoint's connection once this response has gone out.
    request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
    response.write(true, null, callback);
    return true;
  }

  private static boolean refuse(Response response, Callback callback, int status, String why) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(response, true, why + "\n", callback);
    return true;
  }

  /** Whether a comma-separated header has {@code token} (case-insensitive) in any of its lines. */
  private static boolean hasToken(HttpFields headers, HttpHeader name, String token) {
    for (HttpField field : headers) {
      if (field.getHeader() != name && !field.getName().equalsIgnoreCase(name.asString())) {
        continue;
      }
      for (String part : field.getValue().split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean validKey(String key) {
    if (key == null || key.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String acceptFor(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JVM", e);
    }
  }

  private static String remoteIp(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : "";
  }
}
