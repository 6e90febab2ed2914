package dev.wagateway.benchmarks;

import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.store.GatewayStore;
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
 *   <li><b>latency</b>: in rounds, creates N sessions at once (default 100; one caller thread per
 *       session, released together) and reports the create → first QR (status qr_ready) latency,
 *       p50 and p99, from each caller's {@code create()} call to the {@code at} of the session's
 *       first {@code QrCodeIssued}; also from the moment the callers were released, how late the
 *       callers got to call, what {@code create()} itself took, and the CPU time per session of
 *       this process and of the simulator's, and how much of it the JIT compiler threads took. The
 *       first {@code --warmup} rounds (default 60) are reported but not counted: they bring both
 *       JVMs' JIT near its steady state (on JDK 17 the compilers still take tens of ms per round at
 *       rounds 30–50, and the per-round p50 keeps falling until about round 60; see
 *       benchmarks/README.md). Every round's sessions are deleted after it.
 *   <li><b>idle</b>: pairs M sessions (default 1,000) through the child's simulated phone, waits
 *       until all are ready, and reports heap and live threads of this process per idle ready
 *       session (heap after full GCs, relative to the host with no sessions).
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.wagateway.benchmarks.SessionLoadDriver [--latency N]
 * [--warmup R] [--rounds R] [--thread-cpu] [--idle M] [--prekeys K] [--store sqlite|memory]}.
 * {@code --thread-cpu} adds each round's CPU time by thread name for both processes (Linux /proc).
 * JVM options for the simulator's JVM go in the system property {@code simulator.jvmArgs} (e.g. a
 * JFR recording). The initial prekey upload is {@code K} keys (default 50 instead of 812) so that
 * pairing a thousand sessions on a small machine takes seconds, not minutes; it does not change an
 * idle session's footprint with the SQLite store, which keeps keys on disk.
 */
public final class SessionLoadDriver {
  private SessionLoadDriver() {}

