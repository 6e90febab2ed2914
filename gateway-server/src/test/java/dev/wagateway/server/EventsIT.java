package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.server.internal.session.SessionService.IdentityView;
import dev.wagateway.server.internal.session.SessionService.NewSessionSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE stream: org scope, filters, ids, Last-Event-ID resume (also across a restart, from the
 * persisted log), the events-missed comment, heartbeats.
 */
class EventsIT {
  private TestServer t;

  @BeforeEach
  void start() throws Exception {
    t = new TestServer();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** One SSE frame. */
  record Frame(long id, String event, Map<String, Object> data) {}

  /** Reads frames until {@code count} arrived (heartbeats are counted separately). */
  static final class Stream implements AutoCloseable {
    final Response response;
    final BufferedReader reader;
    int heartbeats;
    final List<String> comments = new ArrayList<>();

    Stream(TestServer t, String query, String lastEventId) throws IOException {
      Request.Builder rb =
          new Request.Builder()
              .url(t.url("/api/v1/events" + query))
              .header("Authorization", "Bearer " + TestServer.ADMIN_KEY);
      if (lastEventId != null) {
        rb.header("Last-Event-ID", lastEventId);
      }
      response = t.http.newCall(rb.build()).execute();
      reader =
          new BufferedReader(
              new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    List<Frame> read(int count) throws IOException {
      List<Frame> frames = new ArrayList<>();
      long id = -1;
      String event = null;
      String data = null;
      String line;
      while (frames.size() < count && (line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            frames.add(
                new Frame(
                    id,
                    event,
                    (Map<String, Object>)
                        new Moshi.Builder().build().adapter(Object.class).fromJson(data)));
          }
          id = -1;
          event = null;
          data = null;
        } else if (line.startsWith(": heartbeat")) {
          heartbeats++;
        } else if (line.startsWith(":")) {
          comments.add(line);
        } else if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      return frames;
    }

    @Override
    public void close() {
      response.close();
    }
  }

  @Test
  void streamsFilteredEventsWithIdsAndResumes() throws Exception {
    var a = t.sessions.create(new NewSessionSpec("org_default", null, "a", null, true));
    var b = t.sessions.create(new NewSessionSpec("org_default", null, "b", null, true));
    var other = t.sessions.create(new NewSessionSpec("org_other", null, "x", null, true));
    long lastId;
    try (Stream s = new Stream(t, "?session=" + a.id() + "&types=auth.qr,auth.paired", null)) {
      assertEquals(200, s.response.code());
      assertTrue(s.response.header("Content-Type").startsWith("text/event-stream"));
      Instant exp = Instant.ofEpochMilli(1_900_000_000_000L);
      t.sessions.issueQr(b.id(), "b-qr", exp);
      t.sessions.issueQr(other.id(), "other-qr", exp);
      t.sessions.issueQr(a.id(), "qr-1", exp);
      t.sessions.issueQr(a.id(), "qr-2", exp);
      t.sessions.pair(a.id(), new IdentityView("1:2@s.whatsapp.net", null, 2, "1555000111", "A"));
      List<Frame> frames = s.read(3);
      assertEquals(
          List.of("auth.qr", "auth.qr", "auth.paired"), frames.stream().map(Frame::event).toList());
      assertEquals("qr-1", frames.get(0).data().get("code"));
      assertEquals(1.9e12, frames.get(0).data().get("expiresAt"));
      assertEquals("qr-2", frames.get(1).data().get("code"));
      assertEquals("1555000111", frames.get(2).data().get("phone"));
      for (Frame f : frames) {
        assertEquals(a.id(), f.data().get("sessionId"));
        assertEquals(Long.toString(f.id()), f.data().get("id"));
        assertEquals(f.event(), f.data().get("type"));
        assertTrue(f.data().containsKey("occurredAt"));
      }
      assertTrue(
          frames.get(0).id() < frames.get(1).id() && frames.get(1).id() < frames.get(2).id());
      lastId = frames.get(0).id();
    }
    // resume after the first QR: the rest is replayed, then live events follow
    try (Stream s =
        new Stream(t, "?session=" + a.id() + "&types=auth.qr,auth.paired", Long.toString(lastId))) {
      List<Frame> replay = s.read(2);
      assertEquals("qr-2", replay.get(0).data().get("code"));
      assertEquals("auth.paired", replay.get(1).event());
      t.sessions.issueQr(a.id(), "qr-3", Instant.now());
      assertEquals("qr-3", s.read(1).get(0).data().get("code"));
    }
    // unfiltered: session.status in gateway names, never another org's events
    try (Stream s = new Stream(t, "?types=session.status", "0")) {
      List<Frame> frames = s.read(4);
      for (Frame f : frames) {
        assertTrue(!other.id().equals(f.data().get("sessionId")));
        assertTrue(
            List.of("starting", "pairing", "connected").contains(f.data().get("status")),
            f.data().toString());
      }
      assertEquals("starting", frames.get(0).data().get("status"));
    }
  }

  @Test
  void heartbeatsKeepTheStreamAliveAndBadFiltersAre400() throws Exception {
    try (Stream s = new Stream(t, "", null)) {
      var a = t.sessions.create(new NewSessionSpec("org_default", null, "a", null, false));
      assertEquals("session.status", s.read(1).get(0).event());
      // nothing happens for longer than the heartbeat interval (300 ms): a comment line comes
      String line;
      while ((line = s.reader.readLine()) != null && !line.startsWith(": heartbeat")) {
        assertTrue(!line.startsWith("data: "), "no events while idle: " + line);
      }
      s.heartbeats++;
      t.sessions.issueQr(a.id(), "after-idle", Instant.now());
      assertEquals("after-idle", s.read(2).get(1).data().get("code"));
      assertTrue(s.heartbeats > 0, "a heartbeat comment within 5 s");
    }
    TestServer.Resp bad = t.admin("GET", "/api/v1/events?types=auth.qr,nope", null);
    assertEquals(400, bad.status());
    assertEquals("types", bad.errorDetails().get("field"));
    assertEquals(404, t.admin("GET", "/api/v1/events?session=sess_missing", null).status());
  }

  @Test
  void resumesAfterARestartFromThePersistedLog() throws Exception {
    Path dir = t.dataDir;
    var a = t.sessions.create(new NewSessionSpec("org_default", null, "a", null, true));
    List<Frame> before;
    try (Stream s = new Stream(t, "?types=auth.qr", null)) {
      Instant exp = Instant.ofEpochMilli(1_900_000_000_000L);
      t.sessions.issueQr(a.id(), "qr-1", exp);
      t.sessions.issueQr(a.id(), "qr-2", exp);
      t.sessions.issueQr(a.id(), "qr-3", exp);
      before = s.read(3);
      assertEquals(
          List.of("qr-1", "qr-2", "qr-3"), before.stream().map(f -> f.data().get("code")).toList());
    }
    t.close();
    t = new TestServer(b -> b.dataDir(dir));
    try (Stream s = new Stream(t, "?types=auth.qr", Long.toString(before.get(0).id()))) {
      List<Frame> replay = s.read(2);
      // the same events under the same ids, from the log written before the restart
      assertEquals(before.subList(1, 3), replay);
      assertTrue(
          s.comments.stream().noneMatch(c -> c.contains("events-missed")), s.comments.toString());
      var b = t.sessions.create(new NewSessionSpec("org_default", null, "b", null, true));
      t.sessions.issueQr(b.id(), "after-restart", Instant.now());
      Frame live = s.read(1).get(0);
      assertEquals("after-restart", live.data().get("code"));
      assertTrue(live.id() > before.get(2).id(), "ids keep increasing across the restart");
    }
    // an id this server never handed out: told so, then live events
    try (Stream s = new Stream(t, "?types=auth.qr", "999999999999")) {
      var c = t.sessions.create(new NewSessionSpec("org_default", null, "c", null, true));
      t.sessions.issueQr(c.id(), "live", Instant.now());
      assertEquals("live", s.read(1).get(0).data().get("code"));
      assertTrue(
          s.comments.stream().anyMatch(l -> l.startsWith(": events-missed")),
          s.comments.toString());
    }
  }

  @Test
  void anIdOlderThanTheRetainedLogIsToldItMissedEvents() throws Exception {
    Path dir = t.dataDir;
    t.close();
    ServerConfig.Events small = new ServerConfig.Events(3, 50, Duration.ofMillis(300));
    t = new TestServer(b -> b.dataDir(dir).events(small));
    var a = t.sessions.create(new NewSessionSpec("org_default", null, "a", null, true));
    List<Frame> all;
    try (Stream s = new Stream(t, "?types=auth.qr", null)) {
      for (int i = 1; i <= 6; i++) {
        t.sessions.issueQr(a.id(), "qr-" + i, Instant.now());
      }
      all = s.read(6);
    }
    t.close();
    // the restart prunes the organization's log down to its newest 3 events
    t = new TestServer(b -> b.dataDir(dir).events(small));
    try (Stream s = new Stream(t, "?types=auth.qr", Long.toString(all.get(0).id()))) {
      List<Frame> replay = s.read(3);
      assertEquals(all.subList(3, 6), replay);
      assertEquals(
          1,
          s.comments.stream().filter(l -> l.startsWith(": events-missed")).count(),
          s.comments.toString());
    }
    // resuming inside the retained window is complete: no comment
    try (Stream s = new Stream(t, "?types=auth.qr", Long.toString(all.get(3).id()))) {
      assertEquals(all.subList(4, 6), s.read(2));
      assertTrue(
          s.comments.stream().noneMatch(l -> l.startsWith(": events-missed")),
          s.comments.toString());
    }
  }
}
