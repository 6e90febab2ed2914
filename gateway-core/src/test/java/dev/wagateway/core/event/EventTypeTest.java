package dev.wagateway.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventTypeTest {
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void everyRecordHasExactlyOneType() {
    Class<?>[] records = SessionEvent.class.getPermittedSubclasses();
    assertEquals(records.length, EventType.values().length, "one type per record");
    Set<Class<?>> covered = new HashSet<>();
    for (EventType type : EventType.values()) {
      assertTrue(covered.add(type.record()), type + " names a record another type names");
      assertTrue(type.record().isRecord(), type.record().getName());
    }
    assertEquals(Set.of(records), covered);
  }

  @Test
  void wireNamesAreUniqueAndParseBack() {
    Set<String> seen = new HashSet<>();
    for (EventType type : EventType.values()) {
      assertTrue(seen.add(type.wireName()), type.wireName());
      assertTrue(type.wireName().matches("[a-z]+(\\.[a-z_]+)+"), type.wireName());
      assertSame(type, EventType.fromWireName(type.wireName()));
    }
    assertEquals(Optional.empty(), EventType.find("Auth.QR"));
    ValidationException e =
        assertThrows(ValidationException.class, () -> EventType.fromWireName("auth.nope"));
    assertEquals("unknown event type: auth.nope", e.getMessage());
  }

  @Test
  void eventsReportTheirTypeInJsonAndFilters() {
    QrCodeIssued qr = new QrCodeIssued("s1", AT, "2@ref", AT.plusSeconds(20));
    Disconnected gone = new Disconnected("s1", AT, "stopped", false);
    assertSame(EventType.AUTH_QR, qr.eventType());
    assertEquals("auth.qr", qr.type());
    assertEquals("session.disconnected", gone.type());
    assertEquals("auth.qr", SessionEvents.toMap(qr).get("type"));

    SessionEventFilter onlyQr = new SessionEventFilter("s1", Set.of(EventType.AUTH_QR));
    assertEquals(List.of(true, false), List.of(onlyQr.test(qr), onlyQr.test(gone)));
    assertTrue(SessionEventFilter.all().test(gone));
  }
}
