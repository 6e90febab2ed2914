package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.events.EventLog.StoredEvent;
import dev.wagateway.server.internal.http.ApiException;
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
 * log still holds after it. A comment line every heartbeat interval keeps proxies from timing out.
 */
final class EventsApi {
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
        if (!AdminApi.EVENT_TYPES.contains(type)) {
          throw ApiException.validation("types", "unknown event type: " + type);
        }
        types.add(type);
      }
    }
    long lastEventId = 0;
    String rawLast = ex.header("Last-Event-ID");
    if (rawLast != null && !rawLast.isBlank()) {
      try {
        lastEventId = Long.parseLong(rawLast.strip());
      } catch (NumberFormatException e) {
        throw ApiException.validation("Last-Event-ID", "Last-Event-ID must be an event id");
      }
    }
    EventHub hub = ctx.events();
    EventHub.Subscriber subscriber = hub.subscribe(ex.principal().orgId(), session, Set.copyOf(types));
    try {
      ex.response().setStatus(200);
      ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
      ex.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      ex.response().getHeaders().put("X-Accel-Buffering", "no");
      OutputStream out = Content.Sink.asOutputStream(ex.response());
      write(out, ": connected\n\n");
      long sent = lastEventId;
      for (StoredEvent e : hub.replay(subscriber, lastEventId)) {
        write(out, frame(e));
        sent = e.id();
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
