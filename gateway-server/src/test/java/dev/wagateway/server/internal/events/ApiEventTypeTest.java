package dev.wagateway.server.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.event.EventType;
import dev.wagateway.server.internal.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiEventTypeTest {
  /**
   * Core events the API has no shape for: the server does not forward them. session.degraded,
   * call.received and call.ended (issue 14) wait for their OpenAPI schemas.
   */
  private static final Set<EventType> NOT_CARRIED =
      EnumSet.of(
          EventType.SESSION_DISCONNECTED,
          EventType.MESSAGE_UNDECRYPTABLE,
          EventType.SESSION_DEGRADED,
          EventType.CALL_RECEIVED,
          EventType.CALL_ENDED);

  @Test
  void everyCoreTypeIsCarriedOnceOrNamedAsNotCarried() {
    for (EventType core : EventType.values()) {
      Optional<ApiEventType> api = ApiEventType.of(core);
      assertEquals(!NOT_CARRIED.contains(core), api.isPresent(), core.name());
      api.ifPresent(t -> assertEquals(core.wireName(), t.wireName()));
    }
    Set<EventType> carried = new HashSet<>();
    for (ApiEventType type : ApiEventType.values()) {
      type.core().ifPresent(core -> assertTrue(carried.add(core), core.name()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void wireNamesAreTheOpenApiDocumentsEventTypes() throws IOException {
    Map<String, Object> doc;
    try (InputStream in =
        ApiEventTypeTest.class.getResourceAsStream("/dev/wagateway/server/openapi.json")) {
      assertNotNull(in, "openapi.json on the class path");
      doc = Json.readObject(in.readAllBytes());
    }
    Map<String, Object> schemas =
        (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
    List<String> documented =
        (List<String>) ((Map<String, Object>) schemas.get("EventType")).get("enum");
    assertEquals(documented, List.copyOf(ApiEventType.wireNames()));
    Map<String, Object> discriminator =
        (Map<String, Object>) ((Map<String, Object>) schemas.get("Event")).get("discriminator");
    // the Event union also has webhook.test: delivered by POST /webhooks/{id}:test, never a type
    // anyone subscribes to, so not in EventType
    Set<String> shapes = new HashSet<>(documented);
    shapes.add("webhook.test");
    assertEquals(shapes, ((Map<String, Object>) discriminator.get("mapping")).keySet());
    for (ApiEventType type : ApiEventType.values()) {
      assertEquals(Optional.of(type), ApiEventType.find(type.wireName()));
    }
    assertEquals(Optional.empty(), ApiEventType.find("session.disconnected"));
  }
}
