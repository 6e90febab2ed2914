package dev.wagateway.client.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consistency rules of the server's OpenAPI document (the contract the server and the SDK are built
 * from): operation ids, error shapes per family, references, event types, Retry-After.
 */
class OpenApiDocumentTest {
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head", "options");
  private static String json;
  private static Spec spec;

  @BeforeAll
  static void load() throws Exception {
    json =
        Files.readString(
            Path.of(
                "..",
                "gateway-server",
                "src",
                "main",
                "resources",
                "dev",
                "wagateway",
                "server",
                "openapi.json"),
            StandardCharsets.UTF_8);
    spec = Spec.parse(json);
  }

  private static List<Map.Entry<String, Map<String, Object>>> operations() {
    List<Map.Entry<String, Map<String, Object>>> ops = new ArrayList<>();
    Spec.optMap(spec.root(), "paths")
        .forEach(
            (path, item) -> {
              Map<String, Object> m = Spec.asMap(item, path);
              for (String method : METHODS) {
                if (m.containsKey(method)) {
                  ops.add(
                      Map.entry(
                          method.toUpperCase() + " " + path, Spec.asMap(m.get(method), path)));
                }
              }
            });
    return ops;
  }

  @Test
  void isOpenApi303WithUniqueOperationIds() {
    assertEquals("3.0.3", spec.root().get("openapi"));
    Set<String> ids = new HashSet<>();
    for (var op : operations()) {
      String id = (String) op.getValue().get("operationId");
      assertNotNull(id, op.getKey());
      assertTrue(ids.add(id), "duplicate " + id);
      assertTrue(id.matches("[a-z][A-Za-z0-9]*"), id);
    }
    assertEquals(47, ids.size()); // 43 + the four demo-only operations (x-demo-only)
  }

  @Test
  void everyReferenceResolves() {
    Matcher m = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/(\\w+)/(\\w+)\"").matcher(json);
    int count = 0;
    while (m.find()) {
      Map<String, Object> section = Spec.optMap(Spec.optMap(spec.root(), "components"), m.group(1));
      assertNotNull(section, m.group());
      assertTrue(section.containsKey(m.group(2)), m.group());
      count++;
    }
    assertTrue(count > 100, "references found: " + count);
  }

  @Test
  void errorResponsesUseTheirFamilysShape() {
    for (var op : operations()) {
      String path = op.getKey().substring(op.getKey().indexOf(' ') + 1);
      String expected =
          path.startsWith("/api/v1/") ? "ErrorResponse" : path.startsWith("/v1/") ? "Error" : null;
      Map<String, Object> responses = Spec.optMap(op.getValue(), "responses");
      for (var r : responses.entrySet()) {
        if (r.getKey().startsWith("2")) {
          continue;
        }
        assertNotNull(expected, op.getKey() + " has error responses but no error family");
        Map<String, Object> response = spec.deref(Spec.asMap(r.getValue(), r.getKey()));
        Map<String, Object> schema =
            Spec.optMap(
                Spec.asMap(Spec.optMap(response, "content").get("application/json"), "json"),
                "schema");
        assertEquals(
            "#/components/schemas/" + expected, schema.get("$ref"), op.getKey() + " " + r.getKey());
        if (r.getKey().equals("429") || r.getKey().equals("503")) {
          assertTrue(
              Spec.optMap(response, "headers").containsKey("Retry-After"),
              op.getKey() + " " + r.getKey());
        }
      }
      if (expected != null) {
        assertTrue(responses.containsKey("401"), op.getKey() + " must document 401");
      }
    }
  }

  @Test
  void onlyHealthAndTheDocumentAreUnauthenticated() {
    Set<String> open = new LinkedHashSet<>();
    for (var op : operations()) {
      Object security = op.getValue().get("security");
      if (security instanceof List<?> l && l.isEmpty()) {
        open.add(op.getKey());
      }
    }
    assertEquals(Set.of("GET /healthz", "GET /openapi.json"), open);
    assertEquals(List.of(Map.of("bearerAuth", List.of())), spec.root().get("security"));
  }

  @Test
  void eventTypesAgreeEverywhere() {
    Map<String, Object> events =
        operations().stream()
            .filter(o -> o.getKey().equals("GET /api/v1/events"))
            .findFirst()
            .orElseThrow()
            .getValue();
    List<String> listed = new ArrayList<>();
    for (Object o : Spec.optList(events, "x-event-types")) {
      Map<String, Object> entry = Spec.asMap(o, "x-event-types");
      String type = (String) entry.get("type");
      String schemaName = Spec.schemaRefName((String) entry.get("schema"));
      Map<String, Object> typeProp =
          Spec.asMap(Spec.optMap(spec.schema(schemaName), "properties").get("type"), schemaName);
      assertEquals(List.of(type), typeProp.get("enum"), schemaName);
      assertTrue(
          Spec.optList(spec.schema(schemaName), "required")
              .containsAll(List.of("type", "id", "occurredAt")),
          schemaName);
      listed.add(type);
    }
    assertEquals(
        List.of(
            "session.status",
            "auth.qr",
            "auth.pairing_code",
            "auth.paired",
            "auth.logged_out",
            "message.received",
            "message.sent",
            "message.delivered",
            "message.read",
            "message.failed",
            "egress.node.status",
            "webhook.dead_lettered"),
        listed);
    assertEquals(listed, Spec.optList(spec.schema("EventType"), "enum"));
    Map<String, Object> mapping =
        Spec.optMap(Spec.optMap(spec.schema("Event"), "discriminator"), "mapping");
    // webhook.test is a webhook body only (never on the stream, not subscribable)
    List<String> bodies = new ArrayList<>(listed);
    bodies.add("webhook.test");
    assertEquals(bodies, new ArrayList<>(mapping.keySet()));
    assertTrue(
        Spec.optMap(Spec.asMap(Spec.optMap(events, "responses").get("200"), "200"), "content")
            .containsKey("text/event-stream"));
  }

  @Test
  void seedSchemasKeepTheirNamesAndShapes() {
    for (String name :
        List.of(
            "WhatsAppAltSession",
            "WhatsAppAltEgressNode",
            "WhatsAppAltPairing",
            "WhatsAppAltEgressInput",
            "WhatsAppAltEgressSpec",
            "WhatsAppAltEgressKind",
            "WhatsAppAltSessionStatus",
            "WhatsAppAltEgressNodeStatus",
            "WhatsAppAltSessionCreateRequest",
            "WhatsAppAltSessionResponse",
            "WhatsAppAltEgressNodeCreateRequest",
            "WhatsAppAltEgressNodePairingResponse",
            "Error")) {
      assertNotNull(spec.schemas().get(name), name);
    }
    assertEquals(
        List.of("external", "android"),
        Spec.optList(
            Spec.asMap(
                Spec.optMap(spec.schema("WhatsAppAltEgressInput"), "properties").get("kind"),
                "kind"),
            "enum"));
    assertEquals(
        200.0,
        Spec.asMap(
                Spec.optMap(spec.schema("WhatsAppAltSessionCreateRequest"), "properties")
                    .get("displayName"),
                "d")
            .get("maxLength"));
    assertEquals(
        List.of("disconnected", "initializing", "qr_ready", "authenticating", "ready", "failed"),
        Spec.optList(spec.schema("WhatsAppAltSessionStatus"), "enum"));
    assertFalse(Spec.optList(spec.schema("Error"), "required").contains("details"));
  }
}
