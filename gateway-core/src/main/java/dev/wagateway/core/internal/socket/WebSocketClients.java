package dev.wagateway.core.internal.socket;

import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.transport.ConnectionConfig;
import dev.wagateway.core.transport.OkHttpEgress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * OkHttp clients for WebSocket connections. One shared base client holds the dispatcher and thread
 * pools; each connection derives a client whose sockets and name lookups go through its {@link
 * dev.wagateway.core.transport.Egress}.
 *
 * <p>An OkHttp WebSocket keeps its dispatcher call (and the thread running it) for its whole life:
 * the reader loop runs inside the call. So the dispatcher has no request limit worth hitting (the
 * default of 64 would cap a process at 64 sessions), and on Java 21+ its executor makes a virtual
 * thread per call, so idle sessions cost no platform threads.
 */
final class WebSocketClients {
  /** Far above any session count one process hosts; OkHttp's default is 64. */
  static final int MAX_CALLS = 1_000_000;

  private static final OkHttpClient BASE =
      new OkHttpClient.Builder().dispatcher(dispatcher()).build();

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

  private static Dispatcher dispatcher() {
    Dispatcher dispatcher = new Dispatcher(executor());
    dispatcher.setMaxRequests(MAX_CALLS);
    dispatcher.setMaxRequestsPerHost(MAX_CALLS);
    return dispatcher;
  }

  private static ExecutorService executor() {
    if (Threads.virtual()) {
      return (ExecutorService) Threads.background();
    }
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "wagateway-ws-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
