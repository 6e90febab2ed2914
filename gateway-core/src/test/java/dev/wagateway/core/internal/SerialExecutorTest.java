package dev.wagateway.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
  @Test
  void runsTasksOneAtATimeInOrder() throws Exception {
    Executor serial = Threads.serial();
    List<Integer> seen = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(500);
    for (int i = 0; i < 500; i++) {
      int n = i;
      serial.execute(
          () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            synchronized (seen) {
              seen.add(n);
            }
            running.decrementAndGet();
            done.countDown();
          });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(1, maxRunning.get());
    for (int i = 0; i < 500; i++) {
      assertEquals(i, seen.get(i));
    }
  }

  @Test
  void aThrowingTaskDoesNotStopTheNext() throws Exception {
    Executor serial = Threads.serial();
    CountDownLatch after = new CountDownLatch(1);
    serial.execute(
        () -> {
          throw new IllegalStateException("listener bug");
        });
    serial.execute(after::countDown);
    assertTrue(after.await(10, TimeUnit.SECONDS));
  }

  @Test
  void twoSerialExecutorsRunInParallel() throws Exception {
    Executor a = Threads.serial();
    Executor b = Threads.serial();
    CountDownLatch bRan = new CountDownLatch(1);
    CountDownLatch aFinished = new CountDownLatch(1);
    a.execute(
        () -> {
          try {
            // a is blocked until b has run: b must not queue behind a
            if (bRan.await(10, TimeUnit.SECONDS)) {
              aFinished.countDown();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    b.execute(bRan::countDown);
    assertTrue(aFinished.await(10, TimeUnit.SECONDS));
  }

  @Test
  void usesVirtualThreadsExactlyWhenTheRuntimeHasThem() {
    boolean runtimeHasVirtualThreads = Runtime.version().feature() >= 21;
    assertEquals(runtimeHasVirtualThreads, Threads.virtual());
  }
}
