package dev.wagateway.server.internal.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A total deadline for a request's headers: a connection that has not delivered a complete request
 * head within {@code first} of opening, or within {@code next} of finishing its previous response
 * (a keep-alive connection may rest that long between requests), is closed. Jetty's idle timeout
 * alone only bounds the gap between two bytes, so a client sending one header byte every few
 * seconds would keep its connection for ever. Register it as a connection listener on the connector
 * and put {@link #wrap} outermost.
 */
public final class HeaderDeadline implements Connection.Listener {
  private final Scheduler scheduler;
  private final long firstMillis;
  private final long nextMillis;
  private final Map<Connection, State> states = new ConcurrentHashMap<>();

  public HeaderDeadline(Scheduler scheduler, Duration first, Duration next) {
    this.scheduler = scheduler;
    this.firstMillis = first.toMillis();
    this.nextMillis = next.toMillis();
  }

  private static final class State {
    private long generation;
    private boolean inRequest;
  }

  @Override
  public void onOpened(Connection connection) {
    State state = new State();
    states.put(connection, state);
    arm(connection, state, 0, firstMillis);
  }

  @Override
  public void onClosed(Connection connection) {
    states.remove(connection);
  }

  private void arm(Connection connection, State state, long generation, long delayMillis) {
    scheduler.schedule(
        () -> {
          synchronized (state) {
            if (state.inRequest || state.generation != generation) {
              return;
            }
          }
          // An upgraded connection (the egress agents' WebSocket) owns the endpoint now.
          if (connection.getEndPoint().getConnection() == connection) {
            connection.getEndPoint().close();
          }
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  /** {@code next} with each request's arrival and completion reported to this deadline. */
  public Handler wrap(Handler next) {
    return new Handler.Wrapper(next) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        State state = states.get(connection);
        if (state == null) {
          return super.handle(request, response, callback);
        }
        synchronized (state) {
          state.inRequest = true;
          state.generation++;
        }
        Callback.Nested rearm =
            new Callback.Nested(callback) {
              @Override
              public void completed() {
                long generation;
                synchronized (state) {
                  state.inRequest = false;
                  generation = ++state.generation;
                }
                arm(connection, state, generation, nextMillis);
              }
            };
        if (super.handle(request, response, rearm)) {
          return true;
        }
        rearm.completed();
        return false;
      }
    };
  }
}
