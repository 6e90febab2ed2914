package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.ForwardingGatewayStore;
import dev.wagateway.core.store.GatewayStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a store so that the process can "die" at a chosen point: every write to a narrow store
 * (inside a transaction or not) is a numbered point, and every transaction has two, just before and
 * just after its commit. When the point set with {@link #crashAt} is reached, {@link Crash} is
 * thrown: after the write (it reached the open transaction, or the disk when outside one), instead
 * of the commit, or once the commit is done. The wrapped store rolls back what was not committed,
 * exactly as a killed process would leave it.
 */
final class CrashingStore extends ForwardingGatewayStore {
  /** The simulated death of the process. */
  static final class Crash extends RuntimeException {
    Crash(int point) {
      super("simulated crash at point " + point, null, false, false);
    }
  }

  private static final Set<String> WRITES =
      Set.of(
          "store", "put", "remove", "delete", "record", "save", "markUploaded", "deleteOlderThan");

  private final AtomicInteger points = new AtomicInteger();
  private volatile int crashAt;

  CrashingStore(GatewayStore delegate) {
    super(delegate);
  }

  /** Starts numbering points from 1 and crashes at point {@code n} (0: never). */
  void crashAt(int n) {
    points.set(0);
    crashAt = n;
  }

  /** The points passed since the last {@link #crashAt}. */
  int points() {
    return points.get();
  }

  @Override
  public DeviceStore device(String sessionId) {
    return counting(DeviceStore.class, delegate.device(sessionId));
  }

  @Override
  public <T> T inTransaction(String sessionId, TransactionWork<T> work) {
    T result =
        delegate.inTransaction(
            sessionId,
            tx -> {
              T done = work.run(counting(DeviceStore.class, tx));
              point(); // before the commit: the whole transaction rolls back
              return done;
            });
    point(); // right after the commit, before the caller goes on
    return result;
  }

  private void point() {
    int n = points.incrementAndGet();
    if (n == crashAt) {
      throw new Crash(n);
    }
  }

  /** A view of {@code target} whose narrow stores count their writes as points. */
  private <T> T counting(Class<T> type, T target) {
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              Object result = call(method, target, args);
              Class<?> returned = method.getReturnType();
              if (type == DeviceStore.class
                  && returned.isInterface()
                  && returned.getPackage() == DeviceStore.class.getPackage()) {
                return narrow(returned, result);
              }
              if (type != DeviceStore.class && WRITES.contains(method.getName())) {
                point();
              }
              return result;
            });
    return type.cast(proxy);
  }

  private <N> N narrow(Class<N> type, Object target) {
    return counting(type, type.cast(target));
  }

  private static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
