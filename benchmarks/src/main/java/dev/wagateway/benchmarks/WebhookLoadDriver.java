package dev.wagateway.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.wagateway.core.internal.store.SqliteGatewayStore;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.SqliteEventLog;
import dev.wagateway.server.internal.store.Orgs;
import dev.wagateway.server.internal.store.ServerDb;
import dev.wagateway.server.internal.webhook.Webhooks;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook delivery figures (issue 15): deliveries per second from the SQLite event log to a local
 * receiver, and event-to-delivery latency at a steady rate. A plain {@code main}: the server's
 * event log, event hub and webhook dispatcher on a temporary SQLite database, and a JDK HTTP server
 * on loopback as the receiver (answers 204 at once).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wagateway.benchmarks.WebhookLoadDriver \
 *     [--burst 20000] [--rate 500] [--seconds 20] [--sessions 16] [--concurrency 16]
 * </pre>
 *
 * The burst phase publishes {@code burst} events across {@code sessions} sessions as fast as the
 * log takes them and times first publish to last receipt. The rate phase publishes {@code rate}
 * events per second for {@code seconds} and measures, per event, the time from publish to the
 * receiver reading the request (the event's {@code occurredAt} is its publish instant).
 */
public final class WebhookLoadDriver {
  private static final String ORG = "org_bench";
  private static final Pattern OCCURRED = Pattern.compile("\"occurredAt\":\"([^\"]+)\"");
  private static final Pattern PHASE = Pattern.compile("\"phase\":\"(\\w+)\"");

  private WebhookLoadDriver() {}

  public static void main(String[] args) throws Exception {
    int burst = intArg(args, "--burst", 20_000);
    int rate = intArg(args, "--rate", 500);
    int seconds = intArg(args, "--seconds", 20);
    int sessions = intArg(args, "--sessions", 16);
    int concurrency = intArg(args, "--concurrency", 16);

    Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    long[] latencies = new long[rate * seconds];
    AtomicLong latencyCount = new AtomicLong();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 512);
    receiver.setExecutor(Executors.newFixedThreadPool(16));
    receiver.createContext(
        "/hook",
        exchange -> {
          long now = System.currentTimeMillis();
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          Matcher phase = PHASE.matcher(body);
          String p = phase.find() ? phase.group(1) : "?";
          received.computeIfAbsent(p, k -> new AtomicLong()).incrementAndGet();
          if (p.equals("rate")) {
            Matcher at = OCCURRED.matcher(body);
            if (at.find()) {
              long i = latencyCount.getAndIncrement();
              if (i < latencies.length) {
                latencies[(int) i] = now - Instant.parse(at.group(1)).toEpochMilli();
              }
            }
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

    Path dir = Files.createTempDirectory("wagateway-webhook-bench");
    Clock clock = Clock.systemUTC();
    SqliteGatewayStore store = SqliteGatewayStore.open(dir);
    ServerDb db = ServerDb.open(store, clock.millis());
    new Orgs(db).ensure(ORG, "Bench", clock.millis());
    SqliteEventLog eventLog =
        SqliteEventLog.open(
            db,
            clock,
            new SqliteEventLog.Settings(
                1_000_000, Duration.ofDays(1), 200_000, 1_000, Duration.ofMinutes(1)));
    EventHub hub = new EventHub(eventLog, 1_000);
    db.transaction(
        "register the bench webhook",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO webhooks (id, org_id, url, event_types, session_id, secret,"
                    + " created_at, state, scanned_through) VALUES (?, ?, ?, ?, NULL, ?, ?,"
                    + " 'active', 0)",
                "wh_bench",
                ORG,
                url,
                "message.received",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                clock.millis()));
    Webhooks webhooks =
        Webhooks.open(
            db,
            hub,
            null,
            new ServerConfig.Webhooks(
                Duration.ofHours(24), true, concurrency, Duration.ofSeconds(10)),
            clock,
            new SecureRandom());
    webhooks.start();
    System.out.printf(
        "java %s, %d cores, sessions %d, concurrency per webhook %d%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        sessions,
        concurrency);

    // warm-up: a short burst, not counted
    publish(hub, "warmup", 2_000, sessions);
    await(received, "warmup", 2_000);

    long start = System.nanoTime();
    publish(hub, "burst", burst, sessions);
    long published = System.nanoTime();
    await(received, "burst", burst);
    long done = System.nanoTime();
    System.out.printf(
        "burst: %d events published in %d ms, all delivered after %d ms: %.0f deliveries/s%n",
        burst,
        (published - start) / 1_000_000,
        (done - start) / 1_000_000,
        burst / ((done - start) / 1e9));

    long interval = 1_000_000_000L / rate;
    long next = System.nanoTime();
    int total = rate * seconds;
    for (int i = 0; i < total; i++) {
      LockSupport.parkNanos(next - System.nanoTime());
      next += interval;
      hub.publish(
          ORG,
          "s" + (i % sessions),
          ApiEventType.MESSAGE_RECEIVED,
          Instant.now(),
          Map.of("phase", "rate", "n", i));
    }
    await(received, "rate", total);
    long n = Math.min(latencyCount.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, (int) n);
    Arrays.sort(sorted);
    System.out.printf(
        "rate %d/s for %d s: %d delivered; latency publish -> receiver p50 %d ms, p99 %d ms,"
            + " max %d ms%n",
        rate,
        seconds,
        n,
        sorted[(int) (n / 2)],
        sorted[(int) Math.min(n - 1, n * 99 / 100)],
        sorted[(int) n - 1]);

    webhooks.close();
    eventLog.close();
    store.close();
    receiver.stop(0);
    System.exit(0);
  }

  private static void publish(EventHub hub, String phase, int count, int sessions) {
    for (int i = 0; i < count; i++) {
      hub.publish(
          ORG,
          "s" + (i % sessions),
          ApiEventType.MESSAGE_RECEIVED,
          Instant.now(),
          Map.of("phase", phase, "n", i));
    }
  }

  private static void await(Map<String, AtomicLong> received, String phase, long count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (received.getOrDefault(phase, new AtomicLong()).get() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            phase + ": only " + received.get(phase) + " of " + count + " delivered");
      }
      Thread.sleep(2);
    }
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
