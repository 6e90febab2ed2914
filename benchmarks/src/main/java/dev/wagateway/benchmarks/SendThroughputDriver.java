package dev.wagateway.benchmarks;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.SendPacing;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.testkit.SimulatedContact;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load driver of the send path (docs/architecture.md, Send path; not a unit test): sessions on a
 * {@link SessionHost} with a SQLite store, an in-process simulator, and contacts that decrypt every
 * message (one decrypting thread per contact).
 *
 * <ol>
 *   <li><b>throughput</b>, for each session count (default 1, 20, 200): every session sends {@code
 *       --messages} texts as fast as its queue takes them (a {@code queue_full} is waited out, as
 *       the API's 429 asks), and the driver reports messages per second from the first send to the
 *       last decrypt at a contact.
 *   <li><b>burst</b>: one session is sent ten times its queue's capacity at once, while the other
 *       sessions send one message each every 100 ms; reports the other sessions' send latency
 *       (accept to decrypt at the contact), p50 and p99, and how many of the burst were refused
 *       with {@code queue_full}.
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.wagateway.benchmarks.SendThroughputDriver
 * [--sessions 1,20,200] [--messages N] [--contacts C] [--capacity Q] [--burst-sessions S]}.
 */
public final class SendThroughputDriver {
  private SendThroughputDriver() {}

