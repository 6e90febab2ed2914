package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.EventLog.StoredEvent;
import dev.wagateway.server.internal.http.Exchange;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of the caller's organization, filtered by {@code
 * session} and {@code types}. Each event has an {@code id}; {@code Last-Event-ID} replays what the
 * log still holds after it (without it the stream is live only), preceded by an {@code
 * events-missed} comment when the log no longer holds all of it. A comment line every heartbeat
 * interval keeps proxies from timing out.
 */
final class EventsApi {
  /**
   * The SSE comment sent first when the server can no longer replay everything after the client's
   * {@code Last-Event-ID} (documented in openapi.json).
   */
  static final String MISSED_COMMENT = "events-missed";

  /** The reconnect delay suggested to clients (the SSE {@code retry} field). */
  static final int RETRY_MILLIS = 3000;

  private final ApiContext ctx;

  EventsApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  List<Route> routes() {
    return List.of(new Route("GET", "/api/v1/events", Capability.READ, this::stream));
  }

  private Reply stream(Exchange ex) throws IOException, InterruptedException {
    String session = ex.query("session");
    if (session != null) {
      ctx.session(ex.principal(), session);
    }
    Set<String> types = new LinkedHashSet<>();
    String rawTypes = ex.query("types");
    if (rawTypes != null) {
      for (String t : rawTypes.split(",")) {
        String type = t.strip();
        ApiEventType known =
            ApiEventType.find(type)
                .orElseThrow(() -> ApiException.validation("types", "unknown event type: " + type));
        types.add(known.wireName());
      }
    }
    long lastEventId = -1;
    String rawLast = ex.header("Last-Event-ID");
    if (rawLast != null && !rawLast.isBlank()) {
      try {
        lastEventId = Long.parseLong(rawLast.strip());
      } catch (NumberFormatException e) {
        lastEventId = -1;
      }
      if (lastEventId < 0) {
        throw ApiException.validation("Last-Event-ID", "Last-Event-ID must be an event id");
      }
    }
    EventHub hub = ctx.events();
    EventHub.Subscriber subscriber =
        hub.subscribe(ex.principal().orgId(), session, Set.copyOf(types));
    try {
      ex.response().setStatus(200);
      ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
      ex.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      ex.response().getHeaders().put("X-Accel-Buffering", "no");
      OutputStream out = Content.Sink.asOutputStream(ex.response());
      write(out, "retry: " + RETRY_MILLIS + "\n: connected\n\n");
      // without Last-Event-ID the stream is live only; an id never handed out resumes live too
      long sent = subscriber.startId();
      if (lastEventId >= 0) {
        EventHub.Resume resume = hub.resume(subscriber, lastEventId);
        if (resume == EventHub.Resume.UNKNOWN) {
          write(out, ": " + MISSED_COMMENT + " (unknown Last-Event-ID)\n\n");
        } else {
          if (resume == EventHub.Resume.MISSED) {
            write(out, ": " + MISSED_COMMENT + " (Last-Event-ID too old)\n\n");
          }
          hub.replay(subscriber, lastEventId, e -> write(out, frame(e)));
        }
      }
      long quietSince = System.nanoTime();
      while (!hub.isClosed() && !subscriber.overflowed()) {
        // short polls so a closing hub ends the stream promptly
        StoredEvent e = subscriber.poll(Math.min(250, ctx.heartbeatMillis()));
        if (e == null) {
          if (System.nanoTime() - quietSince >= ctx.heartbeatMillis() * 1_000_000L) {
            write(out, ": heartbeat\n\n");
            quietSince = System.nanoTime();
          }
        } else if (e.id() > sent) {
          quietSince = System.nanoTime();
          write(out, frame(e));
          sent = e.id();
        }
      }
      out.close();
    } catch (IOException e) {
      // the client went away
    } finally {
      hub.unsubscribe(subscriber);
    }
    return Reply.STREAMED;
  }

  private static String frame(StoredEvent e) {
    return "id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + e.json() + "\n\n";
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
