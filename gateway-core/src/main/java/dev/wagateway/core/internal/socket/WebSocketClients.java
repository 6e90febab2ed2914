package dev.wagateway.core.internal.socket;

import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.OkHttpEgress;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * OkHttp clients for WebSocket connections. One shared base client holds the dispatcher and thread
 * pools; each connection derives a client whose sockets and name lookups go through its {@link
 * dev.wagateway.core.transport.Egress}.
 */
final class WebSocketClients {
  private static final OkHttpClient BASE = new OkHttpClient.Builder().build();

  private WebSocketClients() {}

  static OkHttpClient forConfig(ConnectionConfig config) {
    OkHttpClient.Builder builder =
        BASE.newBuilder()
            .connectTimeout(config.connectTimeout())
            .writeTimeout(config.writeTimeout())
            .readTimeout(Duration.ZERO)
            .pingInterval(Duration.ZERO)
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false);
    OkHttpEgress.configure(builder, config.egress());
    return builder.build();
  }
}
