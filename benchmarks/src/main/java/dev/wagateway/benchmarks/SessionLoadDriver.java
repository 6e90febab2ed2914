package dev.wagateway.benchmarks;

import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionHost;
import dev.wagateway.core.SessionHostConfig;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.Stores;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Load driver for the session layer (not a unit test): starts {@link SimulatorProcess} in a child
 * JVM, then
 *
 * <ol>
 *   <li><b>latency</b>: creates N sessions at once (default 100) and reports the create → first QR
 *       (status qr_ready) latency, p50 and p99;
 *   <li><b>idle</b>: pairs M sessions (default 1,000) through the child's simulated phone, waits
 *       until all are ready, and reports heap and live threads of this process per idle ready
 *       session (heap after full GCs, relative to the host with no sessions).
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.wagateway.benchmarks.SessionLoadDriver [--latency N]
 * [--idle M] [--prekeys K] [--store sqlite|memory]}. The initial prekey upload is {@code K} keys
 * (default 50 instead of 812) so that pairing a thousand sessions on a small machine takes seconds,
 * not minutes; it does not change an idle session's footprint with the SQLite store, which keeps
 * keys on disk.
 */
public final class SessionLoadDriver {
  private SessionLoadDriver() {}

  public static void main(String[] args) throws Exception {
    int latencySessions = 100;
    int idleSessions = 1000;
    int preKeys = 50;
    String storeKind = "sqlite";
    int settleSeconds = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--latency" -> latencySessions = Integer.parseInt(args[++i]);
        case "--idle" -> idleSessions = Integer.parseInt(args[++i]);
        case "--prekeys" -> preKeys = Integer.parseInt(args[++i]);
        case "--store" -> storeKind = args[++i];
        case "--settle" -> settleSeconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "java %s, virtual threads: %s, cores: %d, max heap: %d MB%n",
        Runtime.version(),
        Threads.virtual(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    Process child = startSimulator();
    try {
      BufferedReader fromChild =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter toChild =
          new PrintWriter(
              new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8), true);
      String url = fromChild.readLine().substring(4);
      byte[] root = HexFormat.of().parseHex(fromChild.readLine().substring(5));
      if (latencySessions > 0) {
        latency(url, root, latencySessions, storeKind);
      }
      if (idleSessions > 0) {
        idle(url, root, idleSessions, preKeys, storeKind, settleSeconds, fromChild, toChild);
      }
    } finally {
      child.getOutputStream().close();
      child.destroy();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  private static Process startSimulator() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            SimulatorProcess.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static GatewayStore store(String kind) throws IOException {
    if (kind.equals("memory")) {
      return Stores.inMemory();
    }
    Path dir = Files.createTempDirectory("wagateway-load");
    dir.toFile().deleteOnExit();
    return Stores.sqlite(dir);
  }

  private static SessionHostConfig config(
      GatewayStore store, String url, byte[] root, int preKeys) {
    return SessionHostConfig.builder()
        .store(store)
        .egressResolver(s -> LoopbackOnlyEgress.instance())
        .endpoint(URI.create(url))
        .trustedRootKey(root)
        .preKeys(preKeys, 50, 5)
        .connectTimeout(Duration.ofSeconds(60))
        .build();
  }

  // ---- create -> qr_ready with N sessions at once ----

  private static void latency(String url, byte[] root, int n, String storeKind) throws Exception {
    GatewayStore store = store(storeKind);
    try (SessionHost host = SessionHost.open(config(store, url, root, 50))) {
      Map<String, Instant> qrAt = new ConcurrentHashMap<>();
      CountDownLatch allQr = new CountDownLatch(n);
      host.subscribe(
          e -> {
            if (e instanceof QrCodeIssued q
                && qrAt.putIfAbsent(q.sessionId(), q.at()) == null
                && q.sessionId().startsWith("lat-")) {
              allQr.countDown();
            }
          });
      // warm up: 20 sessions one after another (class loading, JIT of the handshake paths)
      for (int i = 0; i < 20; i++) {
        String id = "warm-" + i;
        host.create(NewSession.builder("warm").id(id).startImmediately(true).build());
        long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!qrAt.containsKey(id) && System.nanoTime() < warmDeadline) {
          Thread.sleep(2);
        }
        host.delete(id);
      }

      Map<String, Instant> createdAt = new ConcurrentHashMap<>();
      Map<String, Instant> returnedAt = new ConcurrentHashMap<>();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService callers = Executors.newFixedThreadPool(n);
      for (int i = 0; i < n; i++) {
        String id = "lat-" + i;
        callers.execute(
            () -> {
              try {
                go.await();
                createdAt.put(id, Instant.now());
                host.create(NewSession.builder("load").id(id).startImmediately(true).build());
                returnedAt.put(id, Instant.now());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      go.countDown();
      boolean all = allQr.await(120, TimeUnit.SECONDS);
      callers.shutdown();
      List<Long> createMicros = new ArrayList<>();
      for (Map.Entry<String, Instant> e : returnedAt.entrySet()) {
        createMicros.add(
            Duration.between(createdAt.get(e.getKey()), e.getValue()).toNanos() / 1000);
      }
      Collections.sort(createMicros);
      List<Long> micros = new ArrayList<>();
      for (Map.Entry<String, Instant> e : createdAt.entrySet()) {
        Instant qr = qrAt.get(e.getKey());
        if (qr != null) {
          micros.add(Duration.between(e.getValue(), qr).toNanos() / 1000);
        }
      }
      Collections.sort(micros);
      System.out.printf(
          Locale.ROOT,
          "latency create->qr_ready, %d sessions at once (%s store): p50 %.1f ms, p99 %.1f ms, max"
              + " %.1f ms%s%n",
          n,
          storeKind,
          percentile(micros, 50) / 1000.0,
          percentile(micros, 99) / 1000.0,
          micros.isEmpty() ? 0 : micros.get(micros.size() - 1) / 1000.0,
          all ? "" : " (only " + micros.size() + " reached qr_ready)");
      System.out.printf(
          Locale.ROOT,
          "  of which create() returned (stored, connecting): p50 %.1f ms, p99 %.1f ms%n",
          percentile(createMicros, 50) / 1000.0,
          percentile(createMicros, 99) / 1000.0);
    } finally {
      store.close();
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  // ---- heap and threads per idle ready session ----

  private static void idle(
      String url,
      byte[] root,
      int n,
      int preKeys,
      String storeKind,
      int settleSeconds,
      BufferedReader fromChild,
      PrintWriter toChild)
      throws Exception {
    GatewayStore store = store(storeKind);
    try (SessionHost host = SessionHost.open(config(store, url, root, preKeys))) {
      Map<String, String> firstQr = new ConcurrentHashMap<>();
      Map<String, Boolean> ready = new ConcurrentHashMap<>();
      host.subscribe(
          e -> {
            if (e instanceof QrCodeIssued q) {
              firstQr.putIfAbsent(q.sessionId(), q.code());
            } else if (e instanceof StatusChanged s && s.status() == SessionStatus.READY) {
              ready.put(s.sessionId(), Boolean.TRUE);
            }
          });
      long baseHeap = usedHeapAfterGc();
      int baseThreads = ManagementFactory.getThreadMXBean().getThreadCount();
      System.out.printf(
          Locale.ROOT, "idle: baseline heap %.1f MB, %d threads%n", baseHeap / 1e6, baseThreads);
      long start = System.nanoTime();
      int batch = 50;
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        for (int i = from; i < to; i++) {
          host.create(NewSession.builder("load").id("idle-" + i).startImmediately(true).build());
        }
        for (int i = from; i < to; i++) {
          String id = "idle-" + i;
          String qr = awaitValue(firstQr, id, Duration.ofSeconds(180));
          toChild.println("scan " + qr);
        }
        for (int i = from; i < to; i++) {
          String answer = fromChild.readLine();
          if (answer == null || !answer.startsWith("ok ")) {
            throw new IllegalStateException("pairing failed: " + answer);
          }
        }
        for (int i = from; i < to; i++) {
          String id = "idle-" + i;
          try {
            awaitValue(ready, id, Duration.ofSeconds(180));
          } catch (IllegalStateException e) {
            System.out.println("not ready: " + host.get(id).orElseThrow());
          }
        }
        if (to % 250 == 0 || to == n) {
          report(to, baseHeap, baseThreads, start);
        }
      }
      Thread.sleep(settleSeconds * 1000L);
      System.out.println("after " + settleSeconds + " s idle:");
      report(n, baseHeap, baseThreads, start);
      System.out.println("live threads by name: " + threadNames());
    } finally {
      store.close();
    }
  }

  private static void report(int sessions, long baseHeap, int baseThreads, long start) {
    long heap = usedHeapAfterGc();
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    System.out.printf(
        Locale.ROOT,
        "idle: %d ready sessions after %.1f s: heap %.1f MB (%.3f MB/session over baseline),"
            + " %d live threads (%+d over baseline)%n",
        sessions,
        (System.nanoTime() - start) / 1e9,
        heap / 1e6,
        (heap - baseHeap) / 1e6 / sessions,
        threads,
        threads - baseThreads);
  }

  /** Live threads grouped by name with the digits taken out, largest groups first. */
  private static String threadNames() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      counts.merge(t.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static <T> T awaitValue(Map<String, T> map, String key, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value;
    while ((value = map.get(key)) == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + key);
      }
      Thread.sleep(2);
    }
    return value;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
