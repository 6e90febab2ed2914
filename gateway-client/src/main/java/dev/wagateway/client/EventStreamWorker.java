package dev.wagateway.client;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import dev.wagateway.client.model.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One event subscription: a thread that opens the stream, parses it, hands typed events to the
 * listener and reconnects with {@code Last-Event-ID} until closed. 429, 5xx and network failures
 * reconnect (after {@code Retry-After}, the server's {@code retry:} delay, or backoff); any other
 * error answer (401, 403, 404, 400) ends the subscription.
 */
final class EventStreamWorker implements EventSubscription, Runnable {
  private final OkHttpClient http;
  private final Function<String, Request> requestFactory;
  private final HttpCore core;
  private final JsonAdapter<Event> events;
  private final EventListener listener;
  private final RetryPolicy reconnect;
  private final RandomGenerator random;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile Call current;
  private volatile String lastEventId;
  private volatile long serverRetryMillis = -1;

  EventStreamWorker(
      OkHttpClient http,
      Function<String, Request> requestFactory,
      HttpCore core,
      EventListener listener,
      RetryPolicy reconnect,
      RandomGenerator random,
      String lastEventId) {
    this.http = http;
    this.requestFactory = requestFactory;
    this.core = core;
    this.events = core.moshi().adapter(Event.class);
    this.listener = listener;
    this.reconnect = reconnect;
    this.random = random;
    this.lastEventId = lastEventId;
  }

  /** Starts the worker on a new daemon thread. */
  EventStreamWorker start() {
    Thread t = new Thread(this, "wagateway-events");
    t.setDaemon(true);
    t.start();
    return this;
  }

  @Override
  public void run() {
    int failures = 0;
    try {
      while (!closed) {
        Duration wait;
        Call call = http.newCall(requestFactory.apply(lastEventId));
        current = call;
        if (closed) {
          call.cancel();
          break;
        }
        try (Response response = call.execute()) {
          if (!response.isSuccessful()) {
            WagatewayApiException error = core.toException(response);
            boolean retry = response.code() == 429 || response.code() >= 500;
            notifyError(error, retry && !closed);
            if (!retry) {
              break;
            }
            wait = error.retryAfter().orElse(backoff(failures++));
          } else {
            failures = 0;
            try {
              listener.onOpen();
            } catch (RuntimeException e) {
              notifyError(new WagatewayException("event listener failed on open", e), true);
            }
            ResponseBody body = response.body();
            if (body != null) {
              SseReader reader = new SseReader(lastEventId, new Dispatch());
              reader.readAll(body.source());
            }
            wait = serverRetryMillis >= 0 ? Duration.ofMillis(serverRetryMillis) : backoff(0);
          }
        } catch (IOException e) {
          if (closed) {
            break;
          }
          notifyError(
              new WagatewayIoException(
                  "event stream: "
                      + e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : " " + e.getMessage()),
                  e),
              true);
          wait =
              serverRetryMillis >= 0 && failures == 0
                  ? Duration.ofMillis(serverRetryMillis)
                  : backoff(failures);
          failures++;
        }
        if (stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closed = true;
      finished.countDown();
      try {
        listener.onClosed();
      } catch (RuntimeException ignored) {
        // the subscription is over either way
      }
    }
  }

  private Duration backoff(int attempt) {
    return Backoff.exponential(attempt, reconnect.initialDelay(), reconnect.maxDelay(), random);
  }

  private void notifyError(WagatewayException error, boolean willRetry) {
    try {
      listener.onError(error, willRetry);
    } catch (RuntimeException ignored) {
      // a failing listener must not stop the stream
    }
  }

  /** Decodes each message and hands it to the listener; records the id for resumption. */
  private final class Dispatch implements SseReader.Handler {
    @Override
    public void onMessage(String id, String eventType, String data) {
      lastEventId = id;
      if (closed) {
        return;
      }
      Event event;
      try {
        event = events.fromJson(data);
      } catch (JsonDataException | IOException e) {
        try {
          listener.onUnknownEvent(eventType, data);
        } catch (RuntimeException ignored) {
          // a failing listener must not stop the stream
        }
        return;
      }
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        notifyError(new WagatewayException("event listener failed on " + eventType, e), true);
      }
    }

    @Override
    public void onRetry(long millis) {
      serverRetryMillis = millis;
    }
  }

  @Override
  public String lastEventId() {
    return lastEventId;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    stop.countDown();
    Call call = current;
    if (call != null) {
      call.cancel();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