  public static void main(String[] args) throws Exception {
    int latencySessions = 100;
    int idleSessions = 1000;
    int preKeys = 50;
    String storeKind = "sqlite";
    int settleSeconds = 5;
    int warmups = 60;
    int rounds = 3;
    boolean threadCpu = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--latency" -> latencySessions = Integer.parseInt(args[++i]);
        case "--idle" -> idleSessions = Integer.parseInt(args[++i]);
        case "--prekeys" -> preKeys = Integer.parseInt(args[++i]);
        case "--store" -> storeKind = args[++i];
        case "--settle" -> settleSeconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmups = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--thread-cpu" -> threadCpu = true;
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
      String url = childLine(fromChild, "url ");
      byte[] root = HexFormat.of().parseHex(childLine(fromChild, "root "));
      if (latencySessions > 0) {
        latency(url, root, latencySessions, storeKind, warmups, rounds, threadCpu, child);
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

  /** The next line of the child that starts with {@code prefix}, without it (skips JVM notices). */
  private static String childLine(BufferedReader fromChild, String prefix) throws IOException {
    String line;
    while ((line = fromChild.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length());
      }
    }
    throw new IOException("the simulator process ended before printing " + prefix.trim());
  }

  private static Process startSimulator() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
    String extra = System.getProperty("simulator.jvmArgs", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), SimulatorProcess.class.getName()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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

  /**
   * Runs {@code warmups} unmeasured rounds, then {@code rounds} measured ones, each creating {@code
   * n} sessions at once (one caller thread per session released together), waiting until every one
   * showed its first QR, then deleting them all. A round's clock runs from the moment its caller
   * calls {@code create()} to the {@code at} of the session's first {@code QrCodeIssued} event.
   */
  private static void latency(
      String url,
      byte[] root,
      int n,
      String storeKind,
      int warmups,
      int rounds,
      boolean threadCpu,
      Process child)
      throws Exception {
    GatewayStore store = store(storeKind);
    try (SessionHost host = SessionHost.open(config(store, url, root, 50))) {
      Map<String, Instant> qrAt = new ConcurrentHashMap<>();
      Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
      host.subscribe(
          e -> {
            if (e instanceof QrCodeIssued q && qrAt.putIfAbsent(q.sessionId(), q.at()) == null) {
              int dot = q.sessionId().indexOf('.');
              CountDownLatch latch = dot < 0 ? null : waiting.get(q.sessionId().substring(0, dot));
              if (latch != null) {
                latch.countDown();
              }
            }
          });
      List<Long> allMicros = new ArrayList<>();
      List<Long> allCreateMicros = new ArrayList<>();
      List<Long> allFromGate = new ArrayList<>();
      double driverJit = 0;
      double simulatorJit = 0;
      double driverCpu = 0;
      double simulatorCpu = 0;
      // one caller thread per session, the same threads in every round
      ExecutorService callers = Executors.newFixedThreadPool(n);
      for (int r = 0; r < warmups + rounds; r++) {
        boolean measured = r >= warmups;
        String round = (measured ? "round-" + (r - warmups + 1) : "warmup-" + (r + 1));
        System.out.printf(Locale.ROOT, "  %s, load average %.2f%n", round, loadAverage());
        CountDownLatch allQr = new CountDownLatch(n);
        waiting.put(round, allQr);
        Map<String, Instant> createdAt = new ConcurrentHashMap<>();
        Map<String, Instant> returnedAt = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
          String id = round + "." + i;
          callers.execute(
              () -> {
                try {
                  ready.countDown();
                  go.await();
                  createdAt.put(id, Instant.now());
                  host.create(NewSession.builder("load").id(id).startImmediately(true).build());
                  returnedAt.put(id, Instant.now());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  returned.countDown();
                }
              });
        }
        ready.await(30, TimeUnit.SECONDS);
        Thread.sleep(100); // every caller is parked on the gate
        Map<String, Map.Entry<String, Long>> driverThreadsBefore =
            threadCpu(ProcessHandle.current().pid());
        Map<String, Map.Entry<String, Long>> childThreadsBefore = threadCpu(child.pid());
        long driverCpuBefore = processCpuNanos();
        long childCpuBefore = cpuNanos(child);
        Instant gate = Instant.now();
        go.countDown();
        boolean all = allQr.await(120, TimeUnit.SECONDS);
        long driverCpuNanos = processCpuNanos() - driverCpuBefore;
        long childCpuNanos = cpuNanos(child) - childCpuBefore;
        Map<String, Long> driverThreads =
            cpuDelta(driverThreadsBefore, threadCpu(ProcessHandle.current().pid()));
        Map<String, Long> childThreads = cpuDelta(childThreadsBefore, threadCpu(child.pid()));
        long roundDriverJit = compilerMillis(driverThreads);
        long roundSimulatorJit = compilerMillis(childThreads);
        if (threadCpu) {
          System.out.println("    driver CPU ms by thread: " + describe(driverThreads));
          System.out.println("    simulator CPU ms by thread: " + describe(childThreads));
        }
        if (!returned.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("create() calls did not all return");
        }
        List<Long> createMicros = new ArrayList<>();
        for (Map.Entry<String, Instant> e : returnedAt.entrySet()) {
          createMicros.add(
              Duration.between(createdAt.get(e.getKey()), e.getValue()).toNanos() / 1000);
        }
        Collections.sort(createMicros);
        List<Long> micros = new ArrayList<>();
        List<Long> fromGate = new ArrayList<>();
        for (Map.Entry<String, Instant> e : createdAt.entrySet()) {
          Instant qr = qrAt.get(e.getKey());
          if (qr != null) {
            micros.add(Duration.between(e.getValue(), qr).toNanos() / 1000);
            fromGate.add(Duration.between(gate, qr).toNanos() / 1000);
          }
        }
        Collections.sort(micros);
        Collections.sort(fromGate);
        List<Long> callDelay = new ArrayList<>();
        for (Instant at : createdAt.values()) {
          callDelay.add(Duration.between(gate, at).toNanos() / 1000);
        }
        Collections.sort(callDelay);
        System.out.printf(
            Locale.ROOT,
            "  %s: create->qr_ready p50 %.1f ms, p99 %.1f ms, max %.1f ms%s; create() p50 %.1f ms,"
                + " p99 %.1f ms; CPU per session: driver %.2f ms, simulator %.2f ms%n"
                + "    callers started after the gate: p50 %.1f ms, max %.1f ms; gate->qr_ready"
                + " p50 %.1f ms, p99 %.1f ms; JIT compiler threads: driver %d ms, simulator %d"
                + " ms%n",
            round,
            percentile(micros, 50) / 1000.0,
            percentile(micros, 99) / 1000.0,
            micros.isEmpty() ? 0 : micros.get(micros.size() - 1) / 1000.0,
            all ? "" : " (only " + micros.size() + " reached qr_ready)",
            percentile(createMicros, 50) / 1000.0,
            percentile(createMicros, 99) / 1000.0,
            driverCpuNanos / 1e6 / n,
            childCpuNanos / 1e6 / n,
            percentile(callDelay, 50) / 1000.0,
            callDelay.isEmpty() ? 0 : callDelay.get(callDelay.size() - 1) / 1000.0,
            percentile(fromGate, 50) / 1000.0,
            percentile(fromGate, 99) / 1000.0,
            roundDriverJit,
            roundSimulatorJit);
        if (measured) {
          allMicros.addAll(micros);
          allCreateMicros.addAll(createMicros);
          allFromGate.addAll(fromGate);
          driverJit += roundDriverJit;
          simulatorJit += roundSimulatorJit;
          driverCpu += driverCpuNanos / 1e6 / n;
          simulatorCpu += childCpuNanos / 1e6 / n;
        }
        waiting.remove(round);
        for (int i = 0; i < n; i++) {
          String id = round + "." + i;
          if (host.get(id).isPresent()) {
            host.delete(id);
          }
          qrAt.remove(id);
        }
      }
      callers.shutdown();
      Collections.sort(allMicros);
      Collections.sort(allCreateMicros);
      Collections.sort(allFromGate);
      System.out.printf(
          Locale.ROOT,
          "latency create->qr_ready, %d sessions at once, %d measured rounds after %d warm-up"
              + " rounds (%s store): p50 %.1f ms, p99 %.1f ms, max %.1f ms%s%n",
          n,
          rounds,
          warmups,
          storeKind,
          percentile(allMicros, 50) / 1000.0,
          percentile(allMicros, 99) / 1000.0,
          allMicros.isEmpty() ? 0 : allMicros.get(allMicros.size() - 1) / 1000.0,
          allMicros.size() == n * rounds
              ? ""
              : " (only " + allMicros.size() + " of " + n * rounds + " reached qr_ready)");
      System.out.printf(
          Locale.ROOT,
          "  of which create() returned (stored, connecting): p50 %.1f ms, p99 %.1f ms%n",
          percentile(allCreateMicros, 50) / 1000.0,
          percentile(allCreateMicros, 99) / 1000.0);
      System.out.printf(
          Locale.ROOT,
          "  counted from the gate instead (includes the callers' own wait for a core): p50 %.1f"
              + " ms, p99 %.1f ms%n",
          percentile(allFromGate, 50) / 1000.0,
          percentile(allFromGate, 99) / 1000.0);
      System.out.printf(
          Locale.ROOT,
          "  JIT compiler threads per measured round (mean): driver %.1f ms, simulator %.1f ms%n",
          rounds == 0 ? 0 : driverJit / rounds,
          rounds == 0 ? 0 : simulatorJit / rounds);
      System.out.printf(
          Locale.ROOT,
          "  CPU per session (mean of measured rounds): driver %.2f ms, simulator %.2f ms%n",
          driverCpu / rounds,
          simulatorCpu / rounds);
    } finally {
      store.close();
    }
  }

