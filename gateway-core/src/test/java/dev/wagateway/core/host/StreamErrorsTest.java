package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.wire.BinaryNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamErrorsTest {
  private static BinaryNode streamError(String code, String conflictType) {
    BinaryNode.Builder b = BinaryNode.newBuilder("stream:error");
    if (code != null) {
      b.attr("code", code);
    }
    if (conflictType != null) {
      b.child(BinaryNode.of("conflict", Map.of("type", conflictType)));
    }
    return b.build();
  }

  @Test
  void restartRequiredReconnectsAtOnce() {
    Disconnect d = StreamErrors.fromStreamError(streamError("515", null));
    assertEquals(Disconnect.Kind.RESTART, d.kind());
    assertEquals("restart_required", d.reason());
    assertNull(d.lastError());
    assertTrue(d.kind().reconnects());
  }

  @Test
  void serviceUnavailableIsRetried() {
    Disconnect d = StreamErrors.fromStreamError(streamError("503", null));
    assertEquals(Disconnect.Kind.TRANSIENT, d.kind());
    assertEquals("connection_failed: stream error 503", d.lastError());
  }

  @Test
  void deviceRemovedIsLoggedOut() {
    Disconnect d = StreamErrors.fromStreamError(streamError("401", "device_removed"));
    assertEquals(Disconnect.Kind.LOGGED_OUT, d.kind());
    assertEquals("device_removed", d.reason());
    assertTrue(d.lastError().startsWith("logged_out: "));
  }

  @Test
  void bare401IsLoggedOut() {
    assertEquals(
        Disconnect.Kind.LOGGED_OUT, StreamErrors.fromStreamError(streamError("401", null)).kind());
  }

  @Test
  void replacedConflictDoesNotReconnect() {
    Disconnect d = StreamErrors.fromStreamError(streamError(null, "replaced"));
    assertEquals(Disconnect.Kind.REPLACED, d.kind());
    assertTrue(d.lastError().startsWith("replaced: "));
    assertEquals(false, d.kind().reconnects());
  }

  @Test
  void unknownCodeIsRetried() {
    Disconnect d = StreamErrors.fromStreamError(streamError("599", null));
    assertEquals(Disconnect.Kind.TRANSIENT, d.kind());
    assertEquals("stream_error_599", d.reason());
  }

  @Test
  void failureReasons() {
    assertEquals(Disconnect.Kind.LOGGED_OUT, failure("401").kind());
    assertEquals(Disconnect.Kind.LOGGED_OUT, failure("403").kind());
    assertEquals(Disconnect.Kind.LOGGED_OUT, failure("406").kind());
    assertEquals(Disconnect.Kind.TRANSIENT, failure("500").kind());
    assertEquals(Disconnect.Kind.TRANSIENT, failure("503").kind());
    assertEquals(Disconnect.Kind.CLIENT_OUTDATED, failure("405").kind());
    assertTrue(failure("405").lastError().startsWith("client version refused: "));
    assertTrue(failure("405").lastError().contains("client outdated"));
    // only logouts, bans and an outdated client end a session: everything else is retried
    for (String other : new String[] {"400", "409", "413", "418", "501", "599", "junk"}) {
      assertEquals(Disconnect.Kind.TRANSIENT, failure(other).kind(), other);
    }
    assertTrue(failure("409").lastError().contains("bad user agent"));
    Disconnect ban =
        StreamErrors.fromFailure(
            BinaryNode.of("failure", Map.of("reason", "402", "code", "101", "expire", "3600")));
    assertEquals(Disconnect.Kind.TEMPORARILY_BANNED, ban.kind());
    assertEquals("temporarily_banned: reason 101, expires in 3600 s", ban.lastError());
  }

  @Test
  void transportCloses() {
    Disconnect egress =
        StreamErrors.fromClose(
            new CloseReason(
                CloseReason.Kind.EGRESS_UNAVAILABLE, "egress_unavailable", "proxy down"));
    assertEquals(Disconnect.Kind.EGRESS_UNAVAILABLE, egress.kind());
    assertEquals("egress_unavailable: proxy down", egress.lastError());
    Disconnect remote =
        StreamErrors.fromClose(new CloseReason(CloseReason.Kind.REMOTE_CLOSED, "1000", "bye"));
    assertEquals(Disconnect.Kind.TRANSIENT, remote.kind());
    assertTrue(remote.lastError().startsWith("connection_failed: "));
    assertEquals(Disconnect.Kind.TRANSIENT, StreamErrors.streamEnd().kind());
  }

  private static Disconnect failure(String reason) {
    return StreamErrors.fromFailure(BinaryNode.of("failure", Map.of("reason", reason)));
  }
}