  public static void main(String[] args) throws Exception {
    List<Integer> counts = List.of(1, 20, 200);
    int messages = 200;
    int contacts = 8;
    int capacity = 200;
    int burstSessions = 20;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--sessions" -> {
          List<Integer> parsed = new ArrayList<>();
          for (String s : args[i + 1].split(",")) {
            parsed.add(Integer.parseInt(s.trim()));
          }
          counts = parsed;
        }
        case "--messages" -> messages = Integer.parseInt(args[i + 1]);
        case "--contacts" -> contacts = Integer.parseInt(args[i + 1]);
        case "--capacity" -> capacity = Integer.parseInt(args[i + 1]);
        case "--burst-sessions" -> burstSessions = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cores%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    for (int n : counts) {
      try (World w = new World(n, contacts, capacity)) {
        w.throughput(messages);
      }
    }
    if (burstSessions > 1) {
      try (World w = new World(burstSessions, contacts, capacity)) {
        w.burst(capacity * 10);
      }
    }
  }

  /** A simulator, a host with {@code n} ready sessions, and the contacts they send to. */
  private static final class World implements AutoCloseable {
    final WaSimulator simulator = WaSimulator.builder().start();
    final Path dir = Files.createTempDirectory("send-throughput");
    final GatewayStore store = Stores.sqlite(dir);
    final SessionHost host;
    final List<SimulatedContact> contacts = new ArrayList<>();
    final List<String> sessions = new ArrayList<>();
    final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    final LinkedBlockingQueue<Long> latencies = new LinkedBlockingQueue<>();
    final AtomicInteger decrypted = new AtomicInteger();
    final List<Thread> readers = new ArrayList<>();
    volatile boolean running = true;

    World(int n, int contactCount, int capacity) throws Exception {
      host =
          SessionHost.open(
              simulator
                  .sessionHostConfig(store)
                  .preKeys(30, 10, 5)
                  .sendQueue(capacity, SendPacing.NONE)
                  .build());
      Map<String, CountDownLatch> ready = new ConcurrentHashMap<>();
      Map<String, String> qrs = new ConcurrentHashMap<>();
      host.subscribe(
          e -> {
            if (e instanceof QrCodeIssued q) {
              qrs.putIfAbsent(q.sessionId(), q.code());
            } else if (e instanceof StatusChanged s && s.status() == SessionStatus.READY) {
              CountDownLatch l = ready.get(s.sessionId());
              if (l != null) {
                l.countDown();
              }
            }
          });
      for (int c = 0; c < contactCount; c++) {
        SimulatedContact contact = simulator.addContact("1555800" + String.format("%04d", c), null);
        contacts.add(contact);
        Thread reader = new Thread(() -> read(contact), "contact-" + c);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
      }
      for (int i = 0; i < n; i++) {
        String id = "s" + i;
        SimulatedPhone phone = simulator.addPhone("1555900" + String.format("%04d", i));
        ready.put(id, new CountDownLatch(1));
        host.create(NewSession.builder("bench").id(id).startImmediately(true).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!qrs.containsKey(id) && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        phone.scanQr(qrs.get(id));
        if (!ready.get(id).await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("session " + id + " did not become ready");
        }
        sessions.add(id);
      }
      Thread.sleep(500); // the prekey uploads after login
    }

    private void read(SimulatedContact contact) {
      while (running) {
        try {
          SimulatedContact.Received got = contact.awaitMessage(Duration.ofMillis(200));
          if (got != null) {
            Long at = acceptedAt.remove(got.id());
            if (at != null) {
              latencies.add(System.nanoTime() - at);
            }
            decrypted.incrementAndGet();
          }
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Sends {@code text} from {@code session} to a contact, waiting out queue_full. */
    int send(String session, SimulatedContact to, boolean timed) throws InterruptedException {
      int refused = 0;
      while (true) {
        try {
          long now = System.nanoTime();
          String id = host.send(session, to.jid(), new MessageContent.Text("load"));
          if (timed) {
            acceptedAt.put(id, now);
          }
          return refused;
        } catch (GatewayException e) {
          if (e.errorCode() != ErrorCode.QUEUE_FULL) {
            throw e;
          }
          refused++;
          Thread.sleep(1);
        }
      }
    }

    void throughput(int perSession) throws Exception {
      int total = perSession * sessions.size();
      decrypted.set(0);
      long start = System.nanoTime();
      List<Thread> senders = new ArrayList<>();
      for (int i = 0; i < sessions.size(); i++) {
        String session = sessions.get(i);
        SimulatedContact to = contacts.get(i % contacts.size());
        Thread t =
            new Thread(
                () -> {
                  try {
                    for (int m = 0; m < perSession; m++) {
                      send(session, to, false);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        t.start();
        senders.add(t);
      }
      for (Thread t : senders) {
        t.join();
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (decrypted.get() < total && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "throughput: %d sessions x %d messages: %d decrypted in %.2f s = %.0f msg/s%n",
          sessions.size(),
          perSession,
          decrypted.get(),
          seconds,
          decrypted.get() / seconds);
    }

    void burst(int burstSize) throws Exception {
      String burster = sessions.get(0);
      SimulatedContact burstTarget = contacts.get(0);
      AtomicInteger refused = new AtomicInteger();
      Thread burst =
          new Thread(
              () -> {
                for (int m = 0; m < burstSize; m++) {
                  try {
                    host.send(burster, burstTarget.jid(), new MessageContent.Text("burst"));
                  } catch (GatewayException e) {
                    refused.incrementAndGet();
                  }
                }
              });
      burst.start();
      latencies.clear();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int sent = 0;
      while (System.nanoTime() < end) {
        for (int i = 1; i < sessions.size(); i++) {
          SimulatedContact to = contacts.get(1 + (i % (contacts.size() - 1)));
          send(sessions.get(i), to, true);
          sent++;
        }
        Thread.sleep(100);
      }
      burst.join();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (latencies.size() < sent && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "burst: %d sent at once to one session (%d queue_full); other %d sessions: %d of %d"
              + " arrived, latency p50 %.1f ms, p99 %.1f ms%n",
          burstSize,
          refused.get(),
          sessions.size() - 1,
          sorted.size(),
          sent,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99));
    }

    private static double percentile(List<Long> sorted, double p) {
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      int index = Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1);
      return sorted.get(Math.max(0, index)) / 1e6;
    }

    @Override
    public void close() {
      running = false;
      host.close();
      store.close();
      simulator.close();
    }
  }
}