  /**
   * CPU time (ms, user + system) and name of every live thread of process {@code pid}, by thread
   * id, from /proc (Linux; empty elsewhere). Covers GC and JIT threads too.
   */
  private static Map<String, Map.Entry<String, Long>> threadCpu(long pid) {
    Map<String, Map.Entry<String, Long>> out = new java.util.HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (java.util.stream.Stream<Path> list = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) list::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[0-9]+", "N");
          String[] fields = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          out.put(task.getFileName().toString(), Map.entry(name, ticks * 10));
        } catch (IOException | RuntimeException e) {
          // the thread ended while we read it
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** CPU ms spent between two {@link #threadCpu} snapshots, by thread name (as it is now). */
  private static Map<String, Long> cpuDelta(
      Map<String, Map.Entry<String, Long>> before, Map<String, Map.Entry<String, Long>> after) {
    Map<String, Long> delta = new java.util.HashMap<>();
    after.forEach(
        (tid, now) -> {
          Map.Entry<String, Long> then = before.get(tid);
          delta.merge(
              now.getKey(), now.getValue() - (then == null ? 0 : then.getValue()), Long::sum);
        });
    return delta;
  }

  /** CPU ms of the JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread1", ...). */
  private static long compilerMillis(Map<String, Long> byThread) {
    return byThread.entrySet().stream()
        .filter(e -> e.getKey().contains("CompilerThre"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static String describe(Map<String, Long> delta) {
    return delta.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long cpuNanos(Process process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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
